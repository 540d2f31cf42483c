import type { ActionFunctionArgs } from "@remix-run/node";
import { redactShop } from "~/privacy/compliance.server";
import { forgetCachedSessions } from "~/shopify/session-storage.server";
import { authenticateWebhook, handleOnce, methodNotAllowed } from "~/shopify/webhooks.server";

/**
 * 48 hours after uninstall: erase everything held for the shop. Replays are
 * harmless: the event id is recorded, and erasing twice erases nothing more.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request);
  await handleOnce(webhook, async (tx) => {
    await redactShop(tx, webhook.shop);
  });
  forgetCachedSessions(webhook.shop);
  return new Response();
};

// A GET (a browser, a probe) is answered 405 naming POST, not with Remix's "no loader" error and its stack trace.
export const loader = () => methodNotAllowed();
