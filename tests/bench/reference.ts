/**
 * A straight-line reference for the bulk order ingest, to measure the app's
 * ingest against: `tsx tests/bench/reference.ts <file.jsonl>`.
 *
 * The same bulk JSONL (tests/bench/generate.ts), the same tables, keys and
 * indexes (a fresh SQLite file migrated with the project's migrations), the
 * same columns and order upsert as the app's SQLite writer
 * (app/shopify/order-upserts.server.ts), the app's connection pragmas; but
 * Node's node:sqlite on the main thread, prepared statements run as lines are
 * read, 500 orders a transaction, and no validation (JSON.parse, fields mapped
 * directly). It imports nothing from app/: it is a measuring tool, not a
 * second implementation. Prints one JSON line (the last line of stdout) and
 * exits non-zero when the rows stored are not the rows read.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const file = process.argv[2];
if (!file) {
  console.error("usage: tsx tests/bench/reference.ts <file.jsonl>");
  process.exit(2);
}

const BATCH = 500;
const SHOP = "bench.myshopify.com";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// ---------- a fresh database with the project's schema ----------
const benchDir = path.join(os.tmpdir(), "seko-bench");
fs.mkdirSync(benchDir, { recursive: true });
const dbFile = path.join(benchDir, `reference-${process.pid}.sqlite`);
const removeDb = () => {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
};
removeDb();
process.on("exit", removeDb); // also when the run fails half way
execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: `file:${dbFile}` },
  stdio: "pipe",
});

// Node 22 calls node:sqlite experimental and says so once (as tests/demo/live-store.ts does).
const emitWarning = process.emitWarning;
process.emitWarning = ((warning: string | Error, ...rest: never[]) => {
  if (!/SQLite is an experimental feature/.test(String(warning))) emitWarning.call(process, warning, ...rest);
}) as typeof process.emitWarning;
const { DatabaseSync } = await import("node:sqlite");
process.emitWarning = emitWarning;

const db = new DatabaseSync(dbFile);
// The app's connection pragmas (app/utils/sqlite.server.ts).
for (const sql of ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 5000"]) db.exec(sql);

// ---------- statements: the app's columns and order upsert ----------
const ORDER_COLUMNS = `"id", "shop", "shopifyId", "name", "customerId", "email", "customerName", "shippingAddress", "shipCountry", "currency",
  "processedAt", "shopifyUpdatedAt", "fulfilledAt", "cancelledAt", "orderCreatedAt", "fulfillmentStatus", "financialStatus", "test", "syncedAt",
  "uploadStatus", "uploadAttempts"`;
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
const LINE_COLUMNS = `"id", "orderId", "shopifyId", "sku", "title", "quantity", "price", "variantTitle", "variantId", "productId",
  "currentQuantity", "unfulfilledQuantity", "requiresShipping", "imageUrl"`;
const marks = (n: number) => Array(n).fill("?").join(", ");
const upsertOrder = db.prepare(`INSERT INTO "Order" (${ORDER_COLUMNS}) VALUES (${marks(21)}) ${UPSERT_ORDER}`);
const insertLine = db.prepare(`INSERT INTO "LineItem" (${LINE_COLUMNS}) VALUES (${marks(14)})`);

/**
 * Time-ordered ids (UUID version 7 layout), as the app writes: later ids
 * sort later, so inserts append to the primary-key indexes. Random UUIDs would
 * scatter them and make the reference slower than the floor it stands for.
 */
