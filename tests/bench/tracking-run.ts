/**
 * SEKO tracking deliveries of 10,000 and 50,000 events (BENCH_TRACKING_EVENTS)
 * through the real route behind a localhost server, BENCH_TRACKING_RUNS runs
 * each (default 3), sizes alternated so drift in the machine's speed falls on
 * both, each run its own process (tests/bench/tracking.ts). Part of
 * `npm run bench`; alone, `tsx tests/bench/tracking-run.ts` measures and
 * rewrites this section of docs/benchmarks.md.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { imageNodeOptions } from "../deploy/image-node-options";
import { generateTrackingBody } from "./tracking-body";
import { resultLine } from "./result-line";

type Result = Record<string, unknown> & { events: number; ms: number; retryMs: number; peakRssMb: number; maxRssMb: number; rssBeforeMb: number };
type Run = Result & { load: number };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
};

function deliver(file: string, events: number): Run {
  const load = Math.round(os.loadavg()[0]! * 10) / 10;
  // Under the Node options the container image runs the server with (decision 031).
  const env = { ...process.env, NODE_OPTIONS: imageNodeOptions() };
  const out = execFileSync("tsx", [path.join("tests/bench", "tracking.ts"), file, String(events)], { env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024, timeout: 5 * 60_000 });
  const line = resultLine(out, "tracking.ts");
  console.log(`bench: tracking.ts ${events} (load ${load}) → ${line}`);
  return { ...(JSON.parse(line) as Result), load };
}

/** Stored once: every event, no key twice, one return per consignment at its last status; the retry stored nothing. */
const storedOnce = (r: Result) => {
  const answer = r.answer as { stored: number };
  const retry = r.retryAnswer as { stored: number; duplicates: number };
  return (
    r.status === 200 &&
    r.retryStatus === 200 &&
    answer.stored === r.events &&
    r.stored === r.events &&
    r.distinct === r.events &&
    r.shipments === r.returns &&
    r.atFinalStatus === r.returns &&
    retry.stored === 0 &&
    retry.duplicates === r.events
  );
};

export async function measureTrackingDeliveries(sizes = (process.env.BENCH_TRACKING_EVENTS ?? "10000,50000").split(",").map(Number), runs = Number(process.env.BENCH_TRACKING_RUNS ?? 3)) {
  const dir = path.join(os.tmpdir(), "seko-bench");
  fs.mkdirSync(dir, { recursive: true });
  const files = new Map<number, string>();
  for (const size of sizes) {
    files.set(size, path.join(dir, `tracking-${size}.json`));
    await generateTrackingBody(files.get(size)!, size);
  }
  execFileSync("sync");
  const results = new Map<number, Run[]>(sizes.map((size) => [size, []]));
  for (let i = 0; i < runs; i++) for (const size of sizes) results.get(size)!.push(deliver(files.get(size)!, size));
  for (const file of files.values()) fs.rmSync(file, { force: true });
  return { sizes, runs, results };
}

