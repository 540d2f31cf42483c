import type { InValue } from "@libsql/client";
import { db, postgresTransaction, type PgTx } from "~/utils/db.server";
import { enqueueJob, enqueueStatement, type JobClaim } from "~/utils/job-queue.server";
import { LeaseLostError } from "~/utils/leases.server";
import { log } from "~/utils/logger.server";
import { orderedId } from "~/utils/ordered-id";
import { sqliteConnection, sqliteDate, type GatePriority, type SqlStep } from "~/utils/sqlite.server";
import { ingestBatchSize, orderSyncSettings } from "./order-sync-config.server";
import { gqlLineItemSchema, gqlOrderSchema, lineFromGql, orderFromGql, variantFromGql, type OrderRecord, type VariantRecord } from "./order-sync";

/**
 * Writing synced orders: the conditional upserts (a statement per row on the
 * SQLite thread, set-based `unnest` inserts on Postgres), the streamed ingest of a bulk
 * export, and `applyOrders` for webhook and reconciled orders.
 * docs/order-sync.md explains the moving parts.
 */

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
 * {@link writeInTransaction}; this is the Postgres form (a column array per
 * parameter, `unnest`), on a `pg` transaction of its own: Prisma's query
 * compiler was the largest CPU item on this path (docs/benchmarks.md).
 */
async function writeOrdersPostgres(tx: PgTx, shop: string, input: OrderRecord[], now = new Date()): Promise<number> {
  const orders = newestPerOrder(input);
  if (orders.length === 0) return 0;
  const written: { id: string; shopifyId: string }[] = [];
  for (const part of chunk(orders, 1000)) written.push(...(await insertOrdersPostgres(tx, shop, part, now)));
  if (written.length === 0) return 0;
  const idOf = new Map(written.map((row) => [row.shopifyId, row.id]));
  for (const ids of chunk([...idOf.values()], 1000)) {
    await tx.query(`DELETE FROM "LineItem" WHERE "orderId" = ANY($1::text[])`, [ids]);
  }
  const lines = orders.flatMap((order) => {
    const orderId = idOf.get(order.shopifyId);
    return orderId ? order.lineItems.map((line) => ({ orderId, line })) : [];
  });
  for (const part of chunk(lines, 1500)) await insertLinesPostgres(tx, part);
  return written.length;
}

/**
 * The same on SQLite, as the first steps of one {@link SharedSqlite.steps}
 * transaction: each statement prepared once and run row by row on the
 * database thread, which costs SQLite less than parsing a JSON batch and Node
 * less than building one (docs/benchmarks.md). The line items refer to the
 * ids the upsert returned, so the orders it left alone (an older copy) keep
 * theirs. The upsert is step 0: its RETURNING rows count the orders written.
 */
function orderStepsSqlite(shop: string, input: OrderRecord[], now: Date): SqlStep[] {
  const orders = newestPerOrder(input);
  if (orders.length === 0) return [];
  const syncedAt = sqliteDate(now);
  const lines: InValue[][] = [];
  for (const o of orders) {
    for (const l of o.lineItems) {
      lines.push([orderedId(), o.shopifyId, l.shopifyId, l.sku, l.title, l.quantity, l.price, l.variantTitle, l.variantId, l.productId, l.currentQuantity, l.unfulfilledQuantity, l.requiresShipping ? 1 : 0, l.imageUrl]);
    }
  }
  return [
    { sql: `INSERT INTO "Order" (${ORDER_COLUMNS}) VALUES (${placeholders(21)}) ${UPSERT_ORDER}`, rows: orders.map((o) => [...orderRow(o, shop), syncedAt, "pending", 0]) },
    { sql: `DELETE FROM "LineItem" WHERE "orderId" = ?`, rows: orders.map((o) => [o.shopifyId]), lookup: { column: 0, step: 0 } },
    { sql: `INSERT INTO "LineItem" (${LINE_COLUMNS}) VALUES (${placeholders(14)})`, rows: lines, lookup: { column: 1, step: 0 } },
  ];
}

const placeholders = (n: number) => Array(n).fill("?").join(", ");

const orderRow = (o: OrderRecord, shop: string): InValue[] => [
  orderedId(), shop, o.shopifyId, o.name, o.customerId, o.email, o.customerName, o.shippingAddress ? JSON.stringify(o.shippingAddress) : null,
  o.shippingAddress?.countryCode ?? null, o.currency, sqliteDate(o.processedAt), sqliteDate(o.updatedAt), sqliteDate(o.fulfilledAt),
  sqliteDate(o.cancelledAt), sqliteDate(o.createdAt), o.fulfillmentStatus, o.financialStatus, o.test ? 1 : 0,
];

