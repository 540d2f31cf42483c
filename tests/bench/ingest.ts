/**
 * One ingest measurement in its own process (so peak RSS is this run's):
 * `tsx tests/bench/ingest.ts <file> <mode>`, mode "stream" (the app's path)
 * or "naive" (one Prisma upsert per order, the baseline). Prints JSON.
 *
 * BENCH_PROGRESS ("idle" or "poll"), stream mode only: the ingest runs as a
 * backfill does (its shop's sync state and lease, progress in each commit);
 * with "poll" the step 5 page's progress endpoint (the real route loader,
 * session token and all) answers on a localhost HTTP server, and a client on
 * its own thread asks it every BENCH_POLL_MS (1000) ms, as an open page does.
 */
import fs from "node:fs";
import { removeDb } from "./env";

const [file, mode = "stream", limitText] = process.argv.slice(2);
const progressMode = process.env.BENCH_PROGRESS as "idle" | "poll" | undefined;
if (progressMode) {
  // The progress endpoint authenticates as the page does: a session token exchanged for the staff
  // member's online token, from the simulated Shopify. Started before the app's modules capture fetch,
  // in both modes so the runs compare.
  const { server } = await import("../mocks/node");
  server.listen({ onUnhandledRequest: "bypass" });
}
const { db } = await import("~/utils/db.server");
const { ingestOrderLines } = await import("~/shopify/order-ingest.server");
const { splitLines } = await import("~/shopify/bulk-file.server");
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

