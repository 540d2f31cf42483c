/**
 * One ingest measurement in its own process (so peak RSS is this run's):
 * `tsx tests/bench/ingest.ts <file> <mode>`, mode "stream" (the app's path)
 * or "naive" (one Prisma upsert per order, the baseline). Prints JSON.
 */
import fs from "node:fs";
import { removeDb } from "./env";

const [file, mode = "stream", limitText] = process.argv.slice(2);
const { db } = await import("~/utils/db.server");
const { ingestOrderLines } = await import("~/shopify/order-sync.server");
const { splitLines } = await import("~/shopify/bulk.server");
const { configureOrderSync } = await import("~/shopify/order-sync-config.server");
if (process.env.BENCH_BATCH) configureOrderSync({ ingestBatch: Number(process.env.BENCH_BATCH) });
const { gqlLineItemSchema, gqlOrderSchema, orderFromGql } = await import("~/shopify/order-sync");

const shop = "bench.myshopify.com";
let peak = 0;
let peakAnon = 0;
/** Anonymous memory (heap, native allocations), without file pages SQLite maps from the database file. */
const anonRss = () => {
  const match = /RssAnon:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
};
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
  peakAnon = Math.max(peakAnon, anonRss());
}, 25);
const started = performance.now();
let orders = 0;

// The peak RSS by the time MARK orders were read, and at the end of the same run: does memory grow with the file?
const MARK = Number(process.env.BENCH_MARK_ORDERS ?? 10_000);
let ordersRead = 0;
let peakAtMark: number | null = null;
async function* counted(source: AsyncIterable<string[]>) {
  for await (const chunk of source) {
    for (const line of chunk) {
      if (!line.startsWith('{"id":"gid://shopify/Order/')) continue; // an order's line (its line items follow it)
      if (++ordersRead === MARK + 1) peakAtMark = Math.max(peak, process.memoryUsage().rss);
    }
    yield chunk;
  }
}

if (mode === "stream") {
  const result = await ingestOrderLines(shop, counted(splitLines(fs.createReadStream(file!))));
  orders = result.orders;
} else {
  // The baseline: what a straightforward implementation does, one order (with its lines) per statement.
  const limit = Number(limitText ?? 5000);
  let current: { order: unknown; lines: unknown[] } | null = null;
  const write = async (entry: { order: unknown; lines: unknown[] }) => {
    const record = orderFromGql(gqlOrderSchema.parse(entry.order), entry.lines.map((l) => gqlLineItemSchema.parse(l)));
    const data = {
      name: record.name, email: record.email, customerId: record.customerId, customerName: record.customerName,
      shippingAddress: JSON.stringify(record.shippingAddress), currency: record.currency, processedAt: record.processedAt,
      shopifyUpdatedAt: record.updatedAt, fulfilledAt: record.fulfilledAt,
    };
    await db.order.upsert({
      where: { shop_shopifyId: { shop, shopifyId: record.shopifyId } },
      create: { shop, shopifyId: record.shopifyId, ...data, lineItems: { create: record.lineItems.map((l) => ({ shopifyId: l.shopifyId, sku: l.sku, title: l.title, quantity: l.quantity, price: l.price })) } },
      update: data,
    });
    orders++;
  };
  for await (const raw of (async function* () {
    for await (const chunk of splitLines(fs.createReadStream(file!))) yield* chunk;
  })()) {
    const value = JSON.parse(raw) as { __parentId?: string };
    if (value.__parentId) current?.lines.push(value);
    else {
      if (current) await write(current);
      if (orders >= limit) break;
      current = { order: value, lines: [] };
    }
  }
  if (current && orders < limit) await write(current);
}

const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const stored = await db.order.count({ where: { shop } });
const lineItems = await db.lineItem.count();
await db.$disconnect();
removeDb();
console.log(JSON.stringify({ mode, orders, stored, lineItems, seconds, ordersPerSecond: Math.round(orders / seconds), peakRssMb: Math.round(peak / 1024 / 1024), peakAnonRssMb: Math.round(peakAnon / 1024 / 1024), peakRssAtMarkMb: peakAtMark === null ? null : Math.round(peakAtMark / 1024 / 1024), markOrders: MARK, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
