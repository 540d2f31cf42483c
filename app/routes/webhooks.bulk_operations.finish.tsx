import type { ActionFunctionArgs } from "@remix-run/node";
import { ensureJobRunner } from "~/job-handlers.server";
import { receiveBulkFinishWebhook } from "~/shopify/order-sync-webhooks.server";

/**
 * bulk_operations/finish: the backfill's export is ready; check it now rather
 * than at the next poll. Replays are harmless: it only moves the next check
 * forward, and the check reads the operation's real status.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const response = await receiveBulkFinishWebhook(request);
  // The runner applies the queued work a moment later (started once per process, with every job handler).
  ensureJobRunner();
  return response;
};
