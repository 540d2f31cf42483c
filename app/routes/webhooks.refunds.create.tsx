import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveRefundWebhook } from "~/shopify/order-sync-webhooks.server";

/**
 * refunds/create: the refunded order is read again from Shopify (quantities
 * left to return change). Replays are harmless: the event id is recorded once,
 * and re-reading an order writes its current state, never an older one.
 */
export const action = ({ request }: ActionFunctionArgs) => receiveRefundWebhook(request);
