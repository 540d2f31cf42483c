import { orderedId } from "~/utils/ordered-id";
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db } from "~/utils/db.server";
import { sqliteConnection, sqliteDate } from "~/utils/sqlite.server";
import { authenticateWebhook, handleOnce, verifyWebhook, type WebhookContext } from "./webhooks.server";
import { bulkOperationFinished, enqueueRefundWebhook, parseOrderPayload, parseRefundPayload } from "./order-sync.server";
import { kickJobs, kickJobsSoon } from "~/utils/jobs.server";
import { noteOrderWebhook } from "./order-sync-config.server";

/**
 * handleOnce's guarantee without its interactive transaction, for the
 * high-volume order topics: the job (unique per event id, and only if the
 * event was never delivered) and the delivery record go in one batch, one
 * commit with no read before it and none of Prisma's per-query cost
 * (docs/decisions/005-order-sync.md). A replay finds the delivery record and
 * queues nothing; two copies racing meet the unique keys.
 */
async function queueOnce(webhook: Pick<WebhookContext, "shop" | "topic" | "eventId">, kind: "order", payload: unknown) {
  const { shop, topic, eventId } = webhook;
  const sqlite = sqliteConnection();
  if (sqlite) {
    const now = sqliteDate(new Date());
    await sqlite.batch(
      [
        {
          sql: `INSERT INTO "SyncJob" ("id", "shop", "kind", "key", "payload", "runAt", "attempts", "createdAt")
                SELECT ?, ?, ?, ?, ?, ?, 0, ?
                WHERE NOT EXISTS (SELECT 1 FROM "WebhookDelivery" WHERE "shop" = ? AND "topic" = ? AND "eventId" = ?)
                ON CONFLICT ("shop", "kind", "key") DO NOTHING`,
          args: [orderedId(), shop, kind, eventId, JSON.stringify(payload), now, now, shop, topic, eventId],
        },
        {
          sql: `INSERT INTO "WebhookDelivery" ("id", "shop", "topic", "eventId", "receivedAt") VALUES (?, ?, ?, ?, ?)
                ON CONFLICT ("shop", "topic", "eventId") DO NOTHING`,
          args: [orderedId(), shop, topic, eventId, now],
        },
      ],
      "write",
    );
    return;
  }
  const seen = await db.webhookDelivery.findUnique({ where: { shop_topic_eventId: { shop, topic, eventId } }, select: { id: true } });
  if (seen) return;
  const now = new Date();
  await db.$executeRaw(Prisma.sql`
    INSERT INTO "SyncJob" ("id", "shop", "kind", "key", "payload", "runAt", "attempts", "createdAt")
    VALUES (${orderedId()}, ${shop}, ${kind}, ${eventId}, ${JSON.stringify(payload)}, ${now}, 0, ${now})
    ON CONFLICT ("shop", "kind", "key") DO NOTHING`);
  await db.$executeRaw(Prisma.sql`
    INSERT INTO "WebhookDelivery" ("id", "shop", "topic", "eventId", "receivedAt")
    VALUES (${orderedId()}, ${shop}, ${topic}, ${eventId}, ${now})
    ON CONFLICT ("shop", "topic", "eventId") DO NOTHING`);
}

/**
 * The order topics' shared handling: authenticate, validate, queue the
 * work at most once per event id, answer. The order is written by the job
 * runner a moment later, together with the others that arrived meanwhile
 * (docs/decisions/005-order-sync.md), so Shopify gets its 200 in a few
 * milliseconds whatever the database is doing.
 */
export async function receiveOrderWebhook(request: Request) {
  const webhook = await verifyWebhook(request);
  noteOrderWebhook();
  const parsed = parseOrderPayload(webhook.payload);
  if (!parsed.success) return new Response("Invalid payload", { status: 400 });
  // Only the fields a return needs are queued, not the whole payload.
  await queueOnce(webhook, "order", parsed.data);
  kickJobsSoon();
  return new Response();
}

export async function receiveRefundWebhook(request: Request) {
  const webhook = await authenticateWebhook(request);
  const parsed = parseRefundPayload(webhook.payload);
  if (!parsed.success) return new Response("Invalid payload", { status: 400 });
  await handleOnce(webhook, (tx) => enqueueRefundWebhook(tx, webhook.shop, webhook.eventId, parsed.data.order_id));
  kickJobsSoon();
  return new Response();
}

const bulkFinishPayload = z.object({ admin_graphql_api_id: z.string(), status: z.string().optional() });

export async function receiveBulkFinishWebhook(request: Request) {
  const webhook = await authenticateWebhook(request);
  const parsed = bulkFinishPayload.safeParse(webhook.payload);
  if (!parsed.success) return new Response("Invalid payload", { status: 400 });
  await handleOnce(webhook, (tx) => bulkOperationFinished(tx, webhook.shop, parsed.data.admin_graphql_api_id));
  kickJobs();
  return new Response();
}
