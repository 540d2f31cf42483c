/**
 * One app instance for the scale-out benchmark (./scaleout.ts): the real route modules behind a
 * localhost HTTP server, the real job runner (auto), against the shared Postgres database named
 * by BENCH_DATABASE_URL. The simulated Shopify answers in-process (msw), as in the other
 * benchmarks. Prints `{"ready":port}` once listening.
 *
 * Served: the order webhooks, the step 5 page's loader and its progress endpoint (with session
 * tokens, as the embedded page calls them), /healthz, and three bench-only controls: POST
 * /bench/backfill (ingests a bulk file as a backfill does, with its lease and progress), GET
 * /bench/jobs, and GET /bench/page-parts (the step 5 page's queries, each timed). Every order job
 * this instance committed is appended to BENCH_JOB_LOG, so the orchestrator can tell whether any
 * job ran on both instances.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import "./env";

// After ./env: the simulated Shopify reads the app's environment.
const { server: fakes } = await import("../mocks/node");

fakes.listen({ onUnhandledRequest: "bypass" });
const { configureOrderSync } = await import("~/shopify/order-sync-config.server");
configureOrderSync({ runner: "auto" });
const { configureJobs, PROCESS_OWNER } = await import("~/utils/job-queue.server");
const { startJobRunner } = await import("~/utils/job-runner.server");
// A short lease, so the survivor takes over a killed instance's claims within the run.
configureJobs({ leaseMs: Number(process.env.BENCH_LEASE_MS ?? 5_000) });
const { jobHandlers } = await import("~/job-handlers.server");
const jobLog = process.env.BENCH_JOB_LOG;
const order = jobHandlers.order;
if (!("batch" in order)) throw new Error("order jobs are expected to run in batches");
let jobsRun = 0;
// Started before any route starts it (the first start wins), with the order batches logged once committed.
startJobRunner({
  ...jobHandlers,
  order: {
    batch: async (shop, jobs, claim) => {
      // Its outcome passed on: "removed" spares the runner removing jobs the orders' transaction removed.
      const outcome = await order.batch(shop, jobs, claim);
      jobsRun += jobs.length;
      if (jobLog) fs.appendFileSync(jobLog, jobs.map((job) => `${job.key}\n`).join(""));
      return outcome;
    },
  },
});

// The webhook shop, installed: an offline token both instances' simulated Shopify accepts.
export const WEBHOOK_SHOP = "demo-returns-store.myshopify.com";
{
  const { Session } = await import("@shopify/shopify-api");
  const { sessionStorage } = await import("~/shopify.server");
  const { db } = await import("~/utils/db.server");
  const { shopifyStore, issueAccessToken } = await import("../mocks/shopify");
  const session = new Session({ id: `offline_${WEBHOOK_SHOP}`, shop: WEBHOOK_SHOP, state: "", isOnline: false, scope: shopifyStore(WEBHOOK_SHOP).scopes });
  session.accessToken = issueAccessToken(WEBHOOK_SHOP, { token: "shpat_scaleout_bench" });
  await sessionStorage!.storeSession(session);
  await db.shop.upsert({ where: { shop: WEBHOOK_SHOP }, create: { shop: WEBHOOK_SHOP, scopes: shopifyStore(WEBHOOK_SHOP).scopes }, update: {} });
}

const { action: created } = await import("~/routes/webhooks.orders.create");
const { action: updated } = await import("~/routes/webhooks.orders.updated");
const { loader: progress } = await import("~/routes/app.integration.progress");
const { loader: integration } = await import("~/routes/app.integration/route");
const { loader: health } = await import("~/routes/healthz");

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;
const routes: Record<string, Handler> = {
  "POST /webhooks/orders/create": created,
  "POST /webhooks/orders/updated": updated,
  "GET /app/integration/progress": progress,
  "GET /app/integration": integration,
  "GET /healthz": health,
};

async function backfill(shop: string, file: string) {
  const { Session } = await import("@shopify/shopify-api");
  const { sessionStorage } = await import("~/shopify.server");
  const { db } = await import("~/utils/db.server");
  const { acquireLock } = await import("~/utils/leases.server");
  const { ingestOrderLines } = await import("~/shopify/order-ingest.server");
  const { splitLines } = await import("~/shopify/bulk-file.server");
  const { DEMO_SCOPES } = await import("../setup/config");
  const session = new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, scope: DEMO_SCOPES });
  session.accessToken = "shpat_bench";
  await sessionStorage!.storeSession(session);
  const now = new Date();
  await db.shop.upsert({ where: { shop }, create: { shop, scopes: DEMO_SCOPES }, update: {} });
  await db.orderSyncState.upsert({
    where: { shop },
    create: { shop, status: "running", phase: "ingesting", startedAt: now, ingestStartedAt: now, estimatedTotal: Number(process.env.BENCH_EXPECTED_ORDERS ?? 100_000) },
    update: {},
  });
  if (!(await acquireLock(shop, "backfill", PROCESS_OWNER))) throw new Error("backfill lease not taken");
  const started = performance.now();
  const result = await ingestOrderLines(shop, splitLines(fs.createReadStream(file)), { lease: PROCESS_OWNER });
  const seconds = (performance.now() - started) / 1000;
  return { orders: result.orders, seconds: Math.round(seconds * 10) / 10, ordersPerSecond: Math.round(result.orders / seconds) };
}

/**
 * The step 5 page's work (app/routes/app.integration/view-model.server.ts and summaryAndReadiness in
 * app/integration/summary.server.ts) with each query timed: the same calls, at once as the loader makes
 * them, after the same authentication. Answers { part: ms }.
 */
