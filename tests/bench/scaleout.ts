/**
 * Two app instances against one Postgres (issue 11's scale-out measurement), each its own
 * process (./instance.ts) on a throwaway server (tests/setup/postgres.ts):
 *
 * 1. Webhooks across both: `rate`/s for `seconds` (BENCH_SCALE_RATE 400, BENCH_SCALE_SECONDS 30)
 *    alternating between the instances, as a load balancer would. Then a second load at half the
 *    rate during which instance B is killed (SIGKILL, no goodbye) halfway; from then on the
 *    balancer sends everything to A, and requests that were in flight to B are sent again to A
 *    (Shopify retries a webhook that got no answer). A takes over B's claimed jobs when their lease
 *    runs out. Counted afterwards: orders, line items and recorded deliveries against what was
 *    sent; jobs committed by both instances.
 * 2. A backfill on one instance while the other serves pages: a new instance B serves the step 5
 *    page's loader and its progress endpoint (session tokens, as the embedded page calls them)
 *    while A ingests BENCH_SCALE_ORDERS (100,000) orders from a bulk file; B's first pages, before the
 *    import starts, are a warm-up (their slowest reported, not counted).
 *
 * `tsx tests/bench/scaleout.ts [file.jsonl]` prints one JSON line; tests/bench/run.ts records it.
 * BENCH_SCALE_ONLY=backfill runs phase 2 alone. BENCH_SCALE_PARTS=1 has the pages ask B's /bench/page-parts
 * instead of the step 5 page: the same queries, each one timed (./instance.ts), reported as p50/p99 per part.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { deployPostgres } from "../../prisma/deploy.mjs";
import { signSessionToken } from "../demo/session-token";
import { appEnv, DEMO_API_KEY, DEMO_API_SECRET, DEMO_SHOP } from "../setup/config";
import { adminQuery, startPostgres, withDatabase } from "../setup/postgres";
import { generateJsonl } from "./generate";

const rate = Number(process.env.BENCH_SCALE_RATE ?? 400);
const seconds = Number(process.env.BENCH_SCALE_SECONDS ?? 30);
const backfillOrders = Number(process.env.BENCH_SCALE_ORDERS ?? 100_000);
const backfillOnly = process.env.BENCH_SCALE_ONLY === "backfill";
const timeParts = process.env.BENCH_SCALE_PARTS === "1";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "seko-scaleout-"));

const server = await startPostgres({ maxConnections: 100 });
await adminQuery(server.url, "CREATE DATABASE scaleout");
const databaseUrl = withDatabase(server.url, "scaleout");
await deployPostgres(databaseUrl, { log: () => undefined });
// The webhook bodies are cut from the simulated store's orders, whose module reads the app's environment.
Object.assign(process.env, appEnv({ appUrl: "http://localhost", databaseUrl }), { NODE_ENV: "production", LOG_LEVEL: "error" });
const { planWebhooks, signedRequests } = await import("./webhook-plan");
const children: ChildProcess[] = [];

type Instance = { name: string; port: number; child: ChildProcess };
async function startInstance(name: string): Promise<Instance> {
  // Node itself with tsx's loader, not the tsx command: a signal must reach the instance, not a wrapper
  // that would leave it running.
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/instance.ts"], {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_JOB_LOG: path.join(work, `jobs-${name}.log`), DATABASE_POOL_SIZE: "10" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  // Its errors are shown, but through this process: a pipe it inherited would keep our caller waiting after we exit.
  child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  const lines = readline.createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`instance ${name} exited (${code}) before it was ready`)));
    lines.on("line", (line) => {
      if (line.startsWith('{"ready"')) resolve((JSON.parse(line) as { ready: number }).ready);
    });
  });
  return { name, port, child };
}

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) * 10) / 10;
};

// ---------- 1. webhooks across two instances, one killed halfway ----------

// A load balancer on its own thread: round robin over the live instances, an open-loop schedule,
// and a request that got no answer (its instance died) sent again to a live one.
const BALANCER = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const { requests, ports, rate } = workerData;
let live = [...ports];
const results = new Array(requests.length);
let finished = 0, retried = 0;
const t0 = performance.now();
parentPort.on("message", (message) => { if (message.down) live = live.filter((p) => p !== message.down); });
function send(i, attempt) {
  const p = requests[i];
  const port = live[(i + attempt) % live.length];
  const started = performance.now();
  const req = http.request({ host: "127.0.0.1", port, path: "/webhooks/" + p.topic, method: "POST", agent, headers: p.headers }, (res) => {
    res.resume();
    res.on("end", () => done(i, { ms: performance.now() - started, status: res.statusCode, port, attempt }));
  });
  req.on("error", () => {
    if (attempt < 5) { retried++; return setTimeout(() => send(i, attempt + 1), 20); }
    done(i, { ms: performance.now() - started, status: 0, port, attempt });
  });
  req.end(p.body);
}
function done(i, result) {
  results[i] = result;
  if (++finished === requests.length) parentPort.postMessage({ results, retried, seconds: (performance.now() - t0) / 1000 });
}
requests.forEach((_, i) => setTimeout(() => send(i, 0), Math.max(0, t0 + (i * 1000) / rate - performance.now())));
`;

async function jobsRun(instance: Instance) {
  const response = await fetch(`http://127.0.0.1:${instance.port}/bench/jobs`);
  return (await response.json()) as { jobsRun: number; rssMb: number };
}

type Sent = { results: { ms: number; status: number; port: number; attempt: number }[]; retried: number; seconds: number };
function balanceAt(list: ReturnType<typeof signedRequests>, ports: number[], sendRate: number, kill?: { atMs: number; instance: Instance }) {
  const balancer = new Worker(BALANCER, { eval: true, workerData: { requests: list, ports, rate: sendRate } });
  const timer = kill
    ? setTimeout(() => {
        kill.instance.child.kill("SIGKILL");
        balancer.postMessage({ down: kill.instance.port });
      }, kill.atMs)
    : undefined;
  return new Promise<Sent>((resolve) => balancer.once("message", resolve)).finally(() => {
    clearTimeout(timer);
    void balancer.terminate();
  });
}

const a = await startInstance("a");
const b = await startInstance("b");
// Warm-up, not counted (as in ./webhooks.ts): new processes compile their code paths while answering.
const warmupPlan = planWebhooks(DEMO_SHOP, rate * 3, "#W", 6_000_000, 2).planned;
const warmup = await balanceAt(signedRequests(DEMO_SHOP, warmupPlan), [a.port, b.port], rate);
const warmupP99 = percentile(
  warmup.results.map((r) => r.ms),
  0.99,
);
const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
const count = async (sql: string, params: unknown[] = []) => Number((await client.query<{ n: string }>(sql, params)).rows[0]!.n);
const logged = (name: string) => {
  const file = path.join(work, `jobs-${name}.log`);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
};

/** One measured load: its own orders (name prefix) and events, counted in the database once the queue is empty. */
async function phase(prefix: string, firstId: number, phaseRate: number, phaseSeconds: number, ports: number[], kill?: { atMs: number; instance: Instance }) {
  const { planned, expectedOrders, linesPerOrder } = planWebhooks(DEMO_SHOP, phaseRate * phaseSeconds, prefix, firstId, 12);
  const requests = signedRequests(DEMO_SHOP, planned);
  const deliveriesBefore = await count(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "shop" = $1`, [DEMO_SHOP]);
  const exited = kill && new Promise<string>((resolve) => kill.instance.child.once("exit", (code, signal) => resolve(signal ?? String(code))));
  const sent = await balanceAt(requests, ports, phaseRate, kill);
  if (exited) {
    const ended = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 5_000))]);
    if (ended !== "SIGKILL") throw new Error(`instance ${kill!.instance.name} was not killed (${ended})`);
  }
  // Wait for the queue to empty (after a kill: the survivor takes the dead one's claims when their lease runs out).
  const drainStarted = performance.now();
  while ((await count(`SELECT count(*) AS n FROM "SyncJob" WHERE "kind" = 'order'`)) > 0 && performance.now() - drainStarted < 120_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const ok = sent.results.filter((r) => r.status === 200);
  const firstTry = ok.filter((r) => r.attempt === 0).map((r) => r.ms);
  const names = `${prefix}%`;
  return {
    rate: phaseRate,
    seconds: phaseSeconds,
    requests: requests.length,
    sendSeconds: Math.round(sent.seconds * 10) / 10,
    answered200: ok.length,
    non2xx: sent.results.length - ok.length,
    resentAfterKill: sent.retried,
    p50: percentile(firstTry, 0.5),
    p99: percentile(firstTry, 0.99),
    max: percentile(firstTry, 1),
    uniqueEvents: new Set(planned.map((p) => p.eventId)).size,
    deliveriesRecorded: (await count(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "shop" = $1`, [DEMO_SHOP])) - deliveriesBefore,
    expectedOrders,
    storedOrders: await count(`SELECT count(*) AS n FROM "Order" WHERE "shop" = $1 AND "name" LIKE $2`, [DEMO_SHOP, names]),
    expectedLineItems: expectedOrders * linesPerOrder,
    storedLineItems: await count(`SELECT count(*) AS n FROM "LineItem" l JOIN "Order" o ON o."id" = l."orderId" WHERE o."shop" = $1 AND o."name" LIKE $2`, [DEMO_SHOP, names]),
    jobsLeft: await count(`SELECT count(*) AS n FROM "SyncJob" WHERE "kind" = 'order'`),
    drainSeconds: Math.round((performance.now() - drainStarted) / 100) / 10,
  };
}

