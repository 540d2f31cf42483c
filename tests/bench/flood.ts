/**
 * The tracking route flooded with bad requests (issue 26): one production-build instance
 * (./app-instance.ts), the load from a thread of this process (./load-worker.ts), all on 127.0.0.1.
 *
 * Two phases of BENCH_FLOOD_SECONDS (20) each, after a warm-up: quiet, then flooded. In both, probes
 * on a fixed schedule (BENCH_FLOOD_PROBE_RATE, 20/s each): `GET /healthz` and a signed
 * orders/create webhook (each a new order). During the flood, BENCH_FLOOD_CONCURRENCY (64) senders,
 * each sending its next bad request as soon as the last is answered, to `POST /seko/tracking/<token>`:
 * unknown tokens, a real token with wrong passwords, and bodies over the route's cap
 * (BENCH_FLOOD_OVERSIZED_MB, 40: one event whose Status never ends, declared in Content-Length or
 * chunked), from BENCH_FLOOD_ADDRESSES (32) addresses as the load balancer reports them
 * (X-Forwarded-For, TRUSTED_PROXY_HOPS=1). Between the phases, BENCH_FLOOD_ALONE_SECONDS (4) of the
 * same bad requests from one sender: what each costs on a server with nothing else to do.
 * Afterwards every acknowledged order must be stored once.
 *
 * `tsx tests/bench/flood.ts` prints one JSON line; ./flood-run.ts records it.
 */
import { removeDb } from "./env";
import { buildApp, memoryOf, startBuiltApp } from "./app-instance";
import { installShop, orderCounts, trackingCredentials, waitForOrderJobs } from "./built-app-setup";
import { badTrackingRequests, byStatus, latency, looped, runLoad, scheduled, shopifyWebhook } from "./load";
import type { LoadRequest, LoopStream, ScheduleStream } from "./load-worker";

const seconds = Number(process.env.BENCH_FLOOD_SECONDS ?? 20);
const probeRate = Number(process.env.BENCH_FLOOD_PROBE_RATE ?? 20);
const concurrency = Number(process.env.BENCH_FLOOD_CONCURRENCY ?? 64);
const oversizedMb = Number(process.env.BENCH_FLOOD_OVERSIZED_MB ?? 40);
const addresses = Number(process.env.BENCH_FLOOD_ADDRESSES ?? 32);
const aloneSeconds = Number(process.env.BENCH_FLOOD_ALONE_SECONDS ?? 4);
const SHOP = "demo-returns-store.myshopify.com";
const TOKEN = "shpat_flood_bench";
const PROBE_FROM = "203.0.113.10";

buildApp();
const { planWebhooks } = await import("./webhook-plan");
await installShop(SHOP, TOKEN);
const real = await trackingCredentials("bench-flood-real.myshopify.com");
const leaked = await trackingCredentials("bench-flood-leaked.myshopify.com");
const app = await startBuiltApp({ BENCH_SHOP_TOKENS: `${SHOP}=${TOKEN}`, TRUSTED_PROXY_HOPS: "1" });
const rssStartMb = memoryOf(app.pid).rssMb;

const health: LoadRequest = { method: "GET", path: "/healthz", headers: { "x-forwarded-for": PROBE_FROM }, tag: "healthz" };
let firstId = 9_100_000;
/** `count` new orders (plain creates: every request its own order), and their Shopify ids. */
function orders(prefix: string, count: number) {
  const { planned, linesPerOrder } = planWebhooks(SHOP, count * 2, prefix, (firstId += 100_000), 12);
  const creates = planned.filter((p, i) => p.topic === "orders/create" && planned[i - 1]?.eventId !== p.eventId).slice(0, count);
  const ids = creates.map((p) => (JSON.parse(p.body) as { admin_graphql_api_id: string }).admin_graphql_api_id);
  return { requests: creates.map((p) => shopifyWebhook(SHOP, "orders/create", p.body, p.eventId, "order webhook", PROBE_FROM)), ids, linesPerOrder };
}
const probes = (name: string, count: number, hooks: LoadRequest[], delayMs = 0): ScheduleStream[] => [
  { kind: "schedule", name: `${name} healthz`, rate: probeRate, delayMs, requests: Array.from({ length: count }, () => health) },
  { kind: "schedule", name: `${name} webhooks`, rate: probeRate, delayMs, requests: hooks },
];
const bad = badTrackingRequests(real, leaked, oversizedMb * 1024 * 1024, addresses);
const input = (streams: (ScheduleStream | LoopStream)[]) => ({ port: app.port, timeoutMs: 15_000, streams });

