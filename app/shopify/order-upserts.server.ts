import type { InValue } from "@libsql/client";
import type { PgTx } from "~/utils/db.server";
import { orderedId } from "~/utils/ordered-id";
import { sqliteDate, type SqlStep } from "~/utils/sqlite.server";
import type { LineRecord, OrderRecord, VariantRecord } from "./order-sync";

/**
 * The statements that store synced orders, their line items and product data, in
 * each dialect: on SQLite, steps of one transaction run row by row on the database
 * thread (docs/decisions/006-sqlite-writer-thread.md); on Postgres, set-based
 * `unnest` inserts on a `pg` transaction (docs/decisions/011-sqlite-and-postgres.md).
 * Both are conditional upserts that never roll an order back. The transactions they
 * run in, and what commits with them, are in order-ingest.server.ts;
 * docs/order-sync.md explains the moving parts.
 */

/** Keeps the newest copy when one batch holds an order twice. */
function newestPerOrder(orders: OrderRecord[]) {
  const byId = new Map<string, OrderRecord>();
  for (const order of orders) {
    const seen = byId.get(order.shopifyId);
    if (!seen || seen.updatedAt <= order.updatedAt) byId.set(order.shopifyId, order);
  }
  return [...byId.values()];
}

export const chunk = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Inserts or updates orders and their line items. An order is only
 * overwritten by a copy at least as new (Shopify's `updated_at`): a late or
 * replayed webhook, or a backfill reading an older snapshot, can never roll an
 * order back (ON CONFLICT ... DO UPDATE ... WHERE, RETURNING the orders
 * written, whose line items are then replaced). Returns how many orders were
 * written. On SQLite the statements run on the database thread inside
 * `writeInTransaction` (order-ingest.server.ts); this is the Postgres form (a
 * column array per parameter, `unnest`), on a `pg` transaction of its own:
 * Prisma's query compiler was the largest CPU item on this path
 * (docs/benchmarks.md).
 */
export async function writeOrdersPostgres(tx: PgTx, shop: string, input: OrderRecord[], now = new Date()): Promise<number> {
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
export function orderStepsSqlite(shop: string, input: OrderRecord[], now: Date): SqlStep[] {
  const orders = newestPerOrder(input);
  if (orders.length === 0) return [];
  const syncedAt = sqliteDate(now);
  const lines = orders.flatMap((o) => o.lineItems.map((l) => lineRowSqlite(o.shopifyId, l)));
  return [
    { sql: ORDER_UPSERT_SQLITE, rows: orders.map((o) => orderRowSqlite(o, shop, syncedAt)) },
    { sql: LINE_DELETE_SQLITE, rows: orders.map((o) => [o.shopifyId]), lookup: { column: 0, step: 0 } },
    { sql: LINE_INSERT_SQLITE, rows: lines, lookup: { column: 1, step: 0 } },
  ];
}

/** An order's row for {@link ORDER_UPSERT_SQLITE}. */
export const orderRowSqlite = (o: OrderRecord, shop: string, syncedAt: string): InValue[] => [...orderRow(o, shop), syncedAt, "pending", 0];

/** A line item's row for {@link LINE_INSERT_SQLITE}: its order by Shopify id, replaced by the id the upsert returned (a `lookup`). */
export const lineRowSqlite = (orderShopifyId: string, l: LineRecord): InValue[] => lineRow(orderShopifyId, l, l.requiresShipping ? 1 : 0);

/** A line item's values in LINE_COLUMNS order, for either database (SQLite stores booleans as 0 or 1). */
const lineRow = (orderRef: string, l: LineRecord, requiresShipping: boolean | 0 | 1) => [
  orderedId(),
  orderRef,
  l.shopifyId,
  l.sku,
  l.title,
  l.quantity,
  l.price,
  l.variantTitle,
  l.variantId,
  l.productId,
  l.currentQuantity,
  l.unfulfilledQuantity,
  requiresShipping,
  l.imageUrl,
];

export const placeholders = (n: number) => Array(n).fill("?").join(", ");

const orderRow = (o: OrderRecord, shop: string): InValue[] => [
  orderedId(),
  shop,
  o.shopifyId,
  o.name,
  o.customerId,
  o.email,
  o.customerName,
  o.shippingAddress ? JSON.stringify(o.shippingAddress) : null,
  o.shippingAddress?.countryCode ?? null,
  o.currency,
  sqliteDate(o.processedAt),
  sqliteDate(o.updatedAt),
  sqliteDate(o.fulfilledAt),
  sqliteDate(o.cancelledAt),
  sqliteDate(o.createdAt),
  o.fulfillmentStatus,
  o.financialStatus,
  o.test ? 1 : 0,
];

/**
 * The last step of every transaction that writes a shop's orders or product data: the stored
 * product readiness (app/shopify/products.server.ts) no longer matches. An upsert, not an update:
 * a page computing the shop's first snapshot meanwhile waits for this row's commit on Postgres
 * instead of storing a result that misses this transaction's rows.
 */
const READINESS_CHANGED = (placeholder: string) => `INSERT INTO "ReadinessSnapshot" ("shop", "version") VALUES (${placeholder}, 1)
  ON CONFLICT ("shop") DO UPDATE SET "version" = "ReadinessSnapshot"."version" + 1`;
export const readinessChangedSqlite = (shop: string): SqlStep => ({ sql: READINESS_CHANGED("?"), args: [shop] });
export const readinessChangedPostgres = (shop: string) => ({ sql: READINESS_CHANGED("$1"), args: [shop] });

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

/** The three statements that write orders on SQLite: step 0 RETURNS the ids of the orders written, steps 1 and 2 look them up. */
export const ORDER_UPSERT_SQLITE = `INSERT INTO "Order" (${ORDER_COLUMNS}) VALUES (${placeholders(21)}) ${UPSERT_ORDER}`;
export const LINE_DELETE_SQLITE = `DELETE FROM "LineItem" WHERE "orderId" = ?`;

/**
 * Postgres: a column per array parameter, spread into rows by `unnest`: 21 parameters for 1,000
 * orders instead of 21,000. Times go as ISO strings cast to timestamp(3), the UTC wall-clock time
 * Prisma itself stores. Returns the SELECT and its parameters (numbered from 1).
 */
function unnest(columns: [name: string, pgType: string][], rows: unknown[][]) {
  const params = columns.map((_, i) => rows.map((row) => row[i] ?? null));
  return { select: `SELECT * FROM unnest(${columns.map(([, pgType], i) => `$${i + 1}::${pgType}[]`).join(", ")})`, params };
}
export const iso = (date: Date | null) => (date ? date.toISOString() : null);

const ORDER_TYPES: [string, string][] = [
  ["id", "text"],
  ["shop", "text"],
  ["shopifyId", "text"],
  ["name", "text"],
  ["customerId", "text"],
  ["email", "text"],
  ["customerName", "text"],
  ["shippingAddress", "text"],
  ["shipCountry", "text"],
  ["currency", "text"],
  ["processedAt", "timestamp(3)"],
  ["shopifyUpdatedAt", "timestamp(3)"],
  ["fulfilledAt", "timestamp(3)"],
  ["cancelledAt", "timestamp(3)"],
  ["orderCreatedAt", "timestamp(3)"],
  ["fulfillmentStatus", "text"],
  ["financialStatus", "text"],
  ["test", "boolean"],
  ["syncedAt", "timestamp(3)"],
  ["uploadStatus", "text"],
  ["uploadAttempts", "integer"],
];

async function insertOrdersPostgres(tx: PgTx, shop: string, orders: OrderRecord[], now: Date) {
  const rows = orders.map((o) => [
    orderedId(),
    shop,
    o.shopifyId,
    o.name,
    o.customerId,
    o.email,
    o.customerName,
    o.shippingAddress ? JSON.stringify(o.shippingAddress) : null,
    o.shippingAddress?.countryCode ?? null,
    o.currency,
    iso(o.processedAt),
    iso(o.updatedAt),
    iso(o.fulfilledAt),
    iso(o.cancelledAt),
    iso(o.createdAt),
    o.fulfillmentStatus,
    o.financialStatus,
    o.test,
    iso(now),
    "pending",
    0,
  ]);
  const { select, params } = unnest(ORDER_TYPES, rows);
  return (await tx.query<{ id: string; shopifyId: string }>(`INSERT INTO "Order" (${ORDER_COLUMNS}) ${select} ${UPSERT_ORDER}`, params)).rows;
}

type PendingLine = { orderId: string; line: OrderRecord["lineItems"][number] };
const LINE_COLUMNS = `"id", "orderId", "shopifyId", "sku", "title", "quantity", "price", "variantTitle", "variantId", "productId",
  "currentQuantity", "unfulfilledQuantity", "requiresShipping", "imageUrl"`;
export const LINE_INSERT_SQLITE = `INSERT INTO "LineItem" (${LINE_COLUMNS}) VALUES (${placeholders(14)})`;

const LINE_TYPES: [string, string][] = [
  ["id", "text"],
  ["orderId", "text"],
  ["shopifyId", "text"],
  ["sku", "text"],
  ["title", "text"],
  ["quantity", "integer"],
  ["price", "text"],
  ["variantTitle", "text"],
  ["variantId", "text"],
  ["productId", "text"],
  ["currentQuantity", "integer"],
  ["unfulfilledQuantity", "integer"],
  ["requiresShipping", "boolean"],
  ["imageUrl", "text"],
];

async function insertLinesPostgres(tx: PgTx, lines: PendingLine[]) {
  const rows = lines.map(({ orderId, line }) => lineRow(orderId, line, line.requiresShipping));
  const { select, params } = unnest(LINE_TYPES, rows);
  await tx.query(`INSERT INTO "LineItem" (${LINE_COLUMNS}) ${select}`, params);
}

const uniqueVariants = (input: VariantRecord[]) => [...new Map(input.map((variant) => [variant.variantId, variant])).values()];

export function variantStepsSqlite(shop: string, input: VariantRecord[], now: Date): SqlStep[] {
  if (input.length === 0) return [];
  const refreshedAt = sqliteDate(now);
  return [
    {
      sql: `INSERT INTO "SyncedVariant" (${VARIANT_COLUMNS}) VALUES (${placeholders(14)}) ${UPSERT_VARIANT}`,
      rows: uniqueVariants(input).map((v) => [
        orderedId(),
        shop,
        v.variantId,
        v.productId,
        v.sku,
        v.barcode,
        v.productTitle,
        v.variantTitle,
        v.imageUrl,
        v.productTags,
        v.hsCode,
        v.countryOfOrigin,
        v.weightGrams,
        refreshedAt,
      ]),
    },
  ];
}

const VARIANT_TYPES: [string, string][] = [
  ["id", "text"],
  ["shop", "text"],
  ["variantId", "text"],
  ["productId", "text"],
  ["sku", "text"],
  ["barcode", "text"],
  ["productTitle", "text"],
  ["variantTitle", "text"],
  ["imageUrl", "text"],
  ["productTags", "text"],
  ["hsCode", "text"],
  ["countryOfOrigin", "text"],
  ["weightGrams", "double precision"],
  ["refreshedAt", "timestamp(3)"],
];

export async function writeVariantsPostgres(tx: PgTx, shop: string, input: VariantRecord[], now: Date) {
  for (const part of chunk(uniqueVariants(input), 1000)) {
    const rows = part.map((v) => [
      orderedId(),
      shop,
      v.variantId,
      v.productId,
      v.sku,
      v.barcode,
      v.productTitle,
      v.variantTitle,
      v.imageUrl,
      v.productTags,
      v.hsCode,
      v.countryOfOrigin,
      v.weightGrams,
      iso(now),
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