const lease = progressMode ? await backfillOf(shop) : undefined;
const poller = progressMode === "poll" ? await pollProgress(shop, Number(process.env.BENCH_POLL_MS ?? 1000)) : null;
if (mode === "stream") {
  const result = await ingestOrderLines(shop, counted(splitLines(fs.createReadStream(file!))), { lease });
  orders = result.orders;
} else {
  // The baseline: what a straightforward implementation does, one order (with its lines) per statement.
  const limit = Number(limitText ?? 5000);
  let current: { order: unknown; lines: unknown[] } | null = null;
  const write = async (entry: { order: unknown; lines: unknown[] }) => {
    const record = orderFromGql(
      gqlOrderSchema.parse(entry.order),
      entry.lines.map((l) => gqlLineItemSchema.parse(l)),
    );
    const data = {
      name: record.name,
      email: record.email,
      customerId: record.customerId,
      customerName: record.customerName,
      shippingAddress: JSON.stringify(record.shippingAddress),
      currency: record.currency,
      processedAt: record.processedAt,
      shopifyUpdatedAt: record.updatedAt,
      fulfilledAt: record.fulfilledAt,
    };
    await db.order.upsert({
      where: { shop_shopifyId: { shop, shopifyId: record.shopifyId } },
      create: {
        shop,
        shopifyId: record.shopifyId,
        ...data,
        lineItems: { create: record.lineItems.map((l) => ({ shopifyId: l.shopifyId, sku: l.sku, title: l.title, quantity: l.quantity, price: l.price })) },
      },
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
const polls = poller ? await poller.stop() : null;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
// Counted on SQLite through the connection the ingest wrote with: a first Prisma query would load Prisma's query
// compiler (about 20 MB) into the process's peak (the kernel's maxRSS below) after the ingest, which is not the ingest's.
const sqlite = (await import("~/utils/sqlite.server")).sqliteConnection();
const countOf = async (sql: string, args: string[]) => Number((await sqlite!.execute({ sql, args })).rows[0]![0]);
const stored = sqlite ? await countOf('SELECT COUNT(*) FROM "Order" WHERE shop = ?', [shop]) : await db.order.count({ where: { shop } });
const lineItems = sqlite ? await countOf('SELECT COUNT(*) FROM "LineItem"', []) : await db.lineItem.count();
await db.$disconnect();
await removeDb();
console.log(
  JSON.stringify({
    mode,
    orders,
    stored,
    lineItems,
    seconds,
    ordersPerSecond: Math.round(orders / seconds),
    peakRssMb: Math.round(peak / 1024 / 1024),
    peakAnonRssMb: Math.round(peakAnon / 1024 / 1024),
    peakRssAtMarkMb: peakAtMark === null ? null : Math.round(peakAtMark / 1024 / 1024),
    markOrders: MARK,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    progress: progressMode ?? null,
    ...polls,
  }),
);

/** The shop as a running backfill leaves it: installed, its sync state ingesting, the lease held. */
async function backfillOf(shop: string) {
  const { Session } = await import("@shopify/shopify-api");
  const { sessionStorage } = await import("~/shopify.server");
  const { acquireLock } = await import("~/utils/leases.server");
  const { PROCESS_OWNER } = await import("~/utils/job-queue.server");
  const { DEMO_SCOPES } = await import("../setup/config");
  const session = new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, scope: DEMO_SCOPES });
  session.accessToken = "shpat_bench";
  await sessionStorage!.storeSession(session);
  await db.shop.create({ data: { shop, scopes: DEMO_SCOPES } });
  const now = new Date();
  await db.orderSyncState.create({ data: { shop, status: "running", phase: "ingesting", startedAt: now, ingestStartedAt: now, estimatedTotal: Number(process.env.BENCH_EXPECTED_ORDERS ?? 100_000) } });
  if (!(await acquireLock(shop, "backfill", PROCESS_OWNER))) throw new Error("backfill lease not taken");
  return PROCESS_OWNER;
}

/**
 * Serves GET /app/integration/progress through the route's loader (as the
 * embedded page fetches it, with a session token) and polls it from a worker
 * thread every `ms`. stop() ends both and reports the answers.
 */
async function pollProgress(shop: string, ms: number) {
  const http = await import("node:http");
  const { Worker } = await import("node:worker_threads");
  const { loader } = await import("~/routes/app.integration.progress");
  const { signSessionToken } = await import("../demo/session-token");
  const { DEMO_API_KEY, DEMO_API_SECRET } = await import("../setup/config");
  const app = http.createServer(async (req, res) => {
    const request = new Request(`http://localhost${req.url}`, { headers: req.headers as Record<string, string> });
    try {
      const body = JSON.stringify(await loader({ request, params: {}, context: {} }));
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    } catch (thrown) {
      res.writeHead(thrown instanceof Response ? thrown.status : 500).end();
    }
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const { port } = app.address() as import("node:net").AddressInfo;
  const token = signSessionToken({ shop, apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, lifetimeSeconds: 3600 });
  const CLIENT = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { port, token, ms } = workerData;
const results = [];
let stopping = false;
function poll() {
  if (stopping) return parentPort.postMessage(results);
  const started = performance.now();
  const req = http.get({ host: "127.0.0.1", port, path: "/app/integration/progress", headers: { authorization: "Bearer " + token } }, (res) => {
    let body = "";
    res.setEncoding("utf8");
    res.on("data", (chunk) => (body += chunk));
    res.on("end", () => {
      let ingested = null;
      try { ingested = JSON.parse(body).progress.ingested; } catch {}
      results.push({ ms: performance.now() - started, status: res.statusCode, ingested });
      setTimeout(poll, Math.max(0, ms - (performance.now() - started)));
    });
  });
  req.on("error", () => { results.push({ ms: performance.now() - started, status: 0, ingested: null }); setTimeout(poll, ms); });
}
parentPort.on("message", () => { stopping = true; });
poll();
`;
  const worker = new Worker(CLIENT, { eval: true, workerData: { port, token, ms } });
  return {
    async stop() {
      const answered = new Promise<{ ms: number; status: number; ingested: number | null }[]>((resolve) => worker.once("message", resolve));
      worker.postMessage("stop");
      const results = await answered;
      await worker.terminate();
      app.close();
      const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
      const at = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 10) / 10;
      return {
        polls: results.length,
        pollsNot200: results.filter((r) => r.status !== 200).length,
        pollP50Ms: at(0.5),
        pollMaxMs: at(1),
        // The answers moved with the ingest: the endpoint reads the committed progress, not a stale row.
        pollDistinctProgress: new Set(results.map((r) => r.ingested)).size,
      };
    },
  };
}
