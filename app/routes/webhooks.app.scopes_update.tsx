import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { forgetCachedSessions } from "~/shopify/session-storage.server";
import { authenticateWebhook, handleOnce } from "~/shopify/webhooks.server";

const payload = z.object({ current: z.array(z.string()) });

/**
 * The merchant granted or revoked (optional) scopes. The stored session and the
 * shop record follow, so pages that offer "request access" show the truth.
 * Replays are harmless: the event id is recorded and the update is absolute.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request);
  const parsed = payload.safeParse(webhook.payload);
  if (!parsed.success) return new Response("Invalid payload", { status: 400 });
  const scope = parsed.data.current.join(",");
  await handleOnce(webhook, async (tx) => {
    await tx.session.updateMany({ where: { shop: webhook.shop }, data: { scope } });
    await tx.shop.updateMany({ where: { shop: webhook.shop }, data: { scopes: scope } });
  });
  forgetCachedSessions(webhook.shop);
  return new Response();
};
