import { orderedId } from "~/utils/ordered-id";
import { Prisma } from "@prisma/client";
import { z } from "zod";
import type { StepFact } from "~/onboarding/progress";
import { unauthenticated } from "~/shopify.server";
import { db } from "~/utils/db.server";
import { log } from "~/utils/logger.server";
import type { GrantedScopesQuery, OrderAccessProbeQuery, SyncLineItemFieldsFragment, SyncOrderFieldsFragment } from "~/types/admin.generated";
import { ShopifyAccessDeniedError, typed, type AdminGraphql } from "./admin.server";
import {
  BulkDownloadError,
  bulkOperationStatus,
  callShopify,
  downloadLines,
  SYNC_LINE_ITEM_FRAGMENT,
  SYNC_ORDER_FRAGMENT,
  ordersBulkQuery,
  startBulkQuery,
} from "./bulk.server";
import { ingestBatchSize, orderSyncSettings } from "./order-sync-config.server";
import { sqliteConnection, sqliteDate, type SqlTransaction } from "~/utils/sqlite.server";
import type { InValue } from "@libsql/client";
import { backoffMs } from "~/utils/backoff";
import { enqueueJob, kickJobs, type BatchJobHandler, type JobHandler } from "~/utils/jobs.server";
import { acquireLock, LeaseLostError, releaseLock } from "~/utils/leases.server";
import {
  backfillSince,
  gqlLineItemSchema,
  gqlOrderSchema,
  lineFromGql,
  orderFromGql,
  orderFromWebhook,
  syncProgress,
  variantFromGql,
  webhookOrderSchema,
  type OrderRecord,
  type SyncProgress,
  type VariantRecord,
} from "./order-sync";

/**
 * Order sync (step 5): a bulk-operation backfill streamed into the database,
 * live updates from order webhooks, a nightly reconciliation, and the fact
 * that completes step 5. docs/order-sync.md explains the moving parts.
 */

type Tx = Prisma.TransactionClient;
type Writer = Tx | typeof db;

// ---------- writing orders ----------

/** Keeps the newest copy when one batch holds an order twice. */
function newestPerOrder(orders: OrderRecord[]) {
  const byId = new Map<string, OrderRecord>();
  for (const order of orders) {
    const seen = byId.get(order.shopifyId);
    if (!seen || seen.updatedAt <= order.updatedAt) byId.set(order.shopifyId, order);
  }
  return [...byId.values()];
}

