/**
 * Issue 11's measurements, side by side in one run (docs/decisions/011-sqlite-and-postgres.md):
 * - the 100,000-order ingest on SQLite (the app's path), on Postgres (the app's path), and the
 *   straight-line reference (./reference.ts: node:sqlite, prepared statements, no validation),
 *   interleaved over BENCH_DB_ROUNDS rounds (3), medians reported;
 * - order webhooks at 200/s for 30 s while that ingest runs for another shop (SQLite);
 * - two instances on one Postgres (./scaleout.ts).
 * Part of `npm run bench`; alone: `tsx tests/bench/databases.ts` (writes its section of docs/benchmarks.md).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateJsonl } from "./generate";
import { startPostgres } from "../setup/postgres";
import { resultLine } from "./result-line";

type Row = Record<string, number | string>;
type Nested = Record<string, Row | string>;

function child(script: string, args: string[], env: Record<string, string> = {}) {
  const out = execFileSync("tsx", [path.join("tests/bench", script), ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    timeout: 20 * 60_000,
  });
  const line = resultLine(out, script);
  console.log(`bench: ${script} ${args.slice(1).join(" ")} → ${line.slice(0, 400)}`);
  return JSON.parse(line) as Row & Nested;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export type DatabasesResult = {
  orders: number;
  rounds: number;
  postgresVersion: string;
  sqlite: { rates: number[]; rss: number[] };
  postgres: { rates: number[]; rss: number[] };
  reference: { rates: number[]; rss: number[] };
  hooksDuringBackfill: Row;
  scaleout: { webhooks: Record<string, Row | number | string>; pages: Row };
};

export async function measureDatabases(file: string, orders: number): Promise<DatabasesResult> {
  const rounds = Number(process.env.BENCH_DB_ROUNDS ?? 3);
  const server = await startPostgres();
  const result: DatabasesResult = {
    orders,
    rounds,
    postgresVersion: server.version.split(" ")[0] ?? "?",
    sqlite: { rates: [], rss: [] },
    postgres: { rates: [], rss: [] },
    reference: { rates: [], rss: [] },
    hooksDuringBackfill: {},
    scaleout: { webhooks: {}, pages: {} },
  };
  try {
    for (let round = 0; round < rounds; round++) {
      console.log(`bench: ingest round ${round + 1}/${rounds}: SQLite, Postgres, reference…`);
      const sqlite = child("ingest.ts", [file, "stream"]);
      const postgres = child("ingest.ts", [file, "stream"], { BENCH_POSTGRES_URL: server.url });
      const reference = child("reference.ts", [file]);
      for (const [into, run] of [
        [result.sqlite, sqlite],
        [result.postgres, postgres],
        [result.reference, reference],
      ] as const) {
        if (Number(run.stored ?? run.storedOrders) !== orders) throw new Error(`an ingest stored ${run.stored ?? run.storedOrders} of ${orders} orders`);
        into.rates.push(Number(run.ordersPerSecond));
        into.rss.push(Number(run.maxRssMb));
      }
    }
  } finally {
    await server.stop();
  }
  console.log("bench: order webhooks at 200/s during a backfill for another shop…");
  result.hooksDuringBackfill = child("webhooks.ts", ["200", "30", "auto"], { BENCH_BACKFILL_FILE: file });
  console.log("bench: two instances on one Postgres…");
  const scaled = child("scaleout.ts", [file]);
  result.scaleout = { webhooks: scaled.webhooks as unknown as Record<string, Row | number | string>, pages: scaled.pages as Row };
  return result;
}

const n = (value: number | string | undefined) => Number(value ?? 0).toLocaleString("en");

export function databasesSection(r: DatabasesResult) {
  const sqlite = median(r.sqlite.rates);
  const postgres = median(r.postgres.rates);
  const reference = median(r.reference.rates);
  const rss = { sqlite: median(r.sqlite.rss), postgres: median(r.postgres.rss), reference: median(r.reference.rss) };
  const h = r.hooksDuringBackfill;
  const w = r.scaleout.webhooks;
  const sp = w.spread as unknown as Row;
  const k = w.killed as unknown as Row;
  const p = r.scaleout.pages;
  const runs = (values: number[]) => values.map((v) => n(v)).join(", ");
  return `## SQLite, Postgres and the ingest's floor (issue 11)

Measured together by \`tests/bench/databases.ts\` (part of \`npm run bench\`), Postgres ${r.postgresVersion} on this machine (a throwaway
cluster, durability off as for tests). Each ingest is its own process on the same ${n(r.orders)}-order file; ${r.rounds} rounds, interleaved;
medians (every run in brackets).

| ingest of ${n(r.orders)} orders | orders/s | peak RSS | vs. reference |
| --- | --- | --- | --- |
| reference: \`node:sqlite\`, prepared statements, 500 orders a transaction, no validation (\`tests/bench/reference.ts\`) | ${n(reference)} (${runs(r.reference.rates)}) | ${rss.reference} MB | 1 |
| the app on SQLite (validation, product data, lease and progress in each commit) | ${n(sqlite)} (${runs(r.sqlite.rates)}) | ${rss.sqlite} MB | ${(sqlite / reference).toFixed(2)} × the rate, ${(rss.sqlite / rss.reference).toFixed(2)} × the memory |
| the app on Postgres (\`unnest\` inserts on a \`pg\` transaction) | ${n(postgres)} (${runs(r.postgres.rates)}) | ${rss.postgres} MB | ${(postgres / reference).toFixed(2)} × the rate |

Targets: the SQLite ingest at least half the reference's rate (${sqlite >= reference / 2 ? "met" : "**not met**"}) at no more than 1.5 times its memory
(${rss.sqlite <= rss.reference * 1.5 ? "met" : "**not met**"}).

Where the app's memory goes (30,000- and 100,000-order files, \`--trace-gc\`, one or two runs each):
- Under tsx, before the first line the process holds about 145 MB: Node and tsx 79, the app's modules 30, the SQLite thread 13. Prisma's
  query compiler adds 24 MB at the first Prisma query (here after the ingest). The reference holds about 80 before its first line.
- Without tsx (both bundled into one file each and run by plain \`node\`, as production runs the server build), 5 runs:
  the app peaks at 259-295 MB and holds 114-123 MB before its first line; the reference peaks at 107-109 MB and holds 49.
  tsx is not where the gap is.
- The request thread's live heap stays near 30 MB, but V8 lets garbage pile up to about 130 MB before a full
  collection: with Node's default heap limit on this 24 GB machine, the old generation may grow to about 4 times the live set.
  At the peak, V8's pages take about 160 MB of the 270: the request thread's heap (82-102 MB), the database thread's
  (about 23 MB), and freed pages V8 keeps pooled for reuse (50-60 MB after each full collection).
- The validation is not what sets the peak. On its own it allocates most: parsing and validating the 30,000-order file
  alone (no writes) takes 2.0 s with 55 young and 6 full collections, \`JSON.parse\` alone 0.9 s with 21 and 0. But the
  whole ingest with zod replaced by a plain copy of each line still peaks at 262-273 MB (2 runs).
- Runtime settings tried on the 100,000-order ingest, each applied to both processes: a 256 MB heap limit with 2 MB
  semi-spaces (\`--max-old-space-size=256 --max-semi-space-size=2\`, documented Node options) gives the app 167 MB and the
  reference 86 MB (1.94 times); 384 and 4 MB give 169 and 90 (1.88 times). Bundled, with 100-order batches and the first
  setting, the app peaks at 141 MB at 7,280 orders/s. A 512 MB limit alone gave 186 MB, but the webhook p99 during a
  backfill rose to 60-79 ms from 36-42. No setting changes the ratio much: the reference shrinks with the app.
- So the gap is the app's fixed footprint (a server's modules and a second thread, about 70 MB more before the first
  line) and the garbage headroom V8 gives a larger heap, not the ingest's own working set. A 1.5 times target against a
  process that loads nothing is out of reach for any server; a bound on the ingest's increment over the idle server, or
  an absolute peak under the deployment's settings, would measure the ingest itself.

The ingest's memory against issue 29's target (≤ 160 MB), under the container image's Node options, has its own
section: "The ingest's memory (issue 29)".

**Order webhooks during that ingest** (SQLite, 200/s for 30 s, a ${n(r.orders)}-order backfill running for another shop):
p50 ${h.p50} ms, p99 **${h.p99} ms** (target 50 ms), ${h.non2xx} non-2xx; ${n(h.storedOrders)} of ${n(h.expectedOrders)} orders and
${n(h.storedLineItems)} of ${n(h.expectedLineItems)} line items stored, ${n(h.deliveriesRecorded)} deliveries for ${n(h.uniqueEvents)} events;
the backfill stored ${n(h.backfilled)} orders meanwhile. Each of the ingest's batches is one message to the database
thread and waits behind requests for the connection (decision 006); before that, the same run gave p99 80.8 ms, and
46-61 ms in five runs alone on a quiet machine.

## Scale-out: two instances on one Postgres

\`tests/bench/scaleout.ts\`: two app processes (the real routes and job runner, \`tests/bench/instance.ts\`) on one Postgres, a
load balancer on its own thread.

- **Webhooks spread over both:** ${n(sp.requests)} order webhooks at ${sp.rate}/s for ${sp.seconds} s, round robin. Answered 200:
  ${n(sp.answered200)}, non-2xx ${sp.non2xx}; p50 ${sp.p50} ms, **p99 ${sp.p99} ms** (target 50 ms; warm-up p99 ${w.warmupP99} ms, not
  counted). Stored: ${n(sp.storedOrders)} of ${n(sp.expectedOrders)} orders, ${n(sp.storedLineItems)} of ${n(sp.expectedLineItems)} line items,
  ${n(sp.deliveriesRecorded)} deliveries for ${n(sp.uniqueEvents)} unique events; the queue empty ${sp.drainSeconds} s after the last request.
- **One instance killed mid-run:** ${n(k.requests)} webhooks at ${k.rate}/s for ${k.seconds} s; instance B killed with SIGKILL halfway,
  the balancer then sending everything to A, and again to A whatever got no answer from B (${k.resentAfterKill}). Answered 200:
  ${n(k.answered200)}, non-2xx ${k.non2xx}; p50 ${k.p50} ms, p99 ${k.p99} ms. Stored: ${n(k.storedOrders)} of ${n(k.expectedOrders)} orders,
  ${n(k.storedLineItems)} of ${n(k.expectedLineItems)} line items, ${n(k.deliveriesRecorded)} deliveries for ${n(k.uniqueEvents)} events; jobs left
  ${k.jobsLeft} (B's claims taken over when their 5 s lease ran out; queue empty ${k.drainSeconds} s after the last request).
  Over both phases, jobs committed by A: ${n(w.jobsByA as number)}, by B: ${n(w.jobsByB as number)}, **by both: ${w.jobsRunTwice}**.
- **A backfill on one while the other serves pages:** A ingested ${n(p.backfillOrders)} orders at ${n(p.backfillOrdersPerSecond)}/s while B
  answered ${n(p.pageLoads)} loads of the step 5 page and its progress endpoint (4 open pages, session tokens; B's first 24 loads, before
  the import, a warm-up: slowest ${n(p.warmupMaxMs)} ms, not counted): the step 5 page (${n(p.stepPageLoads)} loads) p50 ${p.stepPageP50} ms,
  **p99 ${p.stepPageP99} ms** (target 1.0 s), the progress endpoint p50 ${p.progressP50} ms, p99 ${p.progressP99} ms; ${p.pagesNot200} not 200;
  B's progress answers moved with A's commits (${p.progressValuesSeenOnB} distinct values).
- The step 5 page's slowest part on a 100,000-order shop is the product readiness query (every sold line item with its
  order). Alone, on SQLite (297,161 line items, a quiet machine, 3 runs each): 256-280 ms since its line items are made
  distinct before their product data is looked up, 422-452 ms before, the same rows. Measured again on 2026-12-02 with
  the page's other queries (each alone, SQLite / Postgres; readiness: every run of 5; the others: the medians of two
  sets of 7 runs, old and new code interleaved): readiness 298-330 / 331-390 ms (Postgres with two parallel workers;
  0.6-1.8 s while a test suite ran beside it); the upload summary 57-79 / 79-81 ms since its statuses and waiting orders
  are one grouped count (115-148 / 99-105 before); the order volume 58-87 / 93-97 ms since its four counts are one pass
  (169-242 on SQLite before; on Postgres the four ran at once on four connections, 76-99 ms). The readiness query reads
  the shop's whole history, so its result is now stored with the shop's data version and reused until an order or
  product write moves the version on (\`ReadinessSnapshot\`, docs/order-sync.md): on the same 100,000-order shop (5 runs
  each, 2026-12-02) a page after a write computes it in 293-322 ms on SQLite and 375-535 ms on Postgres (analysed
  tables), every other page reads it in 1-3 and 2-4 ms. During a backfill every batch moves the version, and that is
  what made B's step 5 page slow while A imported. Timed query by query during the import (\`BENCH_SCALE_PARTS=1\`,
  2026-12-05, load average 4-11): the readiness p50 1,881 ms, p99 6,082 ms, of a page at p50 1,943 ms, p99 6,338 ms;
  each of the 4 open pages computed it from the growing history, at once, on 2 cores, and the page's other queries
  waited behind them (p50 19-300 ms). While the sync runs the page now shows the last stored readiness as of its time,
  computed again in the background once 30 s old, by one process at a time and on Postgres without a parallel plan
  (docs/order-sync.md, decision 030). Runs of phase 2 alone (\`BENCH_SCALE_ONLY=backfill\`, 6 each, 4 of them
  alternating, 2026-12-05, the machine shared with other work at load average 6-16), before / after: the step 5 page
  p50 1,328-1,941 / 413-679 ms (medians 1,513 / 509, 0.34x), p99 3,340-5,749 / 797-2,766 ms (medians 3,669 / 1,149,
  0.31x); the import 1,135-2,285 / 1,569-2,615 orders/s (medians 1,403 / 1,826, 1.30x). The 1.0 s target held in 3 of
  the 6 runs after. The slowest loads left come in groups, the 4 pages in the same second with every query of the page
  slow at once (timed: 2.1 s, one-row reads 0.8-0.9 s of it; B has 10 connections for 4 pages of about 20 queries
  each); with no background computation at all during the import (2 runs, load 8-10) p99 was 1,557 and 1,662 ms, so
  the machine's load, not that computation, sets them. On a parallel plan (2 runs) it gave p99 1,572 and 3,156 ms. B's
  first loads after it starts took 0.8-5.7 s (a new process compiling its code paths and opening its connections):
  they are a warm-up before the import now, as phase 1 has one.

On 2 shared cores (the load generator, both instances and Postgres together). Until the order writes left Prisma's
interactive transactions for a \`pg\` transaction of the shared pool (\`postgresTransaction\`), the same run gave a p99 of
1,491 ms at 400/s (10 s phases): each job batch's statements went through Prisma's query compiler on the instance's one
thread, between the webhook requests.

Where the webhook p99 goes (2026-12-02, the 400/s phase alone, 30 s): with both job runners stopped (the request path
alone: verify, one statement, answer) p99 31.3 and 43.4 ms in 2 runs; with the runners applying the orders as in
production, 44.2-92.9 ms in 6 runs with nothing changed (p50 2-5 ms); with batches of up to 200 jobs in a 1 s window
instead of 50 in 250 ms, 76-130 ms in 3 runs. A CPU profile of one instance during the phase shows busy stretches of
90-240 ms made mostly of time inside socket writes to Postgres (the thread descheduled in the system call: the load
generator, the balancer, two instances and Postgres's backends share 2 cores), then garbage collection and the runner's
parsing. The target needs the instances not to share their cores with the database and the load; here it is met only
with the runners stopped. After the queue's lease fixes (leases from claim time and renewed while a job runs, the
upload queued in the orders' transaction), two runs of the whole benchmark with a 2,000-order backfill gave a p99 of
88.4 and 73.4 ms at 400/s and 43.1 and 84.3 ms in the kill phase, every order stored once and no job run by both
instances (2026-12-02).
`;
}

export function writeDatabasesSection(r: DatabasesResult, file = "docs/benchmarks.md") {
  const doc = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const start = doc.indexOf("## SQLite, Postgres and the ingest's floor");
  const end = doc.indexOf("\n## ", doc.indexOf("## Scale-out: two instances", start + 1) + 1);
  const before = start < 0 ? doc.trimEnd() : doc.slice(0, start).trimEnd();
  const after = start < 0 || end < 0 ? "" : doc.slice(end + 1);
  fs.writeFileSync(file, `${before}\n\n${databasesSection(r).trimEnd()}\n${after ? `\n${after}` : ""}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const orders = Number(process.env.BENCH_ORDERS ?? 100_000);
  const dir = path.join(os.tmpdir(), "seko-bench");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `orders-${orders}.jsonl`);
  if (!fs.existsSync(file)) await generateJsonl(file, orders);
  execFileSync("sync");
  const result = await measureDatabases(file, orders);
  writeDatabasesSection(result);
  console.log(JSON.stringify(result));
}
