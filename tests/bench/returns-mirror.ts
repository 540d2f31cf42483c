/**
 * SEKO returns written into Shopify, at volume: BENCH_RETURNS live returns (1,000) on as many orders
 * of a generated store, each told by SEKO in five deliveries through the tracking route (Return
 * Created with one event per item, Return in Transit, Depot Scan, Delivered Back To Retailer, and
 * SEKO's retry of the first; one return in ten has its transit status before Return Created). The
 * `return-mirror` jobs run after each round of deliveries against the simulated Shopify, whose
 * leaky bucket (BENCH_RESTORE_RATE points/s, Shopify's standard 100 unless set; a bucket ten times
 * that) throttles them as Shopify would. "Restock" is the setting. Counts what reached Shopify and
 * prints JSON. Alone: `npm run bench -- returns-mirror` (./run.ts) runs it and rewrites its section
 * of docs/benchmarks.md.
 */
import { benchDatabase, removeDb } from "./env";

// After ./env: these read the app's environment.
const { server: fakes } = await import("../mocks/node");
fakes.listen({ onUnhandledRequest: "bypass" });
const { generateDemoStore } = await import("../fixtures/demo-store");
const { shopifyStore } = await import("../mocks/shopify");
const { trackingEvent, trackingEventsRequest } = await import("../mocks/seko");
const { DEMO_SCOPES } = await import("../setup/config");
const { Session } = await import("@shopify/shopify-api");
const { sessionStorage } = await import("~/shopify.server");
const { db } = await import("~/utils/db.server");
const { configureOrderSync } = await import("~/shopify/order-sync-config.server");
const { rotateTrackingCredentials } = await import("~/seko/tracking-receiver.server");
const { action: trackingRoute } = await import("~/routes/seko.tracking.$token");
const { drainJobs } = await import("~/job-handlers.server");

const RETURNS = Number(process.env.BENCH_RETURNS ?? 1000);
const RESTORE = Number(process.env.BENCH_RESTORE_RATE ?? 100);
const SHOP = "bench-returns.myshopify.com";
const SCOPES = `${DEMO_SCOPES},read_all_orders,write_returns`;
configureOrderSync({ runner: "manual" });

// A store with enough returnable orders: fulfilled, paid, each line shipped and with a SKU.
const store = generateDemoStore({ seed: 28, orders: Math.ceil(RETURNS * 2.5), shopDomain: SHOP });
shopifyStore(SHOP).replaceData(store);
shopifyStore(SHOP).setScopes(SCOPES);
shopifyStore(SHOP).setThrottleStatus({ maximumAvailable: RESTORE * 10, currentlyAvailable: RESTORE * 10, restoreRate: RESTORE });
const orders = store.orders
  .filter((o) => o.displayFinancialStatus === "PAID" && !o.cancelledAt && o.fulfillments.some((f) => f.status === "SUCCESS") && o.lineItems.some((li) => li.requiresShipping && li.sku))
  .slice(0, RETURNS);
if (orders.length < RETURNS) throw new Error(`the generated store has ${orders.length} returnable orders, not ${RETURNS}`);

const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: SCOPES });
session.accessToken = shopifyStore(SHOP).issueAccessToken({ scopes: SCOPES });
await sessionStorage!.storeSession(session);
await db.shop.create({ data: { shop: SHOP, scopes: SCOPES } });
await db.goLive.create({ data: { shop: SHOP, liveAt: new Date(), liveBy: "bench" } });
await db.returnMirrorSettings.create({ data: { shop: SHOP, enabled: true, onDelivered: "restock", restockLocationId: store.locations[0]!.id, updatedBy: "bench" } });
const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
const token = new URL(credentials.url).pathname.split("/").pop()!;

// Shopify's answers, counted as they leave the fake.
let calls = 0;
let throttled = 0;
let points = 0;
fakes.events.on("response:mocked", ({ request, response }) => {
  if (!request.url.endsWith("/graphql.json")) return;
  calls++;
  void response
    .clone()
    .text()
    .then((text) => {
      if (text.includes('"THROTTLED"')) throttled++;
      const cost = /"actualQueryCost":\s*(\d+)/.exec(text);
      if (cost) points += Number(cost[1]);
    });
});