const chunk = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Inserts or updates orders and their line items. An order is only
 * overwritten by a copy at least as new (Shopify's `updated_at`): a late or
 * replayed webhook, or a backfill reading an older snapshot, can never roll an
 * order back (ON CONFLICT ... DO UPDATE ... WHERE, RETURNING the orders
 * written, whose line items are then replaced). Returns how many orders were
 * written. On SQLite the statements run on the database thread inside
 * {@link writeInTransaction}; this is the Postgres form (multi-row VALUES).
 */
async function writeOrdersValues(tx: Writer, shop: string, input: OrderRecord[], now = new Date()): Promise<number> {
  const orders = newestPerOrder(input);
  if (orders.length === 0) return 0;
  const written: { id: string; shopifyId: string }[] = [];
  for (const part of chunk(orders, 1000)) written.push(...(await insertOrdersValues(tx, shop, part, now)));
  if (written.length === 0) return 0;
  const idOf = new Map(written.map((row) => [row.shopifyId, row.id]));
  for (const ids of chunk([...idOf.values()], 1000)) {
    await tx.$executeRaw(Prisma.sql`DELETE FROM "LineItem" WHERE "orderId" IN (${Prisma.join(ids)})`);
  }
  const lines = orders.flatMap((order) => {
    const orderId = idOf.get(order.shopifyId);
    return orderId ? order.lineItems.map((line) => ({ orderId, line })) : [];
  });
  for (const part of chunk(lines, 1500)) await insertLinesValues(tx, part);
  return written.length;
}

/**
 * The same on SQLite: each statement prepared once and run row by row on the
 * database thread (`each`), which costs SQLite less than parsing a JSON batch
 * and Node less than building one (docs/benchmarks.md).
 */
async function writeOrdersSqlite(tx: SqlTransaction, shop: string, input: OrderRecord[], now: Date) {
  const orders = newestPerOrder(input);
  if (orders.length === 0) return 0;
  const syncedAt = sqliteDate(now);
  const written = await tx.each(
    `INSERT INTO "Order" (${ORDER_COLUMNS}) VALUES (${placeholders(21)}) ${UPSERT_ORDER}`,
    orders.map((o) => [...orderRow(o, shop), syncedAt, "pending", 0]),
  );
  if (written.rows.length === 0) return 0;
  const idOf = new Map(written.rows.map((row) => [String(row[1]), String(row[0])]));
  await tx.each(
    `DELETE FROM "LineItem" WHERE "orderId" = ?`,
    [...idOf.values()].map((id) => [id]),
  );
  const lines: InValue[][] = [];
  for (const o of orders) {
    const orderId = idOf.get(o.shopifyId);
    if (!orderId) continue;
    for (const l of o.lineItems) {
      lines.push([orderedId(), orderId, l.shopifyId, l.sku, l.title, l.quantity, l.price, l.variantTitle, l.variantId, l.productId, l.currentQuantity, l.unfulfilledQuantity, l.requiresShipping ? 1 : 0, l.imageUrl]);
    }
  }
  await tx.each(`INSERT INTO "LineItem" (${LINE_COLUMNS}) VALUES (${placeholders(14)})`, lines);
  return written.rows.length;
}

const placeholders = (n: number) => Array(n).fill("?").join(", ");

const orderRow = (o: OrderRecord, shop: string): InValue[] => [
  orderedId(), shop, o.shopifyId, o.name, o.customerId, o.email, o.customerName, o.shippingAddress ? JSON.stringify(o.shippingAddress) : null,
  o.shippingAddress?.countryCode ?? null, o.currency, sqliteDate(o.processedAt), sqliteDate(o.updatedAt), sqliteDate(o.fulfilledAt),
  sqliteDate(o.cancelledAt), sqliteDate(o.createdAt), o.fulfillmentStatus, o.financialStatus, o.test ? 1 : 0,
];

/**
 * Orders and product data in one transaction, with `also` run inside it
 * (the backfill's lease and progress). Returns how many orders were written.
 */
async function writeInTransaction(
  shop: string,
  orders: OrderRecord[],
  variants: VariantRecord[],
  also?: { sqlite: (tx: SqlTransaction) => Promise<void>; prisma: (tx: Tx) => Promise<void> },
) {
  const sqlite = sqliteConnection();
  const now = new Date();
  if (sqlite) {
    return sqlite.transaction(async (tx) => {
      const count = await writeOrdersSqlite(tx, shop, orders, now);
      await writeVariantsSqlite(tx, shop, variants, now);
      await also?.sqlite(tx);
      return count;
    });
  }
  return db.$transaction(
    async (tx) => {
      const count = await writeOrdersValues(tx, shop, orders, now);
      await writeVariantsValues(tx, shop, variants, now);
      await also?.prisma(tx);
      return count;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

type BatchProgress = { owner: string; linesDone: number; ordersInBatch: number };

/**
 * One batch of the ingest in one transaction, with the lease renewal and the
 * progress: a process that lost the lease cannot commit, and a crash loses at
 * most this batch. On SQLite it runs on a plain libSQL transaction (the same
 * statements; Prisma's per-statement cost and its memory for large
 * parameters were most of the ingest's time and RSS, docs/benchmarks.md).
 */
async function commitBatch(shop: string, orders: OrderRecord[], variants: VariantRecord[], progress: BatchProgress | null) {
  const leaseUntil = new Date(Date.now() + orderSyncSettings.leaseMs);
  if (!progress) return writeInTransaction(shop, orders, variants);
  return writeInTransaction(shop, orders, variants, {
    sqlite: async (tx) => {
      const renewed = await tx.execute({
        sql: `UPDATE "SyncLock" SET "expiresAt" = ? WHERE "shop" = ? AND "name" = 'backfill' AND "owner" = ?`,
        args: [sqliteDate(leaseUntil), shop, progress.owner],
      });
      if (renewed.rowsAffected === 0) throw new LeaseLostError();
      await tx.execute({
        sql: `UPDATE "OrderSyncState" SET "linesProcessed" = ?, "ordersIngested" = "ordersIngested" + ?, "updatedAt" = ? WHERE "shop" = ?`,
        args: [progress.linesDone, progress.ordersInBatch, sqliteDate(new Date()), shop],
      });
    },
    prisma: async (tx) => {
      const renewed = await tx.syncLock.updateMany({ where: { shop, name: "backfill", owner: progress.owner }, data: { expiresAt: leaseUntil } });
      if (renewed.count === 0) throw new LeaseLostError();
      await tx.orderSyncState.update({
        where: { shop },
        data: { linesProcessed: progress.linesDone, ordersIngested: { increment: progress.ordersInBatch } },
      });
    },
  });
}

const UPSERT_ORDER = `
  ON CONFLICT ("shop", "shopifyId") DO UPDATE SET
    "name" = excluded."name", "customerId" = COALESCE(excluded."customerId", "Order"."customerId"), "email" = excluded."email", "customerName" = excluded."customerName",
    "shippingAddress" = excluded."shippingAddress", "shipCountry" = excluded."shipCountry", "currency" = excluded."currency",
    "processedAt" = excluded."processedAt", "fulfilledAt" = excluded."fulfilledAt", "cancelledAt" = excluded."cancelledAt",
    "orderCreatedAt" = excluded."orderCreatedAt", "fulfillmentStatus" = excluded."fulfillmentStatus", "financialStatus" = excluded."financialStatus",
    "test" = excluded."test", "syncedAt" = excluded."syncedAt",
    "uploadStatus" = CASE WHEN excluded."shopifyUpdatedAt" > "Order"."shopifyUpdatedAt" THEN 'pending' ELSE "Order"."uploadStatus" END,
    "uploadNextAt" = CASE WHEN excluded."shopifyUpdatedAt" > "Order"."shopifyUpdatedAt" THEN NULL ELSE "Order"."uploadNextAt" END,
    "shopifyUpdatedAt" = excluded."shopifyUpdatedAt"
  WHERE excluded."shopifyUpdatedAt" >= "Order"."shopifyUpdatedAt"
  RETURNING "id", "shopifyId"`;

const ORDER_COLUMNS = `"id", "shop", "shopifyId", "name", "customerId", "email", "customerName", "shippingAddress", "shipCountry", "currency",
  "processedAt", "shopifyUpdatedAt", "fulfilledAt", "cancelledAt", "orderCreatedAt", "fulfillmentStatus", "financialStatus", "test", "syncedAt",
  "uploadStatus", "uploadAttempts"`;

async function insertOrdersValues(tx: Writer, shop: string, orders: OrderRecord[], now: Date) {
  const values = orders.map(
    (o) => Prisma.sql`(${orderedId()}, ${shop}, ${o.shopifyId}, ${o.name}, ${o.customerId}, ${o.email}, ${o.customerName}, ${
      o.shippingAddress ? JSON.stringify(o.shippingAddress) : null
    }, ${o.shippingAddress?.countryCode ?? null}, ${o.currency}, ${o.processedAt}, ${o.updatedAt}, ${o.fulfilledAt}, ${o.cancelledAt}, ${o.createdAt}, ${
      o.fulfillmentStatus
    }, ${o.financialStatus}, ${o.test}, ${now}, 'pending', 0)`,
  );
  return tx.$queryRaw<{ id: string; shopifyId: string }[]>(
    Prisma.sql`INSERT INTO "Order" (${Prisma.raw(ORDER_COLUMNS)}) VALUES ${Prisma.join(values)} ${Prisma.raw(UPSERT_ORDER)}`,
  );
}

type PendingLine = { orderId: string; line: OrderRecord["lineItems"][number] };
const LINE_COLUMNS = `"id", "orderId", "shopifyId", "sku", "title", "quantity", "price", "variantTitle", "variantId", "productId",
  "currentQuantity", "unfulfilledQuantity", "requiresShipping", "imageUrl"`;

async function insertLinesValues(tx: Writer, lines: PendingLine[]) {
  const values = lines.map(
    ({ orderId, line: l }) =>
      Prisma.sql`(${orderedId()}, ${orderId}, ${l.shopifyId}, ${l.sku}, ${l.title}, ${l.quantity}, ${l.price}, ${l.variantTitle}, ${l.variantId}, ${l.productId}, ${
        l.currentQuantity
      }, ${l.unfulfilledQuantity}, ${l.requiresShipping}, ${l.imageUrl})`,
  );
  await tx.$executeRaw(Prisma.sql`INSERT INTO "LineItem" (${Prisma.raw(LINE_COLUMNS)}) VALUES ${Prisma.join(values)}`);
}

/** Product data per variant; the newest read always wins (it is Shopify's current state). */
export async function writeVariants(shop: string, input: VariantRecord[]) {
  const sqlite = sqliteConnection();
  if (sqlite) await sqlite.transaction((tx) => writeVariantsSqlite(tx, shop, input, new Date()));
  else await writeVariantsValues(db, shop, input, new Date());
}

const uniqueVariants = (input: VariantRecord[]) => [...new Map(input.map((variant) => [variant.variantId, variant])).values()];

async function writeVariantsSqlite(tx: SqlTransaction, shop: string, input: VariantRecord[], now: Date) {
  if (input.length === 0) return;
  const refreshedAt = sqliteDate(now);
  await tx.each(
    `INSERT INTO "SyncedVariant" (${VARIANT_COLUMNS}) VALUES (${placeholders(14)}) ${UPSERT_VARIANT}`,
    uniqueVariants(input).map((v) => [
      orderedId(), shop, v.variantId, v.productId, v.sku, v.barcode, v.productTitle, v.variantTitle, v.imageUrl, v.productTags, v.hsCode, v.countryOfOrigin,
      v.weightGrams, refreshedAt,
    ]),
  );
}

async function writeVariantsValues(tx: Writer, shop: string, input: VariantRecord[], now: Date) {
  for (const part of chunk(uniqueVariants(input), 1000)) {
    const values = part.map(
      (v) =>
        Prisma.sql`(${orderedId()}, ${shop}, ${v.variantId}, ${v.productId}, ${v.sku}, ${v.barcode}, ${v.productTitle}, ${v.variantTitle}, ${v.imageUrl}, ${
          v.productTags
        }, ${v.hsCode}, ${v.countryOfOrigin}, ${v.weightGrams}, ${now})`,
    );
    await tx.$executeRaw(Prisma.sql`INSERT INTO "SyncedVariant" (${Prisma.raw(VARIANT_COLUMNS)}) VALUES ${Prisma.join(values)} ${Prisma.raw(UPSERT_VARIANT)}`);
  }
}

const VARIANT_COLUMNS = `"id", "shop", "variantId", "productId", "sku", "barcode", "productTitle", "variantTitle", "imageUrl", "productTags",
  "hsCode", "countryOfOrigin", "weightGrams", "refreshedAt"`;
const UPSERT_VARIANT = `ON CONFLICT ("shop", "variantId") DO UPDATE SET
  "productId" = excluded."productId", "sku" = excluded."sku", "barcode" = excluded."barcode", "productTitle" = excluded."productTitle",
  "variantTitle" = excluded."variantTitle", "imageUrl" = COALESCE(excluded."imageUrl", "SyncedVariant"."imageUrl"),
  "productTags" = excluded."productTags", "hsCode" = excluded."hsCode", "countryOfOrigin" = excluded."countryOfOrigin",
  "weightGrams" = excluded."weightGrams", "refreshedAt" = excluded."refreshedAt"`;

// ---------- streaming ingest ----------

export type IngestResult = { orders: number; lines: number; skipped: number };

/**
 * Reads the bulk JSONL as it streams in and writes it in batches: an order
 * line, then its line items (children carry `__parentId` and follow their
 * parent). A batch is flushed only when the next order starts, so it always
 * holds whole orders, and its commit records how many lines are done in the
 * same transaction: a crash loses at most the batches in flight (one being
 * written while the next is parsed), and a resume (`skip`) starts exactly
 * after the last committed order, without gaps or duplicates.
 */
export async function ingestOrderLines(
  shop: string,
  lines: AsyncIterable<string[]>,
  options: { skip?: number; batchSize?: number; /** The backfill's lease owner: renewed, with the progress, in each batch's commit. */ lease?: string } = {},
): Promise<IngestResult> {
  const skip = options.skip ?? 0;
  const batchSize = () => options.batchSize ?? ingestBatchSize();
  let lineNo = 0;
  let skipped = 0;
  let written = 0;

  // Each line becomes its compact record as soon as it is read, so only records (not parsed JSON) wait for the batch.
  let batch = new Map<string, OrderRecord>();
  let variants: VariantRecord[] = [];
  // Every line of one export carries the same snapshot of its variant: written once per ingest.
  const variantsSeen = new Set<string>();
  // One batch is written (on the SQLite thread) while the next is read and parsed here.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (linesDone: number) => {
    if (batch.size === 0 && !options.lease) return;
    const orders = [...batch.values()];
    const batchVariants = variants;
    batch = new Map();
    variants = [];
    // Batches commit in order: each waits for the one before (and stops at its error).
    await writing;
    const count = orders.length;
    writing = commitBatch(shop, orders, batchVariants, options.lease ? { owner: options.lease, linesDone, ordersInBatch: count } : null).then(() => {
      written += count;
    });
    writing.catch(() => undefined); // observed at the next flush or at the end
  };

  for await (const chunk of lines) {
    for (const raw of chunk) {
      lineNo++;
      if (lineNo <= skip) continue;
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        skipped++;
        continue;
      }
      const parentId = value.__parentId;
      if (typeof parentId === "string") {
        const parent = batch.get(parentId);
        const line = gqlLineItemSchema.safeParse(value);
        if (!parent || !line.success) {
          skipped++;
          continue;
        }
        parent.lineItems.push(lineFromGql(line.data));
        const variantId = line.data.variant?.id;
        if (variantId && !variantsSeen.has(variantId)) {
          const variant = variantFromGql(line.data);
          if (variant) variants.push(variant);
          variantsSeen.add(variantId);
        }
        continue;
      }
      if (batch.size >= batchSize()) await flush(lineNo - 1);
      const order = gqlOrderSchema.safeParse(value);
      if (!order.success) {
        skipped++;
        continue;
      }
      batch.set(order.data.id, orderFromGql(order.data, []));
    }
    // A turn for requests after each chunk: a buffered stream would otherwise hand over chunk after chunk
    // without the event loop ever polling for them (webhooks waited hundreds of ms during a backfill).
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (lineNo > skip || batch.size > 0) await flush(lineNo);
  await writing;
  if (skipped) log.warn("order sync: skipped unreadable lines", { shop, skipped });
  return { orders: written, lines: lineNo, skipped };
}

// ---------- the backfill ----------

const SCOPES_QUERY = `#graphql
  query GrantedScopes { currentAppInstallation { accessScopes { handle } } }
`;

export async function grantedScopes(graphql: AdminGraphql): Promise<string[]> {
  const result = await callShopify(graphql, SCOPES_QUERY, typed<GrantedScopesQuery>());
  return result.currentAppInstallation.accessScopes.map((scope) => scope.handle);
}

async function adminFor(shop: string) {
  const { admin } = await unauthenticated.admin(shop);
  return admin.graphql as AdminGraphql;
}

/**
 * Starts (or restarts) the backfill. A backfill already under way is left
 * alone: clicking twice, or two admins clicking at once, starts one.
 */
export async function startBackfill(shop: string) {
  const now = new Date();
  const state = await db.orderSyncState.findUnique({ where: { shop } });
  if (state && (state.status === "queued" || state.status === "running")) return false;
  const reset = {
    status: "queued",
    phase: "starting",
    bulkOperationId: null,
    bulkStatus: null,
    bulkObjectCount: 0,
    linesProcessed: 0,
    ordersIngested: 0,
    estimatedTotal: null,
    attempts: 0,
    startedAt: now,
    ingestStartedAt: null,
    finishedAt: null,
    lastError: null,
  };
  await db.orderSyncState.upsert({ where: { shop }, create: { shop, ...reset }, update: reset });
  await enqueueJob({ shop, kind: "backfill" });
  kickJobs();
  return true;
}

const pollDelay = (startedAt: Date | null, now: Date) => {
  const elapsed = startedAt ? now.getTime() - startedAt.getTime() : 0;
  return Math.min(orderSyncSettings.maxPollMs, Math.max(orderSyncSettings.pollMs, Math.round(elapsed / 10)));
};

async function retryBulk(shop: string, attempts: number, reason: string) {
  const next = attempts + 1;
  if (next >= orderSyncSettings.maxBulkAttempts) {
    log.warn("order sync: backfill gave up", { shop, reason, attempts: next });
    await db.orderSyncState.update({ where: { shop }, data: { status: "failed", phase: null, attempts: next, lastError: reason } });
    return;
  }
  log.warn("order sync: bulk operation failed; starting it again", { shop, reason, attempts: next });
  await db.orderSyncState.update({
    where: { shop },
    data: { phase: "starting", attempts: next, lastError: reason, bulkOperationId: null, linesProcessed: 0, ordersIngested: 0 },
  });
  return { rerunAt: new Date(Date.now() + backoffMs(next, orderSyncSettings.pollMs, orderSyncSettings.maxPollMs)) };
}

const ORDER_ACCESS_PROBE = `#graphql
  query OrderAccessProbe { orders(first: 1) { nodes { ...SyncOrderFields } } }
  ${SYNC_ORDER_FRAGMENT}
`;

/**
 * A bulk operation that ends ACCESS_DENIED says no more than that. The same order fields asked for
 * one order say which access is missing: a scope, or protected customer data approval.
 */
async function whyAccessDenied(graphql: AdminGraphql) {
  try {
    await callShopify(graphql, ORDER_ACCESS_PROBE, typed<OrderAccessProbeQuery>());
  } catch (error) {
    if (error instanceof ShopifyAccessDeniedError) return error.message;
  }
  return "Shopify refused the order export (ACCESS_DENIED) without saying which access is missing.";
}

/** One step of the backfill's state machine; the job runs it again until it is done. */
export async function runBackfillStep(shop: string, owner: string): Promise<{ rerunAt: Date } | void> {
  const state = await db.orderSyncState.findUnique({ where: { shop } });
  if (!state || (state.status !== "queued" && state.status !== "running")) return;
  const graphql = await adminFor(shop);
  const now = new Date();

  if (state.phase === "starting" || !state.bulkOperationId) {
    const scopes = await grantedScopes(graphql);
    const since = backfillSince(scopes.includes("read_all_orders"), now);
    const started = await startBulkQuery(graphql, ordersBulkQuery(since));
    if (!started.ok) {
      if (started.busy) {
        await db.orderSyncState.update({ where: { shop }, data: { status: "running", lastError: `Waiting for Shopify: ${started.message}` } });
        return { rerunAt: new Date(Date.now() + orderSyncSettings.maxPollMs) };
      }
      return retryBulk(shop, state.attempts, started.message);
    }
    await db.orderSyncState.update({
      where: { shop },
      data: { status: "running", phase: "exporting", bulkOperationId: started.id, bulkStatus: "CREATED", since, linesProcessed: 0, ordersIngested: 0, lastError: null },
    });
    return { rerunAt: new Date(Date.now() + orderSyncSettings.pollMs) };
  }

  const operation = await bulkOperationStatus(graphql, state.bulkOperationId);
  if (!operation) return retryBulk(shop, state.attempts, "Shopify no longer knows the export");
  if (operation.status === "CREATED" || operation.status === "RUNNING") {
    await db.orderSyncState.update({ where: { shop }, data: { bulkStatus: operation.status, bulkObjectCount: operation.objectCount } });
    return { rerunAt: new Date(Date.now() + pollDelay(state.startedAt, now)) };
  }
  if (operation.status === "FAILED" && operation.errorCode === "ACCESS_DENIED") {
    // Trying again cannot help until the access is granted: stop and say what is missing.
    const reason = await whyAccessDenied(graphql);
    log.warn("order sync: access denied", { shop, reason });
    await db.orderSyncState.update({ where: { shop }, data: { status: "failed", phase: null, lastError: reason } });
    return;
  }
  if (operation.status !== "COMPLETED") {
    return retryBulk(shop, state.attempts, `Shopify's export ended ${operation.status.toLowerCase()}${operation.errorCode ? ` (${operation.errorCode})` : ""}`);
  }

  if (state.phase !== "ingesting") {
    await db.orderSyncState.update({
      where: { shop },
      data: { phase: "ingesting", bulkStatus: "COMPLETED", bulkObjectCount: operation.objectCount, estimatedTotal: operation.rootObjectCount, ingestStartedAt: new Date() },
    });
  }
  if (operation.url) {
    if (!(await acquireLock(shop, "backfill", owner))) return { rerunAt: new Date(Date.now() + orderSyncSettings.leaseMs / 2) };
    try {
      const fresh = await db.orderSyncState.findUniqueOrThrow({ where: { shop } });
      await ingestOrderLines(shop, downloadLines(operation.url), {
        skip: fresh.linesProcessed,
        lease: owner,
      });
    } catch (error) {
      if (error instanceof BulkDownloadError && error.status >= 400 && error.status < 500) {
        // The file expired or vanished: export again; what was ingested stays (writes are idempotent).
        return retryBulk(shop, state.attempts, error.message);
      }
      throw error;
    } finally {
      await releaseLock(shop, "backfill", owner);
    }
  }
  await db.orderSyncState.update({
    where: { shop },
    data: {
      status: "done",
      phase: null,
      finishedAt: new Date(),
      lastError: null,
      // Orders changed after the export started may be missing: reconciliation reads from here.
      watermark: new Date(Date.parse(operation.createdAt) - 60_000),
    },
  });
  await enqueueJob({ shop, kind: "reconcile" });
  await enqueueJob({ shop, kind: "upload" });
  log.info("order sync: backfill done", { shop });
}

/** bulk_operations/finish: poll the operation now instead of at the next interval. */
export async function bulkOperationFinished(tx: Tx, shop: string, operationId: string) {
  const state = await tx.orderSyncState.findUnique({ where: { shop }, select: { bulkOperationId: true } });
  if (state?.bulkOperationId !== operationId) return;
  await enqueueJob({ shop, kind: "backfill" }, tx);
}

// ---------- webhooks ----------

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

/** Writes orders from webhooks or reconciliation and queues what follows from them. */
export async function applyOrders(shop: string, orders: OrderRecord[], variants: VariantRecord[] = []) {
  const written = await writeInTransaction(shop, orders, variants);
  if (written > 0) {
    if (await hasUnknownVariants(shop, orders)) await enqueueJob({ shop, kind: "variants" });
    await enqueueJob({ shop, kind: "upload" });
  }
  return written;
}

/** Whether these orders sell a variant whose product data was never read (looked up by id, not by scanning the shop's orders). */
async function hasUnknownVariants(shop: string, orders: OrderRecord[]) {
  const ids = [...new Set(orders.flatMap((order) => order.lineItems.map((line) => line.variantId)).filter((id): id is string => id !== null))];
  for (const part of chunk(ids, 500)) {
    const known = await db.syncedVariant.count({ where: { shop, variantId: { in: part } } });
    if (known < part.length) return true;
  }
  return false;
}

// ---------- single orders and reconciliation (paged GraphQL) ----------

/**
 * The paged queries share the bulk file's parser (zod: the file is data from a URL). What codegen
 * says Shopify sends for the fragments must fit that parser, so a field that changes type in
 * Shopify's schema breaks the build here rather than a sync.
 */
function fragmentsFitParsers(order: SyncOrderFieldsFragment, line: SyncLineItemFieldsFragment): [z.input<typeof gqlOrderSchema>, z.input<typeof gqlLineItemSchema>] {
  return [order, line];
}
void fragmentsFitParsers;

const orderNode = gqlOrderSchema.extend({
  lineItems: z.object({ nodes: z.array(gqlLineItemSchema), pageInfo: z.object({ hasNextPage: z.boolean() }) }),
});

const ORDER_BY_ID = `#graphql
  query SyncOrder($id: ID!) {
    order(id: $id) {
      ...SyncOrderFields
      lineItems(first: 100) { nodes { ...SyncLineItemFields } pageInfo { hasNextPage } }
    }
  }
  ${SYNC_ORDER_FRAGMENT}
  ${SYNC_LINE_ITEM_FRAGMENT}
`;

/** Page size chosen so one page (25 lines per order) stays under Shopify's 1,000-point query cost. */
export const RECONCILE_PAGE = 4;

const UPDATED_ORDERS = `#graphql
  query SyncUpdatedOrders($first: Int!, $query: String!, $after: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ...SyncOrderFields
        lineItems(first: 25) { nodes { ...SyncLineItemFields } pageInfo { hasNextPage } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${SYNC_ORDER_FRAGMENT}
  ${SYNC_LINE_ITEM_FRAGMENT}
`;

function recordsFrom(nodes: z.infer<typeof orderNode>[]) {
  const orders: OrderRecord[] = [];
  const variants: VariantRecord[] = [];
  const incomplete: string[] = [];
  for (const node of nodes) {
    if (node.lineItems.pageInfo.hasNextPage) incomplete.push(node.id);
    orders.push(orderFromGql(node, node.lineItems.nodes));
    for (const line of node.lineItems.nodes) {
      const variant = variantFromGql(line);
      if (variant) variants.push(variant);
    }
  }
  return { orders, variants, incomplete };
}

export async function syncOneOrder(shop: string, graphql: AdminGraphql, orderId: string) {
  const result = await callShopify(graphql, ORDER_BY_ID, z.object({ order: orderNode.nullable() }), { id: orderId });
  if (!result.order) return 0;
  const { orders, variants } = recordsFrom([result.order]);
  return applyOrders(shop, orders, variants);
}

/**
 * Orders updated since the last sync, page by page: catches webhooks that
 * never arrived. The next run starts from this run's start time.
 */
export async function reconcile(shop: string) {
  const state = await db.orderSyncState.findUnique({ where: { shop } });
  if (!state?.watermark || state.status !== "done") return 0;
  const graphql = await adminFor(shop);
  const startedAt = new Date();
  const query = `updated_at:>='${state.watermark.toISOString()}'`;
  let after: string | null = null;
  let total = 0;
  const schema = z.object({ orders: z.object({ nodes: z.array(orderNode), pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }) }) });
  do {
    const page: z.infer<typeof schema> = await callShopify(graphql, UPDATED_ORDERS, schema, { first: RECONCILE_PAGE, query, after });
    const { orders, variants, incomplete } = recordsFrom(page.orders.nodes);
    total += await applyOrders(shop, orders, variants);
    // Orders with more lines than a page holds are fetched whole.
    for (const id of incomplete) await syncOneOrder(shop, graphql, id);
    after = page.orders.pageInfo.hasNextPage ? (page.orders.pageInfo.endCursor ?? null) : null;
  } while (after);
  await db.orderSyncState.update({ where: { shop }, data: { watermark: new Date(startedAt.getTime() - 60_000), lastReconciledAt: new Date() } });
  return total;
}

// ---------- job handlers ----------

export const backfillJob: JobHandler = (job, owner) => runBackfillStep(job.shop, owner);

// Webhook orders are applied many at a time: one transaction for a burst instead of one per order.
export const orderJobs: BatchJobHandler = async (shop, jobs) => {
  const orders: OrderRecord[] = [];
  for (const job of jobs) {
    const parsed = webhookOrderSchema.safeParse(JSON.parse(job.payload ?? "null"));
    if (parsed.success) orders.push(orderFromWebhook(parsed.data));
    else log.warn("order sync: unreadable order payload dropped", { shop });
  }
  await applyOrders(shop, orders);
};

export const refundJob: JobHandler = async (job) => {
  const { orderId } = JSON.parse(job.payload ?? "{}") as { orderId: string };
  await syncOneOrder(job.shop, await adminFor(job.shop), orderId);
};

export const reconcileJob: JobHandler = async (job) => {
  await reconcile(job.shop);
  return { rerunAt: new Date(Date.now() + orderSyncSettings.reconcileEveryMs) };
};

// ---------- what the step 5 page and the guide read ----------

export const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "orders/fulfilled", "refunds/create"] as const;

