/**
 * `npm run bench`: the order sync's benchmarks and the storefront's speed with the
 * returns-link extension (./storefront.ts, also runnable alone), figures printed and
 * written to docs/benchmarks.md. Everything runs on this machine (local
 * files, a localhost server, the in-process fakes) and stops by itself.
 *
 *   BENCH_ORDERS=100000 BENCH_RATE=200 BENCH_SECONDS=30 npm run bench
 *
 * The flood of the tracking route and the soak (./flood-run.ts, ./soak-run.ts) run last, against
 * the production build; alone, `npm run bench -- flood soak` (either or both) rewrites their sections.
 * `npm run bench -- returns-mirror` (./returns-mirror-run.ts: SEKO returns written into Shopify within its
 * rate limit, about 20 minutes at Shopify's standard rate) and `npm run bench -- pages` (./pages.ts: the admin pages in
 * Chromium, first visit, layout shift and interactions) run only when named.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchDir, removeDb } from "./env";
import { generateJsonl } from "./generate";
import { measureTrackingDeliveries, trackingSection } from "./tracking-run";
import { measureProgressPolling, progressSection } from "./progress";
import { measureStorefront, storefrontSection } from "./storefront";
import { databasesSection, measureDatabases } from "./databases";
import { measureNotifications, notificationsSection } from "./notifications";
import { FLOOD_HEADING, floodSection, measureFlood } from "./flood-run";
import { measureSoak, SOAK_HEADING, soakSection } from "./soak-run";
import { docSection, replaceDocSection } from "./doc-section";
import { measureReturnsMirror, RETURNS_MIRROR_HEADING, returnsMirrorSection } from "./returns-mirror-run";
import { INGEST_MEMORY_HEADING, ingestMemorySection, measureIngestMemory } from "./ingest-memory-run";
import { PAGES_HEADING, runPagesBench } from "./pages";
import { resultLine } from "./result-line";

const big = Number(process.env.BENCH_ORDERS ?? 100_000);
const small = Math.min(10_000, big);
const rate = Number(process.env.BENCH_RATE ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const naiveOrders = Number(process.env.BENCH_NAIVE_ORDERS ?? 3_000);

function child(script: string, args: string[], env: Record<string, string> = {}) {
  const out = execFileSync("tsx", [path.join("tests/bench", script), ...args], { env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 });
  const line = resultLine(out, script);
  console.log(`bench: ${script} ${args.slice(1).join(" ")} → ${line}`);
  return JSON.parse(line) as Record<string, number | string>;
}

// `npm run bench -- flood soak returns-mirror`: only those, each rewriting its own section of docs/benchmarks.md.
const parts: Record<string, () => void | Promise<void>> = {
  flood: () => replaceDocSection(FLOOD_HEADING, floodSection(measureFlood())),
  soak: () => replaceDocSection(SOAK_HEADING, soakSection(measureSoak())),
  "returns-mirror": () => replaceDocSection(RETURNS_MIRROR_HEADING, returnsMirrorSection(measureReturnsMirror())),
  "ingest-memory": async () => replaceDocSection(INGEST_MEMORY_HEADING, ingestMemorySection(await measureIngestMemory(big))),
  pages: async () => {
    await runPagesBench();
  },
};
const only = process.argv.slice(2);
if (only.length > 0) {
  const unknown = only.filter((name) => !parts[name]);
  if (unknown.length > 0) throw new Error(`npm run bench -- ${unknown.join(" ")}: unknown; run alone: ${Object.keys(parts).join(", ")}`);
  for (const name of only) await parts[name]!();
  console.log(fs.readFileSync("docs/benchmarks.md", "utf8"));
  await removeDb();
  process.exit(0);
}

const files: Record<number, string> = {};
for (const size of [...new Set([small, big])]) {
  files[size] = path.join(benchDir, `orders-${size}.jsonl`);
  console.log(`bench: generating ${size} orders…`);
  await generateJsonl(files[size], size);
}
// On disk before anything is measured: the kernel writing them back must not compete with the runs' own writes.
execFileSync("sync");

console.log("bench: ingest (streamed, batched) and the naive baseline…");
const ingestSmall = child("ingest.ts", [files[small]!, "stream"]);
const ingestBig = big === small ? ingestSmall : child("ingest.ts", [files[big]!, "stream"]);
const naive = child("ingest.ts", [files[small]!, "naive", String(naiveOrders)]);
const sizes = Object.fromEntries(Object.entries(files).map(([size, file]) => [size, Math.round(fs.statSync(file).size / 1024 / 1024)]));
const fileMb = (size: number) => sizes[size];

console.log("bench: the ingest with and without the step 5 page polling its progress…");
const polling = measureProgressPolling(files[big]!, big, Number(process.env.BENCH_PROGRESS_RUNS ?? 3));

console.log(`bench: order webhooks at ${rate}/s for ${seconds}s…`);
const hooks = child("webhooks.ts", [String(rate), String(seconds), "auto"]);
const hooksQueued = child("webhooks.ts", [String(rate), String(seconds), "manual"]);

console.log("bench: SQLite, Postgres and the reference ingest side by side; webhooks during a backfill; two instances on one Postgres…");
const databases = await measureDatabases(files[big]!, big);

console.log("bench: the ingest's memory under Node's defaults and the image's options…");
const ingestMemory = await measureIngestMemory(big);

for (const file of Object.values(files)) fs.rmSync(file, { force: true });

console.log("bench: SEKO tracking deliveries of 10,000 and 50,000 events…");
const tracking = await measureTrackingDeliveries();

console.log("bench: storefront pages with and without the returns-link extension (Lighthouse)…");
const storefront = await measureStorefront();

console.log("bench: notification templates (a 50-item label email, hostile templates)…");
const notifications = await measureNotifications();

console.log("bench: the tracking route flooded with bad requests, then the soak…");
const flood = measureFlood();
const soak = measureSoak();

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const growth = Number(ingestBig.maxRssMb) - Number(ingestBig.peakRssAtMarkMb);
const correct = (h: Record<string, number | string>) => h.non2xx === 0 && h.storedOrders === h.expectedOrders && h.storedLineItems === h.expectedLineItems && h.deliveriesRecorded === h.uniqueEvents;
const table = (rows: unknown[][]) => rows.map((r) => `| ${r.join(" | ")} |`).join("\n");
const hookRow = (label: string, h: Record<string, number | string>): unknown[] => [
  label,
  h.requests,
  h.non2xx,
  `${h.p50} ms`,
  `${h.p99} ms`,
  `${h.sendSeconds} s`,
  `${h.storedOrders} / ${h.expectedOrders}`,
  `${h.storedLineItems} / ${h.expectedLineItems}`,
  `${h.deliveriesRecorded} / ${h.uniqueEvents}`,
];
const doc = `# Benchmarks (order sync, step 5)

Written by \`npm run bench\` (tests/bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, Node ${process.version}, SQLite
(WAL, synchronous=NORMAL) on one connection in a worker thread (node:sqlite). Targets from the issue: ingest ≥ 5,000 orders/s with peak RSS < 300 MB and flat as the file grows;
order webhooks p99 ≤ 50 ms at 200 requests/s for 30 s with no lost or duplicated orders.

## Bulk JSONL ingest (local file → SQLite)

Generated bulk results (1-5 line items per order, 3 on average), read as a stream and written in batches
(\`ingestOrderLines\`, the backfill's code path, batches of 500 orders). Each run is its own process, so peak RSS is
that run's (the maximum resident set, from the kernel; about 165 MB of it is held before the first line: the breakdown is in
"The ingest's memory (issue 29)" below).

${table([
  ["run", "orders", "line items", "file", "time", "orders/s", "peak RSS", "of which anonymous", "peak RSS by 10,000 orders (same run)"],
  ["---", "---", "---", "---", "---", "---", "---", "---", "---"],
  [
    "streamed, batched",
    ingestSmall.orders,
    ingestSmall.lineItems,
    `${fileMb(small)} MB`,
    `${Number(ingestSmall.seconds).toFixed(1)} s`,
    ingestSmall.ordersPerSecond,
    `${ingestSmall.maxRssMb} MB`,
    `${ingestSmall.peakAnonRssMb} MB`,
    "",
  ],
  [
    "streamed, batched",
    ingestBig.orders,
    ingestBig.lineItems,
    `${fileMb(big)} MB`,
    `${Number(ingestBig.seconds).toFixed(1)} s`,
    ingestBig.ordersPerSecond,
    `${ingestBig.maxRssMb} MB`,
    `${ingestBig.peakAnonRssMb} MB`,
    ingestBig.peakRssAtMarkMb ? `${ingestBig.peakRssAtMarkMb} MB` : "",
  ],
  [
    "naive baseline (one Prisma upsert per order)",
    naive.orders,
    naive.lineItems,
    "",
    `${Number(naive.seconds).toFixed(1)} s`,
    naive.ordersPerSecond,
    `${naive.maxRssMb} MB`,
    `${naive.peakAnonRssMb} MB`,
    "",
  ],
])}

**Against the targets:** ${Number(ingestBig.ordersPerSecond) >= 5000 ? "throughput met" : "throughput not met"} on the ${big}-order file (${ingestBig.ordersPerSecond}/s vs 5,000/s; the ${small}-order run,
${Number(ingestSmall.seconds).toFixed(1)} s long, does ${ingestSmall.ordersPerSecond}/s: its first batches run before V8 has optimised the parsing code, and a WAL checkpoint every few batches weighs more);
${Number(ingestBig.maxRssMb) < 300 && Number(ingestSmall.maxRssMb) < 300 ? "memory met" : "memory not met"}: ${ingestSmall.maxRssMb} MB for ${small} orders, ${ingestBig.maxRssMb} MB for ${big}, and within the ${big}-order run
${ingestBig.peakRssAtMarkMb} MB by its ${ingestBig.markOrders}th order, so ${growth <= Number(ingestBig.peakRssAtMarkMb) / 10 ? `flat (+${growth} MB for ten times the data: the file is never held; separate short runs differ more, by when V8 grows its heap)` : `NOT flat (+${growth} MB for ten times the data)`}.

How (docs/decisions/006-sqlite-writer-thread.md): SQLite runs on a worker thread that owns the process's one
connection, so a batch is written while the next is parsed; each statement is prepared once and run per row (no
JSON batch to build in Node or to parse in SQLite); row ids are time-ordered (UUID v7), so inserts append to the key
indexes instead of missing the page cache all over them; \`LineItem\` lost an index no query used (a third of the
write time); each variant is written once per ingest, not once per line; lines are parsed into compact records as
they are read, and the file is split into lines a chunk at a time (one await per chunk, not per line). Before: 1,905 orders/s and 315 MB at
100,000 orders on a plain libSQL transaction on the server's thread, 1,800/s and 520 MB through Prisma.

## Order webhooks under load (localhost)

\`webhooks.orders.create\` / \`.updated\` behind a local HTTP server, a load generator on its own thread sending on a fixed
schedule (open loop), ${rate}/s for ${seconds} s; every 10th request a redelivery (same event id), every 3rd order also updated.
After the run the queue is drained and the database counted.

${table([
  ["job runner", "requests", "non-2xx", "p50", "p99", "all answered after", "orders stored / expected", "line items stored / expected", "deliveries / unique events"],
  ["---", "---", "---", "---", "---", "---", "---", "---", "---"],
  hookRow("running during the load (production setting)", hooks),
  hookRow("drained after the load (request path alone)", hooksQueued),
])}

**Against the targets:** ${Number(hooks.p99) <= 50 ? `latency met with the job runner working in the same process (p99 ${hooks.p99} ms)` : `latency not met with the job runner working in the same process (p99 ${hooks.p99} ms)`}${Number(hooksQueued.p99) <= 50 ? `; the request path alone: p99 ${hooksQueued.p99} ms` : ""};
correctness ${correct(hooks) && correct(hooksQueued) ? "met" : "NOT met"}.
Each run first sends ${hooks.warmupSeconds} s of other orders at the same rate, not counted (p99 during that warm-up: ${hooks.warmupP99} ms with
the runner, ${hooksQueued.warmupP99} ms without): a server that has just started compiles its code paths, and its first
batches read the products of unknown variants, here from the simulated Shopify in the same process (GraphQL executed
locally, CPU a real deployment spends at Shopify).

How: the order topics verify the HMAC and Shopify's headers themselves and queue the job and the delivery record in
one batch on the database thread (decision 005); the runner wakes 250 ms after a burst begins and applies what was
due in batches of up to 50, its SQL on the database thread (decision 006). Before: p99 4.9 s with the runner working,
40-84 ms without it.

Zero lost or duplicated orders when stored = expected and deliveries = unique events, every later
update kept (${hooks.ordersWithTheirUpdate} orders carry their update).

${progressSection(polling)}`;
// The parts that run only when named keep their last figures (their sections as they stand), after the ones written now.
const kept = [RETURNS_MIRROR_HEADING, PAGES_HEADING].map((heading) => docSection(heading)).filter((section): section is string => section !== null);
fs.writeFileSync(
  "docs/benchmarks.md",
  `${[doc, databasesSection(databases), ingestMemorySection(ingestMemory), trackingSection(tracking), storefrontSection(storefront), notificationsSection(notifications), floodSection(flood), soakSection(soak), ...kept].map((section) => section.trimEnd()).join("\n\n")}\n`,
);
console.log(fs.readFileSync("docs/benchmarks.md", "utf8"));
