import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { queueOwnershipBackfill } from "~/customer-account/ownership-backfill.server";
import { ensureJobRunner } from "~/job-handlers.server";
import { queueLiveReturns } from "~/returns/mirror.server";
import { RETURNS_SCOPE } from "~/shopify/returns.server";
import { forgetCachedSessions } from "~/shopify/session-storage.server";
import { authenticateWebhook, handleOnce, methodNotAllowed } from "~/shopify/webhooks.server";

const payload = z.object({ current: z.array(z.string()) });

/**
 * The merchant granted or revoked (optional) scopes. The stored session and the
 * shop record follow, so pages that offer "request access" show the truth. A grant that now
 * holds read_customers queues the job that reads whose order it is for orders imported without it;
 * one that holds write_returns queues the live returns not yet written into Shopify.
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
  // read_customers granted: orders imported without it learn whose they are, in a job (docs/customer-accounts.md).
  if (await queueOwnershipBackfill(webhook.shop, parsed.data.current)) ensureJobRunner();
  // write_returns granted with "Show SEKO returns in Shopify" on: returns SEKO reported before are written too (docs/returns-in-shopify.md).
  if (parsed.data.current.includes(RETURNS_SCOPE) && (await queueLiveReturns(webhook.shop))) ensureJobRunner();
  return new Response();
};

// A GET (a browser, a probe) is answered 405 naming POST, not with Remix's "no loader" error and its stack trace.
export const loader = () => methodNotAllowed();