let lastMs = 0;
let counter = 0;
function orderedId() {
  const now = Date.now();
  if (now > lastMs) [lastMs, counter] = [now, 0];
  else if (++counter > 0xfff) [lastMs, counter] = [lastMs + 1, 0];
  const time = lastMs.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8)}-${(0x7000 | counter).toString(16)}${randomUUID().slice(18)}`;
}

/** DateTime as Prisma stores it in SQLite (the app's sqliteDate). */
const sqlDate = (value: string | null | undefined) => (value ? `${new Date(value).toISOString().slice(0, -1)}+00:00` : null);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- no validation, by design

function writeOrder(o: Json, syncedAt: string): string | null {
  const a: Json | null = o.shippingAddress ?? null;
  const address = a && {
    name: a.name ?? ([a.firstName, a.lastName].filter(Boolean).join(" ").trim() || null),
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    provinceCode: a.provinceCode ?? null,
    zip: a.zip ?? null,
    country: a.country ?? null,
    countryCode: a.countryCodeV2 ?? null,
  };
  let fulfilledAt: string | null = null;
  for (const f of (o.fulfillments ?? []) as Json[]) {
    if (/^(success|fulfilled)$/i.test(f.status) && (fulfilledAt === null || Date.parse(f.createdAt) < Date.parse(fulfilledAt))) fulfilledAt = f.createdAt;
  }
  const row = upsertOrder.get(
    orderedId(),
    SHOP,
    o.id,
    o.name,
    null,
    o.email ?? null,
    address?.name ?? null,
    address ? JSON.stringify(address) : null,
    address?.countryCode ?? null,
    o.currencyCode,
    sqlDate(o.processedAt),
    sqlDate(o.updatedAt),
    sqlDate(fulfilledAt),
    sqlDate(o.cancelledAt),
    sqlDate(o.createdAt),
    o.displayFulfillmentStatus ?? null,
    o.displayFinancialStatus ?? null,
    o.test ? 1 : 0,
    syncedAt,
    "pending",
    0,
  );
  return row ? String(row.id) : null;
}

function writeLine(orderId: string, l: Json) {
  insertLine.run(
    orderedId(),
    orderId,
    l.id,
    l.sku ?? l.variant?.sku ?? null,
    l.product?.title ?? l.title,
    l.quantity,
    l.originalUnitPriceSet.shopMoney.amount,
    l.variantTitle ?? null,
    l.variant?.id ?? null,
    l.product?.id ?? null,
    l.currentQuantity ?? null,
    l.unfulfilledQuantity ?? null,
    l.requiresShipping === false ? 0 : 1,
    l.image?.url ?? null,
  );
}

// ---------- the run ----------
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
const started = performance.now();
const cpuStarted = process.cpuUsage();

let ordersRead = 0;
let linesRead = 0;
let inBatch = 0;
let open = false;
let syncedAt = sqlDate(new Date().toISOString())!;
let currentOrder: string | null = null;

function handle(raw: string) {
  if (raw.length === 0) return;
  const value = JSON.parse(raw) as Json;
  if (typeof value.__parentId === "string") {
    linesRead++;
    if (currentOrder) writeLine(currentOrder, value);
    return;
  }
  // An order starts: the batch holds whole orders, committed every BATCH of them.
  if (inBatch >= BATCH) {
    db.exec("COMMIT");
    open = false;
    inBatch = 0;
  }
  if (!open) {
    db.exec("BEGIN IMMEDIATE");
    open = true;
    syncedAt = sqlDate(new Date().toISOString())!;
  }
  ordersRead++;
  inBatch++;
  currentOrder = writeOrder(value, syncedAt);
}

// The file line by line, never whole: chunks split at newlines, the tail carried over.
let tail = "";
for await (const chunk of fs.createReadStream(file, { encoding: "utf8", highWaterMark: 256 * 1024 })) {
  const text = tail + (chunk as string);
  let start = 0;
  for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
    handle(text.slice(start, end));
    start = end + 1;
  }
  tail = text.slice(start);
}
handle(tail);
if (open) db.exec("COMMIT");

const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const count = (table: string) => Number((db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n);
const storedOrders = count("Order");
const storedLines = count("LineItem");
db.close();
removeDb();

const ok = storedOrders === ordersRead && storedLines === linesRead;
console.log(
  JSON.stringify({
    mode: "reference",
    orders: ordersRead,
    lineItems: linesRead,
    storedOrders,
    storedLineItems: storedLines,
    seconds: Math.round(seconds * 1000) / 1000,
    ordersPerSecond: Math.round(ordersRead / seconds),
    // CPU time next to the wall time: on a loaded machine the gap is time spent waiting for a core.
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000,
    peakRssMb: Math.round(peak / 1024 / 1024),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
if (!ok) {
  console.error(`reference: read ${ordersRead} orders and ${linesRead} line items but stored ${storedOrders} and ${storedLines}`);
  process.exitCode = 1;
}