export type SyncView = {
  status: "idle" | "queued" | "running" | "done" | "failed";
  phase: string | null;
  since: string | null;
  bulkStatus: string | null;
  bulkObjectCount: number;
  progress: SyncProgress;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  lastError: string | null;
  lastReconciledAt: string | null;
  ordersStored: number;
};

export async function syncView(shop: string, now = new Date()): Promise<SyncView> {
  const [state, ordersStored] = await Promise.all([db.orderSyncState.findUnique({ where: { shop } }), db.order.count({ where: { shop } })]);
  const status = (state?.status ?? "idle") as SyncView["status"];
  return {
    status,
    phase: state?.phase ?? null,
    since: state?.since?.toISOString() ?? null,
    bulkStatus: state?.bulkStatus ?? null,
    bulkObjectCount: state?.bulkObjectCount ?? 0,
    progress: syncProgress({
      ingested: state?.ordersIngested ?? 0,
      estimatedTotal: state?.estimatedTotal ?? null,
      ingestStartedAt: state?.ingestStartedAt ?? null,
      now,
      done: status === "done",
    }),
    attempts: state?.attempts ?? 0,
    startedAt: state?.startedAt?.toISOString() ?? null,
    finishedAt: state?.finishedAt?.toISOString() ?? null,
    lastError: state?.lastError ?? null,
    lastReconciledAt: state?.lastReconciledAt?.toISOString() ?? null,
    ordersStored,
  };
}

