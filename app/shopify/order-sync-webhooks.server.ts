import { orderedId } from "~/utils/ordered-id";
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { postgresPool } from "~/utils/db.server";
import { sqliteConnection, sqliteDate } from "~/utils/sqlite.server";
import { authenticateWebhook, handleOnce, verifyWebhook, type WebhookContext } from "./webhooks.server";
import { log } from "~/utils/logger.server";
import { enqueueJob, type BatchJobHandler, type JobHandler } from "~/utils/job-queue.server";
import { kickJobs, kickJobsSoon } from "~/utils/job-runner.server";
import { bulkOperationFinished } from "./backfill.server";
import { adminFor } from "./background-admin.server";
import { applyOrders } from "./order-ingest.server";
import { orderFromWebhook, webhookOrderSchema, type OrderRecord } from "./order-sync";
import { syncOneOrder } from "./reconcile.server";
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
  // Postgres: one statement, so one round trip and atomic, straight on the pool (Prisma's per-query
  // cost was most of a webhook's CPU there). The delivery is recorded first; the job is queued only
  // if that insert happened (a replay, or a copy racing this one, records nothing).
  const now = new Date();
  await postgresPool()!.query(
    `WITH delivery AS (
       INSERT INTO "WebhookDelivery" ("id", "shop", "topic", "eventId", "receivedAt")
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("shop", "topic", "eventId") DO NOTHING
       RETURNING 1)
     INSERT INTO "SyncJob" ("id", "shop", "kind", "key", "payload", "runAt", "attempts", "createdAt")
     SELECT $6, $2, $7, $4, $8, $5, 0, $5
     WHERE EXISTS (SELECT 1 FROM delivery)
     ON CONFLICT ("shop", "kind", "key") DO NOTHING`,
    [orderedId(), shop, topic, eventId, now.toISOString(), orderedId(), kind, JSON.stringify(payload)],
  );
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

// ---------- payloads and the jobs they queue ----------

type Tx = Prisma.TransactionClient;

/** Validates an order webhook's payload before it is queued, so a bad one is refused with 400. */
export function parseOrderPayload(payload: unknown) {
  return webhookOrderSchema.safeParse(payload);
}

const refundPayload = z.object({ order_id: z.union([z.number(), z.string()]).transform(String) });

export function parseRefundPayload(payload: unknown) {
  return refundPayload.safeParse(payload);
}

export async function enqueueRefundWebhook(tx: Tx, shop: string, eventId: string, orderId: string) {
  const id = orderId.startsWith("gid://") ? orderId : `gid://shopify/Order/${orderId}`;
  await enqueueJob({ shop, kind: "refund", key: eventId, payload: { orderId: id } }, tx);
}

// Webhook orders are applied many at a time: one transaction for a burst instead of one per order.
export const orderJobs: BatchJobHandler = async (shop, jobs, claim) => {
  const orders: OrderRecord[] = [];
  for (const job of jobs) {
    const parsed = webhookOrderSchema.safeParse(JSON.parse(job.payload ?? "null"));
    if (parsed.success) orders.push(orderFromWebhook(parsed.data));
    else log.warn("order sync: unreadable order payload dropped", { shop });
  }
  // The jobs leave the queue in the orders' transaction: applied once, even if this process dies right after.
  await applyOrders(shop, orders, [], claim);
  return "removed";
};

export const refundJob: JobHandler = async (job) => {
  const { orderId } = JSON.parse(job.payload ?? "{}") as { orderId: string };
  await syncOneOrder(job.shop, await adminFor(job.shop), orderId);
};