async function webhookPhases() {
  // 1a. The load spread over both instances.
  console.log(`scaleout: ${rate * seconds} webhooks at ${rate}/s over instances on ports ${a.port} and ${b.port}`);
  const spread = await phase("#S", 7_000_000, rate, seconds, [a.port, b.port]);
  // 1b. An instance killed mid-run (SIGKILL, no goodbye), at half the rate (after the kill one instance takes it all).
  const killRate = Number(process.env.BENCH_SCALE_KILL_RATE ?? rate / 2);
  const killSeconds = Number(process.env.BENCH_SCALE_KILL_SECONDS ?? 20);
  console.log(`scaleout: ${killRate * killSeconds} webhooks at ${killRate}/s; B is killed at ${killSeconds / 2} s`);
  const killed = await phase("#K", 5_000_000, killRate, killSeconds, [a.port, b.port], { atMs: (killSeconds / 2) * 1000, instance: b });
  const byA = logged("a");
  const byB = logged("b");
  const seen = new Map<string, number>();
  for (const key of [...byA, ...byB]) seen.set(key, (seen.get(key) ?? 0) + 1);
  return {
    warmupP99,
    spread,
    killed,
    jobsByA: byA.length,
    jobsByB: byB.length,
    jobsRunTwice: [...seen.values()].filter((n) => n > 1).length,
    aRssMb: (await jobsRun(a)).rssMb,
  };
}
// Phase 2 alone: B goes as it does in phase 1 (killed), so A and the new B are the only instances, as in a full run.
const webhooks = backfillOnly ? (b.child.kill("SIGKILL"), null) : await webhookPhases();
if (webhooks) console.log(`scaleout: webhooks ${JSON.stringify(webhooks)}`);

