/**
 * The ingest's memory (issue 29): the 100,000-order ingest (./ingest.ts, each run its own process)
 * under Node's defaults and under the Node options the container image ships (the Dockerfile's
 * NODE_OPTIONS, decision 031), interleaved over BENCH_MEMORY_ROUNDS rounds (3), the order of the two
 * swapped every round; then where the memory goes (./ingest-memory.ts, under the image's options).
 * BENCH_MEMORY_BEFORE=<git revision>: the same runs of that revision's code too (a worktree of it under
 * the bench's folder, sharing node_modules), interleaved with this checkout's: paired before/after figures.
 * Part of `npm run bench`; alone, `npm run bench -- ingest-memory` measures and rewrites its section.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { imageNodeOptions } from "../deploy/image-node-options";
import { benchDir } from "./env";
import { generateJsonl } from "./generate";
import { resultLine } from "./result-line";

type Run = { ordersPerSecond: number; peakRssMb: number; peakAnonRssMb: number; peakRssAtMarkMb: number; seconds: number; load: number };
type Step = { step: string; rssMb: number; liveHeapMb: number; sqliteThreadHeapMb: number | null };
type Runs = { defaults: Run[]; image: Run[] };
export type IngestMemoryResult = { orders: number; imageOptions: string; after: Runs; before: (Runs & { revision: string }) | null; steps: Step[] };

export const INGEST_MEMORY_HEADING = "## The ingest's memory (issue 29)";

function run(script: string, args: string[], nodeOptions: string, cwd = process.cwd()): Record<string, number | string> & { load: number } {
  const load = Math.round(os.loadavg()[0]! * 10) / 10;
  const out = execFileSync(path.resolve("node_modules/.bin/tsx"), [path.join("tests/bench", script), ...args], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    timeout: 15 * 60_000,
  });
  const line = resultLine(out, script);
  console.log(`bench: ${script}${cwd === process.cwd() ? "" : ` in ${cwd}`} [${nodeOptions || "Node's defaults"}] (load ${load}) → ${line.slice(0, 300)}`);
  return { ...(JSON.parse(line) as Record<string, number | string>), load };
}

function ingest(file: string, orders: number, nodeOptions: string, cwd?: string): Run {
  const r = run("ingest.ts", [file, "stream"], nodeOptions, cwd);
  if (r.stored !== orders) throw new Error(`an ingest stored ${String(r.stored)} of ${orders} orders`);
  // Sampled every 25 ms from the first line to the last commit (not the checks after it), the same way in every revision.
  return {
    ordersPerSecond: Number(r.ordersPerSecond),
    peakRssMb: Number(r.peakRssMb),
    peakAnonRssMb: Number(r.peakAnonRssMb),
    peakRssAtMarkMb: Number(r.peakRssAtMarkMb),
    seconds: Number(r.seconds),
    load: r.load,
  };
}

/** A worktree of `revision` beside the bench's files, with this checkout's node_modules. */
function worktreeOf(revision: string) {
  const dir = path.join(benchDir, `before-${revision.replace(/[^\w.-]/g, "_")}`);
  if (!fs.existsSync(dir)) {
    execFileSync("git", ["worktree", "add", "--detach", dir, revision], { stdio: "pipe" });
    fs.symlinkSync(path.resolve("node_modules"), path.join(dir, "node_modules"));
  }
  return dir;
}

