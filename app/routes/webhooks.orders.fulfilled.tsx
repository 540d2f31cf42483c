import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveOrderWebhook } from "~/shopify/order-sync-webhooks.server";

/**
 * orders/fulfilled: a fulfilment, which starts the return window. The order is queued and written after the response.
 * Replays are harmless: the event id is recorded once, and a copy older than
 * the stored order (Shopify's updated_at) never overwrites it.
 */
export const action = ({ request }: ActionFunctionArgs) => receiveOrderWebhook(request);