// ---------- 2. a backfill on A while B serves pages ----------

const file = process.argv[2] ?? path.join(work, `orders-${backfillOrders}.jsonl`);
if (!fs.existsSync(file)) await generateJsonl(file, backfillOrders);
const b2 = await startInstance("b2");
const backfillShop = "scaleout-backfill.myshopify.com";
const token = signSessionToken({ shop: backfillShop, apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, lifetimeSeconds: 3600 });
const stepPage = timeParts ? "/bench/page-parts" : "/app/integration";
// A browser's user agent: Shopify's library answers bots with 410.
const onB = (target: string) => fetch(`http://127.0.0.1:${b2.port}${target}`, { headers: { authorization: `Bearer ${token}`, "user-agent": BROWSER } });
// Warm-up, not counted (as in phase 1): B, a new process, compiles its code paths and opens its connections on its
// first pages; the merchant has the page open before the import starts. 4 pages, 3 loads each.
const warmupTimes = await Promise.all(
  [0, 1, 2, 3].map(async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      for (const target of [stepPage, "/app/integration/progress"]) {
        const started = performance.now();
        await (await onB(target)).text();
        times.push(performance.now() - started);
      }
    }
    return times;
  }),
);
const backfillStarted = performance.now();
const backfill = fetch(`http://127.0.0.1:${a.port}/bench/backfill?shop=${backfillShop}&file=${encodeURIComponent(file)}`, { method: "POST", signal: AbortSignal.timeout(15 * 60_000) }).then(
  async (response) => ({ status: response.status, ...((await response.json()) as { orders: number; seconds: number; ordersPerSecond: number }) }),
);
let backfillDone = false;
void backfill.finally(() => (backfillDone = true));
// Page loads on B, one after another from 4 open pages (the step 5 page, then its progress poll).
const pageTimes: number[] = [];
const stepTimes: number[] = [];
/** When each step 5 load started (seconds into the backfill) and took, for the slowest. */
const stepLoads: { atS: number; ms: number }[] = [];
const progressTimes: number[] = [];
const pageStatuses: number[] = [];
const partTimes = new Map<string, number[]>();
const slowestParts: { atS: number; times: Record<string, number> }[] = [];
const progressSeen = new Set<number>();
async function browse() {
  let n = 0;
  while (!backfillDone) {
    const target = n++ % 2 === 0 ? stepPage : "/app/integration/progress";
    const started = performance.now();
    const response = await onB(target);
    const body = await response.text();
    const ms = performance.now() - started;
    pageTimes.push(ms);
    (target === stepPage ? stepTimes : progressTimes).push(ms);
    if (target === stepPage) stepLoads.push({ atS: Math.round((started - backfillStarted) / 100) / 10, ms: Math.round(ms) });
    pageStatuses.push(response.status);
    if (target.endsWith("progress") && response.status === 200) {
      const ingested = (JSON.parse(body) as { progress?: { ingested?: number } }).progress?.ingested;
      if (typeof ingested === "number") progressSeen.add(ingested);
    }
    if (target === "/bench/page-parts" && response.status === 200) {
      const times = JSON.parse(body) as Record<string, number>;
      for (const [part, partMs] of Object.entries(times)) partTimes.set(part, [...(partTimes.get(part) ?? []), partMs]);
      slowestParts.push({ atS: Math.round((started - backfillStarted) / 100) / 10, times });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
await Promise.all([browse(), browse(), browse(), browse()]);
const backfillResult = await backfill;
const pages = {
  backfillOrders: backfillResult.orders,
  backfillSeconds: backfillResult.seconds,
  backfillOrdersPerSecond: backfillResult.ordersPerSecond,
  backfillWallSeconds: Math.round((performance.now() - backfillStarted) / 100) / 10,
  warmupMaxMs: Math.round(Math.max(...warmupTimes.flat())),
  pageLoads: pageTimes.length,
  pagesNot200: pageStatuses.filter((s) => s !== 200).length,
  pageP50: percentile(pageTimes, 0.5),
  pageP99: percentile(pageTimes, 0.99),
  stepPageLoads: stepTimes.length,
  stepPageP50: percentile(stepTimes, 0.5),
  stepPageP99: percentile(stepTimes, 0.99),
  stepPageSlowest: stepLoads.sort((x, y) => y.ms - x.ms).slice(0, 5),
  progressP50: percentile(progressTimes, 0.5),
  progressP99: percentile(progressTimes, 0.99),
  progressValuesSeenOnB: progressSeen.size,
  ...(timeParts ? { slowestParts: slowestParts.sort((x, y) => (y.times.total ?? 0) - (x.times.total ?? 0)).slice(0, 3) } : {}),
  ...(timeParts ? { parts: Object.fromEntries([...partTimes].map(([part, times]) => [part, { p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: percentile(times, 1) }])) } : {}),
};
console.log(`scaleout: backfill and pages ${JSON.stringify(pages)}`);

await client.end();
for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
await new Promise((resolve) => setTimeout(resolve, 500));
await server.stop();
if (!process.argv[2]) fs.rmSync(file, { force: true });
fs.rmSync(work, { recursive: true, force: true });
console.log(JSON.stringify({ postgres: server.version.split(" ")[0], webhooks, pages }));
process.exit(0);