export function trackingSection(m: Awaited<ReturnType<typeof measureTrackingDeliveries>>) {
  const stat = (list: Run[], key: "ms" | "retryMs" | "peakRssMb" | "maxRssMb" | "rssBeforeMb") => {
    const values = list.map((r) => Number(r[key]));
    return { median: median(values), range: `${Math.min(...values)}-${Math.max(...values)}`, all: values.join(", ") };
  };
  const rows = m.sizes.map((size) => {
    const list = m.results.get(size)!;
    const ms = stat(list, "ms");
    const retry = stat(list, "retryMs");
    const rss = stat(list, "maxRssMb");
    const before = stat(list, "rssBeforeMb");
    return [
      size,
      `${list[0]!.bodyMb} MB`,
      `${ms.median} ms`,
      ms.range,
      ms.all,
      `${retry.median} ms`,
      retry.range,
      `${rss.median} MB`,
      rss.range,
      `${before.median} MB`,
      `${list.filter(storedOnce).length} / ${list.length}`,
      list.map((r) => r.load).join(", "),
    ];
  });
  const table = [
    ["events", "body", "answer, median", "range", "every run", "retry answer, median", "range", "peak RSS, median", "range", "RSS before the delivery", "stored once", "load average at start"],
    Array(12).fill("---"),
    ...rows,
  ]
    .map((row) => `| ${row.join(" | ")} |`)
    .join("\n");
  const small = m.results.get(Math.min(...m.sizes))!;
  const big = m.results.get(Math.max(...m.sizes))!;
  const smallMs = median(small.map((r) => r.ms));
  const over = small.filter((r) => r.ms > 800).length;
  const growth = median(big.map((r) => r.maxRssMb)) - median(small.map((r) => r.maxRssMb));
  const growthShare = Math.round((growth / median(small.map((r) => r.maxRssMb))) * 100);
  const allOnce = [...m.results.values()].flat().every(storedOnce);
  return `## SEKO tracking webhook (large deliveries)

One OmniRPS tracking delivery (a JSON array, docs/seko.md 5.6) posted to \`seko.tracking.$token\` (the route's action,
with its Username/Password check, behind a localhost HTTP server; the body streamed from a file), then the same
delivery again, as SEKO's retry. ${Math.max(...m.sizes) / 8} returns of 8 events each at the largest size, sent step by step across all returns, so
each return's events are spread over the whole body. A warm-up delivery of 2,000 events for another shop first; runs
alternate sizes; each is its own process, under the container image's Node options (\`${imageNodeOptions()}\`,
decision 031), so peak RSS (the kernel's maximum resident set) is that run's; the app's modules, the warm-up and the
server take the RSS before the delivery. Targets (issue 29): 10,000 events stored in ≤ 800 ms (median, quiet machine);
50,000 events with the peak within 20% of the 10,000-event run's.

${table}

**Against the targets:** answer time for ${Math.min(...m.sizes)} events ${smallMs <= 800 ? "met at the median" : "NOT met"} (${smallMs} ms vs 800 ms${over ? `; ${over} of ${small.length} runs over` : ""}; the load
average column is the shared 2-core machine's, other engineers' work included); stored once ${allOnce ? "in every run" : "NOT in every run"}; peak RSS
(medians) ${growth} MB (${growthShare}%) higher for ${Math.max(...m.sizes) / Math.min(...m.sizes)} times the events: flat memory ${growthShare <= 20 ? "met" : "NOT met"} (within 20%). What a delivery holds is bounded: the body is read as it arrives and cut
into events 1,000 at a time, and each thousand is written in its own transaction while the next is parsed (in a
one-off check with a forced garbage collection every 10 chunks of a 50,000-event delivery, 3 MB stayed live above the
baseline throughout). The growth in peak is V8 letting short-lived garbage (a chunk survives a few young-generation
collections while it is written) pile up in the old generation for longer in a longer run; it levels off (a one-off
100,000-event run on 2026-12-01: 327 MB, 7.3 s, all stored once).

The answer time moves with the machine's load: runs the same day (2026-12-01) at load averages of 2.8-4.8 gave
medians of 955 and 1036 ms for 10,000 events, single runs up to 1.2 s. The database thread is the bound (about 50 µs
per event of a chunk, about a quarter of it the three secondary indexes of \`TrackingEvent\`), then parsing (about 17 µs per event).

2026-12-05/06, the request thread's part: parsing a delivery gives the event loop a turn every 64 events
(\`trackingBatches\`). The body's pieces were already buffered, so the database thread's answers for the chunk being
written (a round trip for each statement of its transaction) were read only when parsing ran out of text, and writing
and parsing took turns instead of overlapping. An ordinary event is read into the schema's output without the
long-field copy and zod (\`app/seko/tracking-plain-event.ts\`, held to the schema by a differential test; decision 033),
its documented event time is checked without the pattern, the splitter finds a piece's next backslash once instead of
from every string, and a chunk's event rows are made while the chunk before is being written. Parsing alone (the
10,000-event body in 64 KB pieces, no database, the image's options): 188 → 45 ms. This benchmark, before these changes and after,
runs interleaved, 5 pairs at load averages 3.0-4.1 (other engineers' work): answer median 974 → 745 ms (0.76;
pairwise 0.66-0.89), retry 388 → 182 ms (0.47), peak RSS 182 → 179 MB; 2 pairs of 50,000 events at 4.3-5.1: 5.2-5.5 s
→ 3.5-3.6 s (0.65-0.68), peak 195-199 → 183-186 MB; every run stored once. A CPU profile now has the database thread (its
inserts, upserts and commits) busy through most of a delivery while the request thread waits for it.

The consignment-number index (issue 29 asked whether it costs write time for nothing) is read by three queries: a test
return's events (\`app/test-returns/test-returns.server.ts\`), the tracking catch-up's "which labels have events yet"
(\`app/test-returns/tracking-catchup.server.ts\`) and the return mirror job's events of one consignment
(\`app/returns/mirror.server.ts\`, once for each consignment a delivery changed). Their plans on a table of 60,000
events across 3 shops, analysed (2026-12-05): SQLite \`SEARCH TrackingEvent USING INDEX
TrackingEvent_shop_consignmentNo_idx (shop=? AND consignmentNo=?)\` (a covering index for the catch-up); Postgres
15.18 \`Index Scan\` (\`Index Only Scan\` for the catch-up) \`using "TrackingEvent_shop_consignmentNo_idx"\`. Without it
each would read every event of the shop, so it stays, and the 800 ms target for 10,000 events is not met by dropping it.

Before: all events were read and written one by one (a read and an insert per event, a read and an upsert per
return) in one interactive transaction, which Prisma ends after 5 s. The same benchmark on that code (once, load
average 5): the 10,000-event delivery answered 503 after 5.4 s with nothing stored, its retry the same (and so would
each of SEKO's, until it disables the webhook); even the 2,000-event warm-up failed so.
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = trackingSection(await measureTrackingDeliveries());
  const docs = "docs/benchmarks.md";
  const text = fs.readFileSync(docs, "utf8");
  const start = text.indexOf("## SEKO tracking webhook");
  const end = start < 0 ? -1 : text.indexOf("\n## ", start + 1);
  const next = start < 0 ? `${text.trimEnd()}\n\n${section}` : text.slice(0, start) + section + (end < 0 ? "" : text.slice(end + 1));
  fs.writeFileSync(docs, next);
  console.log(section);
}