export async function measureIngestMemory(orders = Number(process.env.BENCH_ORDERS ?? 100_000)): Promise<IngestMemoryResult> {
  const file = path.join(benchDir, `orders-${orders}.jsonl`);
  if (!fs.existsSync(file)) await generateJsonl(file, orders);
  execFileSync("sync");
  const imageOptions = imageNodeOptions();
  if (!imageOptions) throw new Error("The Dockerfile sets no NODE_OPTIONS: there is no deployment setting to measure");
  const rounds = Number(process.env.BENCH_MEMORY_ROUNDS ?? 3);
  const revision = process.env.BENCH_MEMORY_BEFORE;
  const beforeDir = revision ? worktreeOf(revision) : null;
  const result: IngestMemoryResult = { orders, imageOptions, after: { defaults: [], image: [] }, before: revision ? { revision, defaults: [], image: [] } : null, steps: [] };
  for (let round = 0; round < rounds; round++) {
    console.log(`bench: the ingest's memory, round ${round + 1}/${rounds}…`);
    const options = round % 2 === 0 ? ["", imageOptions] : [imageOptions, ""];
    for (const option of options) {
      const codes = [{ into: result.after, cwd: undefined as string | undefined }, ...(result.before ? [{ into: result.before, cwd: beforeDir! }] : [])];
      if (round % 2 === 1) codes.reverse();
      for (const code of codes) (option ? code.into.image : code.into.defaults).push(ingest(file, orders, option, code.cwd));
    }
  }
  result.steps = (run("ingest-memory.ts", [file], imageOptions) as unknown as { steps: Step[] }).steps;
  if (beforeDir) execFileSync("git", ["worktree", "remove", "--force", beforeDir], { stdio: "pipe" });
  return result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const n = (value: number) => value.toLocaleString("en-GB");
const ratio = (after: number, before: number) => `${after >= before ? "+" : "−"}${Math.abs(Math.round((after / before - 1) * 100))}%`;

export function ingestMemorySection(r: IngestMemoryResult) {
  const figure = (runs: Run[], of: (x: Run) => number, unit = "") => `${n(median(runs.map(of)))}${unit} (${runs.map((x) => n(of(x))).join(", ")})`;
  const rows: string[] = [];
  for (const [label, key] of [
    ["Node's defaults", "defaults"],
    ["the image's options", "image"],
  ] as const) {
    const after = r.after[key];
    const before = r.before?.[key];
    for (const [what, of, unit] of [
      ["peak RSS", (x: Run) => x.peakRssMb, " MB"],
      ["of which anonymous", (x: Run) => x.peakAnonRssMb, " MB"],
      ...(r.orders > 10_000 ? ([["peak RSS by the 10,000th order", (x: Run) => x.peakRssAtMarkMb, " MB"]] as const) : []),
      ["orders/s", (x: Run) => x.ordersPerSecond, ""],
    ] as const) {
      rows.push(`| ${label}: ${what} | ${before ? figure(before, of, unit) : ""} | ${figure(after, of, unit)} | ${before ? ratio(median(after.map(of)), median(before.map(of))) : ""} |`);
    }
  }
  const imageRss = median(r.after.image.map((x) => x.peakRssMb));
  const imageRate = median(r.after.image.map((x) => x.ordersPerSecond));
  const loads = [...r.after.defaults, ...r.after.image, ...(r.before ? [...r.before.defaults, ...r.before.image] : [])].map((x) => x.load);
  const steps = r.steps.map((s) => `| ${s.step} | ${s.rssMb} MB | ${s.liveHeapMb} MB | ${s.sqliteThreadHeapMb === null ? "" : `${s.sqliteThreadHeapMb} MB`} |`).join("\n");
  return `${INGEST_MEMORY_HEADING}

Written by \`npm run bench\` (tests/bench/ingest-memory-run.ts; alone: \`npm run bench -- ingest-memory\`) on
${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}, SQLite. The
${n(r.orders)}-order file ingested as the backfill does (\`ingestOrderLines\`, tests/bench/ingest.ts), each run its own process, under
Node's defaults and under the options the container image runs with (the Dockerfile's \`NODE_OPTIONS\`:
\`${r.imageOptions}\`, decision 031), interleaved over ${r.after.defaults.length} rounds${r.before ? `, each run paired with the same run of revision \`${r.before.revision}\` (before)` : ""}.
Peak RSS is sampled every 25 ms from the first line to the last commit; load averages at the runs' starts
${Math.min(...loads)}-${Math.max(...loads)} (2 cores, shared). Targets: peak ≤ 160 MB and ≥ 14,000 orders/s on a quiet machine.

| ${n(r.orders)} orders, median (every run) | before | after | change |
| --- | --- | --- | --- |
${rows.join("\n")}

**Against the targets:** memory ${imageRss <= 160 ? "met" : "NOT met"} under the image's options (${imageRss} MB); rate ${imageRate >= 14_000 ? "met" : "NOT met"} under
them (${n(imageRate)} orders/s; ${n(median(r.after.defaults.map((x) => x.ordersPerSecond)))} with Node's defaults, at ${median(r.after.defaults.map((x) => x.peakRssMb))} MB).

Where it goes, under the image's options (tests/bench/ingest-memory.ts: a full collection forced at each step, so the
live heap apart from garbage; under tsx, which the server's build does not load):

| step | RSS | live heap (request thread) | SQLite thread's heap |
| --- | --- | --- | --- |
${steps}

${INGEST_MEMORY_FINDINGS}`;
}

/** What the runs above rest on, found with the same scripts (2026-12-05). */
const INGEST_MEMORY_FINDINGS = `- The ingest's own live set is 1-3 MB (two batches in flight); the rest of the peak is what the process holds before
  the first line (Node and tsx, zod and the schemas, Prisma's client, the SQLite thread: an isolate of its own) and
  the garbage V8 lets pile up between collections. With Node's defaults V8 sizes its heaps from the machine's memory
  (24 GB here): the request thread's young generation grows to 32 MB under the parser's allocation rate and its old
  generation to about four times its 27 MB live set before a full collection (\`--trace-gc-nvp\`). That is what the
  image's options bound: a 256 MB old generation and 2 MB semi-spaces, for the server as for an ingest in it.
- Each order's rows are packed as JSON text outside the JS heap as the order is read and moved to the database thread
  with its batch (app/shopify/ingest-batch.server.ts, decision 006): a third less promoted to the old generation
  (104 → 69 MB for 30,000 orders), which reaches the ceiling later but, with Node's defaults, not a lower one.
- The bulk file's line reader has its own module (app/shopify/bulk-file.server.ts): an ingest no longer loads the
  Shopify app's modules (13 MB before the first line). A server loads them anyway: in a server the ingest's peak is
  the server's own footprint (the production build with the simulated Shopify and SEKO: about 175 MB at start under
  the image's options, "The tracking route flooded" below) plus the garbage bound above.
- The rate under the image's options was the garbage's cost: the request thread spent about a quarter of its time
  collecting (a CPU profile; \`--trace-gc\`: about 2,000 scavenges of its 2 MB semi-spaces and 130 full collections for
  100,000 orders). A sampling of what it allocated (10,000 orders) put about 45% in zod (each line's objects copied,
  each field and transform with a parse result of its own), 9% in \`JSON.parse\`, 5% each in decoding the file and in
  searching the carried text for line ends, 4% in making row ids. The lines are now read straight into records
  (app/shopify/bulk-line.ts, decision 033: held to the zod schemas by a differential test), line ends are searched in
  each decoded chunk, an id is written into one buffer, and the SQLite thread binds each row in place instead of
  copying it: the rate under the image's options in the table above. Before, with a 256 MB old generation (single runs
  on 2026-12-05, load 2.4-2.7), semi-spaces of 4, 8 or 16 MB gave 11,100-12,400 orders/s at 149-184 MB: the
  semi-space size was not the lever.
- Tried and dropped: smaller batches of objects (100/250/500 orders: 273/285/294 MB with Node's defaults); a 6 MB
  young generation for the SQLite thread (\`resourceLimits\`: 316 MB, its rows then survive into its old generation);
  \`--max-old-space-size=256\` alone (219 MB: the young generation keeps its 16 MB semi-spaces).`;