export async function webhookActivity(shop: string) {
  const rows = await db.webhookDelivery.groupBy({ by: ["topic"], where: { shop, topic: { in: [...ORDER_TOPICS] } }, _max: { receivedAt: true } });
  const last = new Map(rows.map((row) => [row.topic, row._max.receivedAt?.toISOString() ?? null]));
  return ORDER_TOPICS.map((topic) => ({ topic, lastDeliveredAt: last.get(topic) ?? null }));
}

export const SUMMARY_FORM = "integration-summary";

/**
 * Step 5 is done when the backfill finished, order webhooks are live (the
 * shop granted read_orders, which the subscriptions in shopify.app.toml
 * need), and SEKO has the integration summary (emailed, or handed over by the
 * merchant and confirmed).
 */
export async function integrationFact(shop: string): Promise<StepFact> {
  const [state, shopRow, summary] = await Promise.all([
    db.orderSyncState.findUnique({ where: { shop } }),
    db.shop.findUnique({ where: { shop }, select: { scopes: true } }),
    db.onboardingSubmission.findFirst({ where: { shop, form: SUMMARY_FORM }, orderBy: { version: "desc" } }),
  ]);
  const backfilled = Boolean(state?.finishedAt);
  const webhooksLive = (shopRow?.scopes ?? "").split(",").includes("read_orders");
  const deliveredAt = summary?.deliveryStatus === "sent" ? summary.deliveredAt : (state?.summaryConfirmedAt ?? null);
  if (backfilled && webhooksLive && deliveredAt) {
    const completedAt = [state!.finishedAt!, deliveredAt].sort((a, b) => a.getTime() - b.getTime())[1]!;
    return { status: "done", completedAt: completedAt.toISOString(), completedBy: summary?.submittedBy ?? state?.summaryConfirmedBy ?? undefined };
  }
  if (!state || state.status === "idle") return { status: "not_started" };
  const note =
    state.status === "failed"
      ? `The order sync stopped: ${state.lastError ?? "unknown error"}`
      : !backfilled
        ? "Importing your orders from Shopify"
        : !webhooksLive
          ? "Order updates need the read_orders access"
          : summary?.deliveryStatus === "failed"
            ? `The summary could not be emailed to SEKO: ${summary.deliveryError ?? "unknown error"}`
            : "Send the integration summary to SEKO to finish this step";
  return { status: "in_progress", note, since: state.startedAt?.toISOString() };
}