// Warm-up, not counted: the build compiles its code paths on first use, and the job runner reads the first orders' products.
const warm = orders("#FW", probeRate * 3);
await runLoad(input([...probes("warm-up", probeRate * 3, warm.requests), { kind: "loop", name: "warm-up flood", concurrency: 4, seconds: 2, requests: bad }]));
await waitForOrderJobs(SHOP, 60_000);

const count = probeRate * seconds;
const quietHooks = orders("#FQ", count);
const quiet = await runLoad(input(probes("quiet", count, quietHooks.requests)));
await waitForOrderJobs(SHOP, 60_000);

// What one bad request costs on a server with nothing else to do: one sender, each kind in turn.
const alone = looped(await runLoad(input([{ kind: "loop", name: "alone", concurrency: 1, seconds: aloneSeconds, requests: bad }])), "alone");

// The flood starts first and runs a second past the probes on both sides.
const floodHooks = orders("#FF", count);
const flooded = await runLoad(input([{ kind: "loop", name: "flood", concurrency, seconds: seconds + 2, requests: bad }, ...probes("flood", count, floodHooks.requests, 1000)]));
const rssAfterFloodMb = memoryOf(app.pid).rssMb;
const jobsLeft = await waitForOrderJobs(SHOP, 120_000);
const { peakMb } = memoryOf(app.pid);
await app.stop();

const acknowledged = (hooks: { ids: string[] }, answers: { status: number }[]) => new Set(hooks.ids.filter((_, i) => answers[i]?.status === 200));
const quietCounts = await orderCounts(SHOP, "#FQ", acknowledged(quietHooks, scheduled(quiet, "quiet webhooks").answers), count, quietHooks.linesPerOrder);
const floodCounts = await orderCounts(SHOP, "#FF", acknowledged(floodHooks, scheduled(flooded, "flood webhooks").answers), count, floodHooks.linesPerOrder);
const flood = looped(flooded, "flood");
const statuses = flood.byTagAndStatus;
const fiveXx = Object.entries(statuses)
  .filter(([key]) => /\s5\d\d$/.test(key))
  .reduce((sum, [, n]) => sum + n, 0);
const noAnswer = Object.entries(statuses)
  .filter(([key]) => key.endsWith(" 0") || key.endsWith(" -1"))
  .reduce((sum, [, n]) => sum + n, 0);
await removeDb();
console.log(
  JSON.stringify({
    seconds,
    probeRate,
    concurrency,
    oversizedMb,
    addresses,
    aloneSeconds,
    quiet: { healthz: latency(scheduled(quiet, "quiet healthz").answers), webhooks: latency(scheduled(quiet, "quiet webhooks").answers), orders: quietCounts },
    flood: {
      healthz: latency(scheduled(flooded, "flood healthz").answers),
      webhooks: latency(scheduled(flooded, "flood webhooks").answers),
      webhookStatuses: byStatus(scheduled(flooded, "flood webhooks").answers),
      orders: floodCounts,
    },
    badRequests: flood.sent,
    badTimes: flood.msByTagAndStatus,
    alone: { statuses: alone.byTagAndStatus, times: alone.msByTagAndStatus },
    badPerSecond: Math.round(flood.sent / flood.seconds),
    badMaxMs: flood.maxMs,
    statuses,
    fiveXx,
    noAnswer,
    jobsLeft,
    rssStartMb,
    rssAfterFloodMb,
    peakRssMb: peakMb,
    serverErrors: app.errors().slice(-5),
  }),
);
process.exit(0);
