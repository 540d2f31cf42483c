import type { ActionFunctionArgs } from "@remix-run/node";
import { ensureJobRunner } from "~/job-handlers.server";
import { receiveOrderWebhook } from "~/shopify/order-sync-webhooks.server";
import { methodNotAllowed } from "~/shopify/webhooks.server";

/**
 * orders/create: a new order. The order is queued and written after the response.
 * Replays are harmless: the event id is recorded once, and a copy older than
 * the stored order (Shopify's updated_at) never overwrites it.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const response = await receiveOrderWebhook(request);
  // The runner applies the queued work a moment later (started once per process, with every job handler).
  ensureJobRunner();
  return response;
};

// A GET (a browser, a probe) is answered 405 naming POST, not with Remix's "no loader" error and its stack trace.
export const loader = () => methodNotAllowed();
