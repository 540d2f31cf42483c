import type { ActionFunctionArgs } from "@remix-run/node";
import { ensureJobRunner } from "~/job-handlers.server";
import { receiveBulkFinishWebhook } from "~/shopify/order-sync-webhooks.server";
import { methodNotAllowed } from "~/shopify/webhooks.server";

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

// A GET (a browser, a probe) is answered 405 naming POST, not with Remix's "no loader" error and its stack trace.
export const loader = () => methodNotAllowed();