/** Statements run inside the orders' transaction, in each dialect. */
type AlsoInTransaction = { sqlite: SqlStep[]; postgres: (tx: PgTx) => Promise<void> };

/** Several parts in one, run in the order given; undefined when there are none. */
function together(...parts: (AlsoInTransaction | null)[]): AlsoInTransaction | undefined {
  const present = parts.filter((part): part is AlsoInTransaction => part !== null);
  if (present.length <= 1) return present[0];
  return {
    sqlite: present.flatMap((part) => part.sqlite),
    postgres: async (tx) => {
      for (const part of present) await part.postgres(tx);
    },
  };
}

/**
 * Orders and product data in one transaction, with `also` run inside it
 * (the backfill's lease and progress, or the webhook jobs that brought them).
 * Returns how many orders were written. On SQLite it is one message to the
 * database thread; the ingest's batches are "background" there: requests
 * waiting for the connection go first.
 */
async function writeInTransaction(
  shop: string,
  orders: OrderRecord[],
  variants: VariantRecord[],
  also?: AlsoInTransaction,
  priority: GatePriority = "normal",
) {
  const sqlite = sqliteConnection();
  const now = new Date();
  const changed = orders.length > 0 || variants.length > 0;
  if (sqlite) {
    const orderSteps = orderStepsSqlite(shop, orders, now);
    const steps = [...orderSteps, ...variantStepsSqlite(shop, variants, now), ...(also?.sqlite ?? []), ...(changed ? [readinessChangedSqlite(shop)] : [])];
    if (steps.length === 0) return 0;
    const results = await sqlite.steps(steps, priority);
    return orderSteps.length > 0 ? results[0]!.rows.length : 0;
  }
  return postgresTransaction(async (tx) => {
    const count = await writeOrdersPostgres(tx, shop, orders, now);
    await writeVariantsPostgres(tx, shop, variants, now);
    await also?.postgres(tx);
    if (changed) await readinessChangedPostgres(tx, shop);
    return count;
  });
}

/**
 * The last step of every transaction that writes a shop's orders or product data: the stored
 * product readiness (app/shopify/products.server.ts) no longer matches. An upsert, not an update:
 * a page computing the shop's first snapshot meanwhile waits for this row's commit on Postgres
 * instead of storing a result that misses this transaction's rows.
 */
const READINESS_CHANGED = (placeholder: string) => `INSERT INTO "ReadinessSnapshot" ("shop", "version") VALUES (${placeholder}, 1)
  ON CONFLICT ("shop") DO UPDATE SET "version" = "ReadinessSnapshot"."version" + 1`;
const readinessChangedSqlite = (shop: string): SqlStep => ({ sql: READINESS_CHANGED("?"), args: [shop] });
async function readinessChangedPostgres(tx: PgTx, shop: string) {
  await tx.query(READINESS_CHANGED("$1"), [shop]);
}

/**
 * Inside the orders' transaction: removes the queue's jobs that brought them, which must still be
 * this owner's. If another instance took them over (this one stalled past its lease), nothing is
 * committed and that instance applies them instead.
 */
