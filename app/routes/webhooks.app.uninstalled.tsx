import type { ActionFunctionArgs } from "@remix-run/node";
import { forgetCachedSessions } from "~/shopify/session-storage.server";
import { authenticateWebhook, handleOnce, methodNotAllowed } from "~/shopify/webhooks.server";

/**
 * The access token is revoked the moment the app is uninstalled: drop the
 * sessions, mark the shop, keep its data until shop/redact (48 h later) so a
 * quick reinstall loses nothing. Replays are harmless: the event id is
 * recorded and deleting absent sessions changes nothing.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request);
  await handleOnce(webhook, async (tx) => {
    await tx.session.deleteMany({ where: { shop: webhook.shop } });
    await tx.shop.updateMany({ where: { shop: webhook.shop }, data: { uninstalledAt: new Date() } });
  });
  forgetCachedSessions(webhook.shop);
  return new Response();
};

// A GET (a browser, a probe) is answered 405 naming POST, not with Remix's "no loader" error and its stack trace.
export const loader = () => methodNotAllowed();