async function pageParts(request: Request) {
  const { authenticate } = await import("~/shopify.server");
  const { integrationFact } = await import("~/guide/facts");
  const { latestSummary, orderVolume, shopFacts } = await import("~/integration/summary.server");
  const { loadReturnSettings } = await import("~/return-settings/return-settings.server");
  const { sekoClients } = await import("~/seko/connection.server");
  const { uploadSummary } = await import("~/seko/order-upload.server");
  const { productReadiness, refusedOrders } = await import("~/shopify/products.server");
  const { integrationRecords, syncSettings, syncView, webhookActivity } = await import("~/shopify/sync-view.server");
  const times: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>) => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      times[name] = Math.round((performance.now() - started) * 10) / 10;
    }
  };
  const started = performance.now();
  const { admin, session } = await timed("authenticate", () => authenticate.admin(request));
  const shop = session.shop;
  const offered = (await timed("returnSettings", () => loadReturnSettings(shop))).countries;
  const summary = async () => {
    const facts = await timed("shopFacts", () => shopFacts(admin.graphql as never));
    await Promise.all([
      timed("orderVolume", () => orderVolume(shop, new Date())),
      timed("syncView", () => syncView(shop)),
      timed("webhookActivity", () => webhookActivity(shop)),
      timed("productReadiness", () => productReadiness(shop, { shopCountry: facts.shop.shopAddress.countryCodeV2 ?? null, offered }, { duringImport: "reuse" })),
    ]);
  };
  await Promise.all([
    timed("integrationRecords", () => integrationRecords(shop).then(integrationFact)),
    timed("latestSummary", () => latestSummary(shop)),
    timed("uploadSummary", () => uploadSummary(shop)),
    timed("summaryAndReadiness", summary),
    timed("syncSettings", () => syncSettings(shop)),
    timed("sekoClients", () => sekoClients(shop)),
    timed("refusedOrders", () => refusedOrders(shop, 1)),
  ]);
  times.total = Math.round((performance.now() - started) * 10) / 10;
  return times;
}

const app = http.createServer(async (req, res) => {
  const url = new URL(`http://localhost${req.url}`);
  try {
    if (req.method === "POST" && url.pathname === "/bench/backfill") {
      const result = await backfill(url.searchParams.get("shop")!, url.searchParams.get("file")!);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
      return;
    }
    if (url.pathname === "/bench/page-parts") {
      const request = new Request(url, { headers: req.headers as Record<string, string> });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(await pageParts(request)));
      return;
    }
    if (url.pathname === "/bench/jobs") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jobsRun, rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024) }));
      return;
    }
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === "GET" ? undefined : Buffer.concat(chunks) });
    let result: unknown;
    try {
      result = await handler({ request, params: {}, context: {} });
    } catch (thrown) {
      result = thrown instanceof Response ? thrown : new Response(String(thrown), { status: 500 });
    }
    if (result instanceof Response) {
      res.writeHead(result.status).end(await result.text());
    } else {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result, (_, value) => (typeof value === "bigint" ? String(value) : value)));
    }
  } catch (error) {
    res.writeHead(500).end(error instanceof Error ? error.message : String(error));
  }
});
app.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
console.log(JSON.stringify({ ready: (app.address() as AddressInfo).port, owner: PROCESS_OWNER }));