function completingJobs(claim: JobClaim): AlsoInTransaction {
  return {
    sqlite:
      claim.ids.length === 0
        ? []
        : [
            {
              sql: `DELETE FROM "SyncJob" WHERE "lockedBy" = ? AND "id" IN (${placeholders(claim.ids.length)})`,
              args: [claim.owner, ...claim.ids],
              expect: { changes: claim.ids.length, otherwise: () => new LeaseLostError() },
            },
          ],
    postgres: async (tx: PgTx) => {
      if (claim.ids.length === 0) return;
      const removed = await tx.query(`DELETE FROM "SyncJob" WHERE "lockedBy" = $1 AND "id" = ANY($2::text[])`, [claim.owner, claim.ids]);
      if (removed.rowCount !== claim.ids.length) throw new LeaseLostError();
    },
  };
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
  if (!progress) return writeInTransaction(shop, orders, variants, undefined, "background");
  return writeInTransaction(shop, orders, variants, {
    sqlite: [
      {
        sql: `UPDATE "SyncLock" SET "expiresAt" = ? WHERE "shop" = ? AND "name" = 'backfill' AND "owner" = ?`,
        args: [sqliteDate(leaseUntil), shop, progress.owner],
        expect: { changes: 1, otherwise: () => new LeaseLostError() },
      },
      {
        sql: `UPDATE "OrderSyncState" SET "linesProcessed" = ?, "ordersIngested" = "ordersIngested" + ?, "updatedAt" = ? WHERE "shop" = ?`,
        args: [progress.linesDone, progress.ordersInBatch, sqliteDate(new Date()), shop],
        expect: { changes: 1, otherwise: () => new Error(`order sync: no sync state for ${shop}`) },
      },
    ],
    postgres: async (tx) => {
      const renewed = await tx.query(`UPDATE "SyncLock" SET "expiresAt" = $1::timestamp(3) WHERE "shop" = $2 AND "name" = 'backfill' AND "owner" = $3`, [
        iso(leaseUntil),
        shop,
        progress.owner,
      ]);
      if (renewed.rowCount === 0) throw new LeaseLostError();
      const updated = await tx.query(
        `UPDATE "OrderSyncState" SET "linesProcessed" = $1, "ordersIngested" = "ordersIngested" + $2, "updatedAt" = $3::timestamp(3) WHERE "shop" = $4`,
        [progress.linesDone, progress.ordersInBatch, iso(new Date()), shop],
      );
      // Prisma's update threw when the row was missing; the batch must not commit without its progress.
      if (updated.rowCount === 0) throw new Error(`order sync: no sync state for ${shop}`);
    },
  }, "background");
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

/**
 * Postgres: a column per array parameter, spread into rows by `unnest`: 21 parameters for 1,000
 * orders instead of 21,000. Times go as ISO strings cast to timestamp(3), the UTC wall-clock time
 * Prisma itself stores. Returns the SELECT and its parameters (numbered from 1).
 */
function unnest(columns: [name: string, pgType: string][], rows: unknown[][]) {
  const params = columns.map((_, i) => rows.map((row) => row[i] ?? null));
  return { select: `SELECT * FROM unnest(${columns.map(([, pgType], i) => `$${i + 1}::${pgType}[]`).join(", ")})`, params };
}
const iso = (date: Date | null) => (date ? date.toISOString() : null);

const ORDER_TYPES: [string, string][] = [
  ["id", "text"], ["shop", "text"], ["shopifyId", "text"], ["name", "text"], ["customerId", "text"], ["email", "text"], ["customerName", "text"],
  ["shippingAddress", "text"], ["shipCountry", "text"], ["currency", "text"], ["processedAt", "timestamp(3)"], ["shopifyUpdatedAt", "timestamp(3)"],
  ["fulfilledAt", "timestamp(3)"], ["cancelledAt", "timestamp(3)"], ["orderCreatedAt", "timestamp(3)"], ["fulfillmentStatus", "text"],
  ["financialStatus", "text"], ["test", "boolean"], ["syncedAt", "timestamp(3)"], ["uploadStatus", "text"], ["uploadAttempts", "integer"],
];

async function insertOrdersPostgres(tx: PgTx, shop: string, orders: OrderRecord[], now: Date) {
  const rows = orders.map((o) => [
    orderedId(), shop, o.shopifyId, o.name, o.customerId, o.email, o.customerName, o.shippingAddress ? JSON.stringify(o.shippingAddress) : null,
    o.shippingAddress?.countryCode ?? null, o.currency, iso(o.processedAt), iso(o.updatedAt), iso(o.fulfilledAt), iso(o.cancelledAt), iso(o.createdAt),
    o.fulfillmentStatus, o.financialStatus, o.test, iso(now), "pending", 0,
  ]);
  const { select, params } = unnest(ORDER_TYPES, rows);
  return (await tx.query<{ id: string; shopifyId: string }>(`INSERT INTO "Order" (${ORDER_COLUMNS}) ${select} ${UPSERT_ORDER}`, params)).rows;
}

type PendingLine = { orderId: string; line: OrderRecord["lineItems"][number] };
const LINE_COLUMNS = `"id", "orderId", "shopifyId", "sku", "title", "quantity", "price", "variantTitle", "variantId", "productId",
  "currentQuantity", "unfulfilledQuantity", "requiresShipping", "imageUrl"`;

const LINE_TYPES: [string, string][] = [
  ["id", "text"], ["orderId", "text"], ["shopifyId", "text"], ["sku", "text"], ["title", "text"], ["quantity", "integer"], ["price", "text"],
  ["variantTitle", "text"], ["variantId", "text"], ["productId", "text"], ["currentQuantity", "integer"], ["unfulfilledQuantity", "integer"],
  ["requiresShipping", "boolean"], ["imageUrl", "text"],
];

async function insertLinesPostgres(tx: PgTx, lines: PendingLine[]) {
  const rows = lines.map(({ orderId, line: l }) => [
    orderedId(), orderId, l.shopifyId, l.sku, l.title, l.quantity, l.price, l.variantTitle, l.variantId, l.productId, l.currentQuantity,
    l.unfulfilledQuantity, l.requiresShipping, l.imageUrl,
  ]);
  const { select, params } = unnest(LINE_TYPES, rows);
  await tx.query(`INSERT INTO "LineItem" (${LINE_COLUMNS}) ${select}`, params);
}

/** Product data per variant; the newest read always wins (it is Shopify's current state). */
export async function writeVariants(shop: string, input: VariantRecord[]) {
  if (input.length === 0) return;
  const sqlite = sqliteConnection();
  if (sqlite) await sqlite.steps([...variantStepsSqlite(shop, input, new Date()), readinessChangedSqlite(shop)]);
  else {
    await postgresTransaction(async (tx) => {
      await writeVariantsPostgres(tx, shop, input, new Date());
      await readinessChangedPostgres(tx, shop);
    });
  }
}

const uniqueVariants = (input: VariantRecord[]) => [...new Map(input.map((variant) => [variant.variantId, variant])).values()];

function variantStepsSqlite(shop: string, input: VariantRecord[], now: Date): SqlStep[] {
  if (input.length === 0) return [];
  const refreshedAt = sqliteDate(now);
  return [
    {
      sql: `INSERT INTO "SyncedVariant" (${VARIANT_COLUMNS}) VALUES (${placeholders(14)}) ${UPSERT_VARIANT}`,
      rows: uniqueVariants(input).map((v) => [
        orderedId(), shop, v.variantId, v.productId, v.sku, v.barcode, v.productTitle, v.variantTitle, v.imageUrl, v.productTags, v.hsCode, v.countryOfOrigin,
        v.weightGrams, refreshedAt,
      ]),
    },
  ];
}

const VARIANT_TYPES: [string, string][] = [
  ["id", "text"], ["shop", "text"], ["variantId", "text"], ["productId", "text"], ["sku", "text"], ["barcode", "text"], ["productTitle", "text"],
  ["variantTitle", "text"], ["imageUrl", "text"], ["productTags", "text"], ["hsCode", "text"], ["countryOfOrigin", "text"],
  ["weightGrams", "double precision"], ["refreshedAt", "timestamp(3)"],
];

async function writeVariantsPostgres(tx: PgTx, shop: string, input: VariantRecord[], now: Date) {
  for (const part of chunk(uniqueVariants(input), 1000)) {
    const rows = part.map((v) => [
      orderedId(), shop, v.variantId, v.productId, v.sku, v.barcode, v.productTitle, v.variantTitle, v.imageUrl, v.productTags, v.hsCode,
      v.countryOfOrigin, v.weightGrams, iso(now),
    ]);
    const { select, params } = unnest(VARIANT_TYPES, rows);
    await tx.query(`INSERT INTO "SyncedVariant" (${VARIANT_COLUMNS}) ${select} ${UPSERT_VARIANT}`, params);
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

// ---------- orders from webhooks and reconciliation ----------

/** The SEKO upload queued in the orders' own transaction: a process that dies after the commit cannot leave them unqueued. */
function queueingUpload(shop: string): AlsoInTransaction {
  const input = { shop, kind: "upload" } as const;
  return {
    sqlite: [enqueueStatement("sqlite", input)],
    postgres: async (tx) => {
      const { sql, args } = enqueueStatement("postgres", input);
      await tx.query(sql, args);
    },
  };
}

/**
 * Writes orders from webhooks or reconciliation and queues what follows from them: their upload to
 * SEKO in the same transaction (also when every order was an older copy: the run then finds nothing
 * to send), and a product data lookup for variants the shop has none for.
 */
export async function applyOrders(shop: string, orders: OrderRecord[], variants: VariantRecord[] = [], claim?: JobClaim) {
  const also = together(claim ? completingJobs(claim) : null, orders.length > 0 ? queueingUpload(shop) : null);
  const written = await writeInTransaction(shop, orders, variants, also);
  if (written > 0 && (await hasUnknownVariants(shop, orders))) await enqueueJob({ shop, kind: "variants" });
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
