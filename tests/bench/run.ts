/**
 * `npm run bench`: the order sync's two benchmarks, figures printed and
 * written to docs/benchmarks.md. Everything runs on this machine (local
 * files, a localhost server, the in-process fakes) and stops by itself.
 *
 *   BENCH_ORDERS=100000 BENCH_RATE=200 BENCH_SECONDS=30 npm run bench
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchDir } from "./env";
import { generateJsonl } from "./generate";

const big = Number(process.env.BENCH_ORDERS ?? 100_000);
const small = Math.min(10_000, big);
const rate = Number(process.env.BENCH_RATE ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const naiveOrders = Number(process.env.BENCH_NAIVE_ORDERS ?? 3_000);

function child(script: string, args: string[], env: Record<string, string> = {}) {
  const out = execFileSync("tsx", [path.join("tests/bench", script), ...args], { env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 });
  const line = out.trim().split("\n").reverse().find((l) => l.startsWith("{"));
  if (!line) throw new Error(`${script} printed no result:\n${out}`);
  console.log(`bench: ${script} ${args.slice(1).join(" ")} → ${line}`);
  return JSON.parse(line) as Record<string, number | string>;
}

const files: Record<number, string> = {};
for (const size of [...new Set([small, big])]) {
  files[size] = path.join(benchDir, `orders-${size}.jsonl`);
  console.log(`bench: generating ${size} orders…`);
  await generateJsonl(files[size], size);
}

console.log("bench: ingest (streamed, batched) and the naive baseline…");
const ingestSmall = child("ingest.ts", [files[small]!, "stream"]);
const ingestBig = big === small ? ingestSmall : child("ingest.ts", [files[big]!, "stream"]);
const naive = child("ingest.ts", [files[small]!, "naive", String(naiveOrders)]);
const sizes = Object.fromEntries(Object.entries(files).map(([size, file]) => [size, Math.round(fs.statSync(file).size / 1024 / 1024)]));
const fileMb = (size: number) => sizes[size];

console.log(`bench: order webhooks at ${rate}/s for ${seconds}s…`);
const hooks = child("webhooks.ts", [String(rate), String(seconds), "auto"]);
const hooksQueued = child("webhooks.ts", [String(rate), String(seconds), "manual"]);

for (const file of Object.values(files)) fs.rmSync(file, { force: true });

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const table = (rows: unknown[][]) => rows.map((r) => `| ${r.join(" | ")} |`).join("\n");
const hookRow = (label: string, h: Record<string, number | string>): unknown[] => [label, h.requests, h.non2xx, `${h.p50} ms`, `${h.p99} ms`, `${h.sendSeconds} s`, `${h.storedOrders} / ${h.expectedOrders}`, `${h.storedLineItems} / ${h.expectedLineItems}`, `${h.deliveriesRecorded} / ${h.uniqueEvents}`];
const doc = `# Benchmarks (order sync, step 5)

Written by \`npm run bench\` (tests/bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, Node ${process.version}, SQLite
(WAL, synchronous=NORMAL) through libSQL. Targets from the issue: ingest ≥ 5,000 orders/s with peak RSS < 300 MB and flat as the file grows;
order webhooks p99 ≤ 50 ms at 200 requests/s for 30 s with no lost or duplicated orders.

## Bulk JSONL ingest (local file → SQLite)

Generated bulk results (1-5 line items per order, 3 on average), read as a stream and written in batches
(\`ingestOrderLines\`, the backfill's code path, batches of 2,000 orders). Each run is its own process, so peak RSS is
that run's.

${table([
  ["run", "orders", "line items", "file", "time", "orders/s", "peak RSS", "of which anonymous"],
  ["---", "---", "---", "---", "---", "---", "---", "---"],
  ["streamed, batched", ingestSmall.orders, ingestSmall.lineItems, `${fileMb(small)} MB`, `${Number(ingestSmall.seconds).toFixed(1)} s`, ingestSmall.ordersPerSecond, `${ingestSmall.maxRssMb} MB`, `${ingestSmall.peakAnonRssMb} MB`],
  ["streamed, batched", ingestBig.orders, ingestBig.lineItems, `${fileMb(big)} MB`, `${Number(ingestBig.seconds).toFixed(1)} s`, ingestBig.ordersPerSecond, `${ingestBig.maxRssMb} MB`, `${ingestBig.peakAnonRssMb} MB`],
  ["naive baseline (one Prisma upsert per order)", naive.orders, naive.lineItems, "", `${Number(naive.seconds).toFixed(1)} s`, naive.ordersPerSecond, `${naive.maxRssMb} MB`, `${naive.peakAnonRssMb} MB`],
])}

**Against the targets:** ${Number(ingestBig.ordersPerSecond) >= 5000 ? "throughput met" : `throughput not met (${ingestSmall.ordersPerSecond}/s at ${small} orders, ${ingestBig.ordersPerSecond}/s at ${big}, vs 5,000/s)`};
${Number(ingestBig.maxRssMb) < 300 ? `memory met (${ingestSmall.maxRssMb} MB at ${small} orders, ${ingestBig.maxRssMb} MB at ${big})` : `memory not met: ${ingestSmall.maxRssMb} MB at ${small} orders, ${ingestBig.maxRssMb} MB at ${big}`}.
The batches are written on a plain libSQL transaction (\`commitBatch\` in app/shopify/order-sync.server.ts): through
Prisma the same statements ran at about 1,800 orders/s with RSS growing to 520 MB at 100,000 orders (Prisma's query
compiler keeps WASM memory for multi-megabyte parameters). About 140 MB of the RSS is the app's modules before the first
line is read. What remains is SQLite's own statement time (per-row JSON extraction, three indexes on random-UUID keys)
and it slows as the tables grow; next steps: integer or time-ordered keys for LineItem, fewer indexes during a
backfill, or Postgres' COPY for large shops.

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

**Against the targets:** ${Number(hooks.p99) <= 50 ? "latency met" : `latency not met with the job runner working in the same process (p99 ${hooks.p99} ms)`}${Number(hooksQueued.p99) <= 50 ? "; the request path alone meets it" : ""};
correctness ${hooks.storedOrders === hooks.expectedOrders && hooksQueued.storedOrders === hooksQueued.expectedOrders ? "met" : "NOT met"}.
A webhook is answered after one libSQL batch (the job and the delivery record, one commit) and the offline session read,
which Shopify's library does for every webhook and which is cached for 5 s per process. The job runner applies the
queued orders in batches right after; in this benchmark it also answers its variant look-ups from the simulated
Shopify in the same process (GraphQL executed locally), CPU a real deployment spends at Shopify instead.

Zero lost or duplicated orders when stored = expected and deliveries = unique events, every later
update kept (${hooks.ordersWithTheirUpdate} orders carry their update).
`;
fs.writeFileSync("docs/benchmarks.md", doc);
console.log(doc);
