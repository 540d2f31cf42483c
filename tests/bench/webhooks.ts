/**
 * Order webhook handling under load: the real route module behind a local
 * HTTP server (localhost only), the simulated Shopify answering the job
 * runner's variant look-ups in-process. After a warm-up of other orders
 * (BENCH_WARMUP_SECONDS, 3 s, reported apart), sends `rate` requests/s for
 * `seconds` (open loop: the schedule does not wait for answers), then waits
 * for the queue to drain and counts what reached the database. Prints JSON.
 * With BENCH_BACKFILL_FILE, a bulk file is ingested for another shop during
 * the load.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { removeDb } from "./env";
import type { Planned } from "./webhook-plan";

// After ./env (which may wait for a Postgres database): these read the app's environment.
const { server: fakes } = await import("../mocks/node");
const { planWebhooks, signedRequests } = await import("./webhook-plan");

fakes.listen({ onUnhandledRequest: "bypass" });
const rate = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 30);
const SHOP = "demo-returns-store.myshopify.com";
const runner = (process.argv[4] ?? "auto") as "auto" | "manual";

const { action } = await import("~/routes/webhooks.orders.create");
const { action: updated } = await import("~/routes/webhooks.orders.updated");
const { jobsIdle } = await import("~/utils/job-runner.server");
const { drainJobs } = await import("~/job-handlers.server");
const { db } = await import("~/utils/db.server");
const { configureOrderSync } = await import("~/shopify/order-sync-config.server");
configureOrderSync({ runner });
const { Session } = await import("@shopify/shopify-api");
const { sessionStorage } = await import("~/shopify.server");
const { shopifyStore } = await import("../mocks/shopify");

const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: shopifyStore(SHOP).scopes });
session.accessToken = shopifyStore(SHOP).issueAccessToken();
await sessionStorage!.storeSession(session);
await db.shop.create({ data: { shop: SHOP, scopes: shopifyStore(SHOP).scopes } });

const app = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const request = new Request(`http://localhost${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
  const handler = req.url?.endsWith("/updated") ? updated : action;
  let response: Response;
  try {
    response = await handler({ request, params: {}, context: {} });
  } catch (thrown) {
    response = thrown instanceof Response ? thrown : new Response(String(thrown), { status: 500 });
  }
  res.writeHead(response.status);
  res.end(await response.text());
});
await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
const port = (app.address() as AddressInfo).port;

const total = rate * seconds;
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const { planned, expectedOrders, linesPerOrder } = planWebhooks(SHOP, total, "#B", 9_000_000, 10);

// The load generator runs on its own thread so its schedule is not held up by the server's work.
const SENDER = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const { planned, port, rate } = workerData;
const results = new Array(planned.length);
let finished = 0;
const t0 = performance.now();
planned.forEach((p, i) => {
  setTimeout(() => {
    const started = performance.now();
    const req = http.request({ host: "127.0.0.1", port, path: "/webhooks/" + p.topic, method: "POST", agent, headers: p.headers }, (res) => {
      res.resume();
      res.on("end", () => { results[i] = { ms: performance.now() - started, status: res.statusCode }; if (++finished === planned.length) parentPort.postMessage({ results, seconds: (performance.now() - t0) / 1000 }); });
    });
    req.on("error", () => { results[i] = { ms: performance.now() - started, status: 0 }; if (++finished === planned.length) parentPort.postMessage({ results, seconds: (performance.now() - t0) / 1000 }); });
    req.end(p.body);
  }, Math.max(0, t0 + (i * 1000) / rate - performance.now()));
});
`;
const wire = (list: Planned[]) => signedRequests(SHOP, list);
const { Worker } = await import("node:worker_threads");
async function send(list: Planned[]) {
  const worker = new Worker(SENDER, { eval: true, workerData: { planned: wire(list), port, rate } });
  const result = await new Promise<{ results: { ms: number; status: number }[]; seconds: number }>((resolve) => worker.once("message", resolve));
  await worker.terminate();
  return result;
}
const p99Of = (results: { ms: number }[]) => {
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]! * 10) / 10;
};

// Warm-up, not counted: a server that has just started compiles its code paths and reads the products of the
// first orders (in this process, from the simulated Shopify) while answering; a running server has done so.
let warmupP99: number | null = null;
if (warmupSeconds > 0) {
  const warmup = await send(planWebhooks(SHOP, rate * warmupSeconds, "#W", 8_000_000, 1).planned);
  warmupP99 = p99Of(warmup.results);
  await jobsIdle();
}
const deliveriesBefore = await db.webhookDelivery.count({ where: { shop: SHOP } });

// BENCH_BACKFILL_FILE: a bulk result file ingested for another shop during the load (a backfill running meanwhile).
const backfillFile = process.env.BENCH_BACKFILL_FILE;
let backfill: Promise<{ orders: number }> | null = null;
if (backfillFile) {
  const fs = await import("node:fs");
  const { ingestOrderLines } = await import("~/shopify/order-ingest.server");
  const { splitLines } = await import("~/shopify/bulk-file.server");
  backfill = ingestOrderLines("backfill-bench.myshopify.com", splitLines(fs.createReadStream(backfillFile)));
}
const { results: done, seconds: sendSeconds } = await send(planned);
const backfilled = backfill ? (await backfill).orders : null;
await jobsIdle();
await drainJobs();
await jobsIdle();
const latencies = done.map((r) => r.ms).sort((a, b) => a - b);
const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! * 10) / 10;
const benchOrders = { shop: SHOP, name: { startsWith: "#B" } };
const stored = await db.order.count({ where: benchOrders });
const lineItems = await db.lineItem.count({ where: { order: benchOrders } });
const deliveries = (await db.webhookDelivery.count({ where: { shop: SHOP } })) - deliveriesBefore;
const updatedOk = await db.order.count({ where: { ...benchOrders, shopifyUpdatedAt: { gte: new Date(Date.UTC(2026, 0, 11)) } } });
console.log(
  JSON.stringify({
    rate,
    seconds,
    warmupSeconds,
    warmupP99,
    backfilled,
    requests: done.length,
    sendSeconds: Math.round(sendSeconds * 10) / 10,
    non2xx: done.filter((r) => r.status !== 200).length,
    p50: pct(50),
    p99: pct(99),
    max: Math.round(latencies.at(-1)! * 10) / 10,
    uniqueEvents: new Set(planned.map((p) => p.eventId)).size,
    deliveriesRecorded: deliveries,
    expectedOrders,
    storedOrders: stored,
    expectedLineItems: expectedOrders * linesPerOrder,
    storedLineItems: lineItems,
    ordersWithTheirUpdate: updatedOk,
    jobsLeft: await db.syncJob.count({ where: { kind: "order" } }),
  }),
);
app.close();
fakes.close();
await db.$disconnect();
await removeDb();
process.exit(0);