type Delivery = unknown[];
const plans = orders.map((order, i) => {
  const consignmentNo = `BENCH${String(i).padStart(6, "0")}`;
  const base = {
    ConsignmentNo: consignmentNo,
    OrderNo: order.name.replace("#", ""),
    OmniRPSTrackingNo: `RPS${String(i).padStart(8, "0")}`,
    ItemNo: undefined,
    ReturnReason: undefined,
    ReturnAction: undefined,
  };
  const lines = order.lineItems.filter((li) => li.requiresShipping && li.sku).slice(0, 2);
  const created: Delivery = lines.map((li, n) =>
    trackingEvent({ ...base, Code: "RC", EventDT: `2026-03-01 10:00:0${n}`, ItemNo: li.sku!, ReturnReason: n ? "Faulty" : "Too small", ReturnAction: "Refund" }),
  );
  const status = (code: string, at: string): Delivery => [trackingEvent({ ...base, Code: code, EventDT: at })];
  const transit = status("RT", "2026-03-02 09:00:00");
  const outOfOrder = i % 10 === 0;
  return { rounds: [outOfOrder ? transit : created, outOfOrder ? created : transit, status("DS", "2026-03-04 09:00:00"), status("RDBTC", "2026-03-09 09:00:00"), created], units: lines.length };
});

async function deliver(events: Delivery) {
  const response = await trackingRoute({ request: trackingEventsRequest(credentials.url, events, credentials), params: { token }, context: {} });
  if (response.status !== 200) throw new Error(`the tracking route answered ${response.status}: ${await response.text()}`);
}

const rss = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const started = performance.now();
const rounds: { deliveriesMs: number; jobsMs: number; jobs: number }[] = [];
let deliveries = 0;
for (let round = 0; round < 5; round++) {
  const t0 = performance.now();
  for (const plan of plans) {
    await deliver(plan.rounds[round]!);
    deliveries++;
  }
  const queued = await db.syncJob.count({ where: { shop: SHOP, kind: "return-mirror" } });
  const t1 = performance.now();
  // The runner's passes, until nothing is queued (a job retried after THROTTLED or a failure waits for its back-off).
  while ((await db.syncJob.count({ where: { shop: SHOP, kind: "return-mirror" } })) > 0) {
    await drainJobs({ shop: SHOP });
    await db.syncJob.updateMany({ where: { shop: SHOP }, data: { runAt: new Date(Date.now() - 1) } });
  }
  rounds.push({ deliveriesMs: Math.round(t1 - t0), jobsMs: Math.round(performance.now() - t1), jobs: queued });
  console.log(`bench: returns-mirror round ${round + 1}: ${JSON.stringify(rounds.at(-1))}`);
}
const totalMs = Math.round(performance.now() - started);

const rows = await db.shopifyReturn.groupBy({ by: ["state"], where: { shop: SHOP }, _count: { _all: true } });
const states = Object.fromEntries(rows.map((row) => [row.state, row._count._all]));
const shopifyReturns = shopifyStore(SHOP).data.orders.flatMap((o) => o.returns ?? []);
const deliveriesInShopify = shopifyReturns.reduce((n, r) => n + r.reverseFulfillmentOrders.reduce((m, rfo) => m + rfo.reverseDeliveries.length, 0), 0);
const restocked = shopifyReturns.reduce(
  (n, r) => n + r.reverseFulfillmentOrders.reduce((m, rfo) => m + rfo.lineItems.reduce((k, li) => k + li.dispositions.reduce((q, d) => q + (d.type === "RESTOCKED" ? d.quantity : 0), 0), 0), 0),
  0,
);
const units = plans.reduce((n, plan) => n + plan.units, 0);
const failedAttempts = await db.shopifyReturn.aggregate({ where: { shop: SHOP }, _sum: { attempts: true } });

console.log(
  JSON.stringify({
    database: benchDatabase,
    returns: RETURNS,
    deliveries,
    events: await db.trackingEvent.count({ where: { shop: SHOP } }),
    restoreRate: RESTORE,
    totalMs,
    rounds,
    shopifyCalls: calls,
    throttled,
    pointsSpent: points,
    states,
    shopifyReturns: shopifyReturns.length,
    ordersWithTwoReturns: shopifyStore(SHOP).data.orders.filter((o) => (o.returns ?? []).length > 1).length,
    reverseDeliveries: deliveriesInShopify,
    unitsRestocked: restocked,
    units,
    attemptsLeft: failedAttempts._sum.attempts ?? 0,
    peakRssMb: rss(),
  }),
);
fakes.close();
await removeDb();
process.exit(0);
