/**
 * Where the ingest's memory goes: `tsx tests/bench/ingest-memory.ts <file.jsonl>`. Not a rate
 * measurement: it forces full garbage collections, so it reads the live heap (what is reachable)
 * apart from the garbage V8 lets pile up between collections, step by step:
 * - before anything of the app is loaded (Node, tsx, the bench's environment);
 * - after each group of the ingest's modules is imported, and after the SQLite thread has started;
 * - during the ingest, every 10,000 orders (the live set while batches are parsed and written);
 * - after the first Prisma query (its query compiler is loaded then).
 * Each step reports RSS, the request thread's live heap and the SQLite thread's heap. Prints one JSON
 * line (the last line of stdout). docs/benchmarks.md quotes it in "The ingest's memory".
 */
import fs from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createRequire, syncBuiltinESMExports } from "node:module";
import type { Worker } from "node:worker_threads";
import { removeDb } from "./env";

const file = process.argv[2];
if (!file) throw new Error("usage: tsx tests/bench/ingest-memory.ts <file.jsonl>");

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

// The SQLite thread is started by app/utils/sqlite.server.ts; its heap is read through the Worker object.
const workers: Worker[] = [];
const workerThreads = createRequire(import.meta.url)("node:worker_threads") as { Worker: typeof Worker };
const Tracked = workerThreads.Worker;
workerThreads.Worker = class extends Tracked {
  constructor(...args: ConstructorParameters<typeof Tracked>) {
    super(...args);
    workers.push(this);
  }
};
syncBuiltinESMExports();

// A worker's heap statistics do not keep the process alive, and the SQLite thread is unref'd while idle.
const alive = setInterval(() => undefined, 60_000);

type Step = { step: string; rssMb: number; liveHeapMb: number; heapMb: number; externalMb: number; sqliteThreadHeapMb: number | null };
const steps: Step[] = [];
async function measure(step: string) {
  gc();
  gc();
  const memory = process.memoryUsage();
  let threadHeap: number | null = null;
  for (const worker of workers) {
    try {
      threadHeap = (threadHeap ?? 0) + (await worker.getHeapStatistics()).total_physical_size;
    } catch {
      // the thread has stopped
    }
  }
  steps.push({
    step,
    rssMb: mb(memory.rss),
    liveHeapMb: mb(memory.heapUsed),
    heapMb: mb(memory.heapTotal),
    externalMb: mb(memory.external),
    sqliteThreadHeapMb: threadHeap === null ? null : mb(threadHeap),
  });
  console.log(JSON.stringify(steps.at(-1)));
}

await measure("Node, tsx and the bench's environment");
await import("zod");
await import("~/shopify/order-sync");
await measure("+ zod and the order schemas");
const { db } = await import("~/utils/db.server");
await measure("+ Prisma's client (not yet queried)");
const { ingestOrderLines } = await import("~/shopify/order-ingest.server");
await measure("+ the ingest's modules (order writes, job queue, leases, logger)");
// The bulk file's reader, apart from the export's Shopify calls (app/shopify/bulk.server.ts) and the Shopify app they bring.
const { splitLines } = await import("~/shopify/bulk-file.server");
await measure("+ app/shopify/bulk-file.server.ts (the file's line reader)");
const { sqliteConnection } = await import("~/utils/sqlite.server");
await sqliteConnection()!.execute("SELECT 1");
await measure("+ the SQLite thread started");

let orders = 0;
let next = 10_000;
async function* measured(source: AsyncIterable<string[]>) {
  for await (const chunk of source) {
    yield chunk;
    for (const line of chunk) if (line.startsWith('{"id":"gid://shopify/Order/')) orders++;
    if (orders >= next) {
      next += 10_000;
      await measure(`during the ingest, ${orders} orders read`);
    }
  }
}
const result = await ingestOrderLines("bench.myshopify.com", measured(splitLines(fs.createReadStream(file))));
await measure(`after the ingest (${result.orders} orders)`);
await db.order.count();
await measure("+ the first Prisma query");
await db.$disconnect();
await removeDb();
clearInterval(alive);
console.log(JSON.stringify({ orders: result.orders, steps }));
