/**
 * The soak (issue 26): one production-build instance (./app-instance.ts) under everything at once
 * for BENCH_SOAK_SECONDS (600), all on 127.0.0.1, the load from a thread of this process
 * (./load-worker.ts), every stream open loop (sent on schedule, answered or not):
 *
 * - signed order webhooks, BENCH_SOAK_WEBHOOK_RATE/s (20): new orders, every 10th a redelivery,
 *   every 3rd order updated later (./webhook-plan.ts);
 * - SEKO tracking deliveries, BENCH_SOAK_TRACKING_RATE/s (0.5) of BENCH_SOAK_TRACKING_EVENTS (100)
 *   events, every 5th the previous delivery again (SEKO's retry);
 * - admin page loads, BENCH_SOAK_PAGE_RATE/s (1): the step 5 page and Home, with a session token;
 * - hostile requests, BENCH_SOAK_HOSTILE_RATE/s (2), in turn: bodies over the caps (declared and
 *   chunked) on webhooks, login and the tracking route, malformed JSON (signed), the wrong content
 *   type, a GET on a webhook, an unknown tracking token (./soak-hostile.ts).
 *
 * The server's resident memory is read from the kernel every BENCH_SOAK_SAMPLE_SECONDS (5). After the
 * load the job queue is drained and the database counted: lost (acknowledged, not stored), duplicated
 * (stored twice), and every 5xx and unanswered request. `tsx tests/bench/soak.ts` prints one JSON
 * line; ./soak-run.ts records it.
 */
import { removeDb } from "./env";
import { buildApp, memoryOf, startBuiltApp } from "./app-instance";
import { installShop, orderCounts, trackingCounts, trackingCredentials, waitForOrderJobs } from "./built-app-setup";
import { BROWSER, byStatus, latency, runLoad, scheduled, shopifyWebhook, trackingDelivery } from "./load";
import type { LoadRequest } from "./load-worker";
import { hostileRequests, soakTrackingDeliveries } from "./soak-hostile";
import { signSessionToken } from "../demo/session-token";
import { DEMO_API_KEY, DEMO_API_SECRET } from "../setup/config";
import { memoryTrend } from "./soak-memory";

const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const warmupSeconds = Number(process.env.BENCH_SOAK_WARMUP_SECONDS ?? Math.min(60, Math.round(seconds / 5)));
const sampleSeconds = Number(process.env.BENCH_SOAK_SAMPLE_SECONDS ?? 5);
const webhookRate = Number(process.env.BENCH_SOAK_WEBHOOK_RATE ?? 20);
const trackingRate = Number(process.env.BENCH_SOAK_TRACKING_RATE ?? 0.5);
const trackingEvents = Number(process.env.BENCH_SOAK_TRACKING_EVENTS ?? 100);
const pageRate = Number(process.env.BENCH_SOAK_PAGE_RATE ?? 1);
const hostileRate = Number(process.env.BENCH_SOAK_HOSTILE_RATE ?? 2);
const SHOP = "demo-returns-store.myshopify.com";
const TOKEN = "shpat_soak_bench";
const HOSTILE_SHOP = "bench-soak-hostile.myshopify.com";
const TRACKING_SHOP = "bench-soak-tracking.myshopify.com";

buildApp();
const { planWebhooks } = await import("./webhook-plan");
await installShop(SHOP, TOKEN);
await installShop(HOSTILE_SHOP, `${TOKEN}_hostile`);
const seko = await trackingCredentials(TRACKING_SHOP);
const hostileEndpoint = await trackingCredentials(HOSTILE_SHOP);
const app = await startBuiltApp({ BENCH_SHOP_TOKENS: `${SHOP}=${TOKEN},${HOSTILE_SHOP}=${TOKEN}_hostile`, TRUSTED_PROXY_HOPS: "1" });

// Order webhooks from Shopify's address.
const plan = planWebhooks(SHOP, Math.round(webhookRate * seconds), "#S", 9_500_000, 14);
const webhooks = plan.planned.map((p) => shopifyWebhook(SHOP, p.topic, p.body, p.eventId, p.topic, "203.0.113.10"));
// Tracking deliveries from SEKO's.
const deliveries = soakTrackingDeliveries(Math.max(1, Math.round(trackingRate * seconds)), trackingEvents);
const tracking = deliveries.map((d) => trackingDelivery(seko, d.body, d.retry ? "retry" : "delivery", "203.0.113.20", { keepAnswer: true }));
// Page loads from a merchant's browser: the session token App Bridge would give it, valid for the whole run.
const sessionToken = signSessionToken({ shop: SHOP, apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, lifetimeSeconds: seconds + 3600 });
const pageHeaders = { authorization: `Bearer ${sessionToken}`, "user-agent": BROWSER, "x-forwarded-for": "203.0.113.30" };
const pages: LoadRequest[] = Array.from({ length: Math.max(1, Math.round(pageRate * seconds)) }, (_, i) => {
  const path = i % 2 === 0 ? "/app/integration" : "/app";
  return { method: "GET", path, headers: pageHeaders, tag: path };
});
const hostileList = hostileRequests({ hostileShop: HOSTILE_SHOP, tracking: hostileEndpoint });
const hostile = Array.from({ length: Math.max(1, Math.round(hostileRate * seconds)) }, (_, i) => hostileList[i % hostileList.length]!);

