import type { ActionFunctionArgs } from "@remix-run/node";
import { ensureJobRunner } from "~/job-handlers.server";
import { receiveRefundWebhook } from "~/shopify/order-sync-webhooks.server";
import { methodNotAllowed } from "~/shopify/webhooks.server";

/**
 * refunds/create: the refunded order is read again from Shopify (quantities
 * left to return change). Replays are harmless: the event id is recorded once,
 * and re-reading an order writes its current state, never an older one.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const response = await receiveRefundWebhook(request);
  // The runner applies the queued work a moment later (started once per process, with every job handler).
  ensureJobRunner();
  return response;
};

// A GET (a browser, a probe) is answered 405 naming POST, not with Remix's "no loader" error and its stack trace.
export const loader = () => methodNotAllowed();