const samples: { t: number; rssMb: number }[] = [];
const t0 = performance.now();
const sample = () => samples.push({ t: Math.round((performance.now() - t0) / 100) / 10, rssMb: memoryOf(app.pid).rssMb });
sample();
const sampler = setInterval(sample, sampleSeconds * 1000);
const results = await runLoad({
  port: app.port,
  timeoutMs: 30_000,
  streams: [
    { kind: "schedule", name: "webhooks", rate: webhookRate, requests: webhooks },
    { kind: "schedule", name: "tracking", rate: trackingRate, requests: tracking },
    { kind: "schedule", name: "pages", rate: pageRate, requests: pages },
    { kind: "schedule", name: "hostile", rate: hostileRate, requests: hostile },
  ],
});
clearInterval(sampler);
sample();
const loadSeconds = Math.round((performance.now() - t0) / 100) / 10;
const jobsLeft = await waitForOrderJobs(SHOP, 120_000);
const afterDrainMb = memoryOf(app.pid).rssMb;
const { peakMb } = memoryOf(app.pid);
await app.stop();

// Orders: every acknowledged order stored once, with its acknowledged update.
const hookAnswers = scheduled(results, "webhooks").answers;
const bodyOf = (i: number) => JSON.parse(plan.planned[i]!.body) as { admin_graphql_api_id: string; updated_at: string };
const acknowledgedOrders = new Set<string>();
const acknowledgedUpdates = new Map<string, string>();
const acknowledgedEvents = new Set<string>();
hookAnswers.forEach((answer, i) => {
  if (answer.status !== 200) return;
  const order = bodyOf(i);
  acknowledgedOrders.add(order.admin_graphql_api_id);
  acknowledgedEvents.add(`${plan.planned[i]!.topic} ${plan.planned[i]!.eventId}`);
  if (plan.planned[i]!.topic === "orders/updated") acknowledgedUpdates.set(order.admin_graphql_api_id, order.updated_at);
});
const orders = await orderCounts(SHOP, "#S", acknowledgedOrders, acknowledgedEvents.size, plan.linesPerOrder, acknowledgedUpdates);

// Tracking: every event of an acknowledged delivery stored once; a retry stores nothing new.
const trackingAnswers = scheduled(results, "tracking").answers;
const ackedEvents = new Set<string>();
let storedByAnswers = 0;
trackingAnswers.forEach((answer, i) => {
  if (answer.status !== 200) return;
  for (const key of deliveries[i]!.keys) ackedEvents.add(key);
  storedByAnswers += Number((JSON.parse(answer.answer ?? "{}") as { stored?: number }).stored ?? 0);
});
const events = await trackingCounts(TRACKING_SHOP);
const trackingResult = {
  deliveries: trackingAnswers.length,
  acknowledged: trackingAnswers.filter((a) => a.status === 200).length,
  uniqueEventsAcknowledged: ackedEvents.size,
  storedRows: events.rows,
  storedDistinct: events.distinct,
  storedByAnswers,
  lost: [...ackedEvents].filter((key) => !events.sent.has(key)).length,
  duplicated: events.rows - events.distinct + Math.max(0, storedByAnswers - ackedEvents.size),
  ...latency(trackingAnswers),
};

const all = results.flatMap((r) => (r.kind === "schedule" ? r.answers : []));
const hostileAnswers = scheduled(results, "hostile").answers;
const hostileByTag: Record<string, Record<string, number>> = {};
for (const a of hostileAnswers) (hostileByTag[a.tag] ??= {})[a.status] = (hostileByTag[a.tag]![a.status] ?? 0) + 1;
await removeDb();
console.log(
  JSON.stringify({
    seconds,
    loadSeconds,
    warmupSeconds,
    sampleSeconds,
    rates: { webhookRate, trackingRate, trackingEvents, pageRate, hostileRate },
    requests: all.length,
    fiveXx: all.filter((a) => a.status >= 500).length,
    noAnswer: all.filter((a) => a.status <= 0).length,
    webhooks: { ...latency(hookAnswers), statuses: byStatus(hookAnswers), ...orders },
    tracking: trackingResult,
    pages: { ...latency(scheduled(results, "pages").answers), statuses: byStatus(scheduled(results, "pages").answers) },
    hostile: hostileByTag,
    jobsLeft,
    memory: { ...memoryTrend(samples, warmupSeconds), afterDrainMb, peakMb },
    samples: samples.map((s) => [s.t, s.rssMb]),
    serverErrors: app.errors().slice(-5),
  }),
);
process.exit(0);
