/**
 * The soak (./soak.ts, its own process) and its section of docs/benchmarks.md. Part of
 * `npm run bench`; alone, `npm run bench -- soak` (or `tsx tests/bench/soak-run.ts`) measures and
 * rewrites this section. BENCH_SOAK_SECONDS (600) sets its length.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { buildApp } from "./app-instance";
import { replaceDocSection } from "./doc-section";
import { statusLabel } from "./load";
import type { memoryTrend } from "./soak-memory";
import { resultLine } from "./result-line";

type Latency = { requests: number; p50: number; p99: number; max: number; not200: number };
export type SoakResult = {
  seconds: number;
  loadSeconds: number;
  warmupSeconds: number;
  sampleSeconds: number;
  rates: { webhookRate: number; trackingRate: number; trackingEvents: number; pageRate: number; hostileRate: number };
  requests: number;
  fiveXx: number;
  noAnswer: number;
  webhooks: Latency & {
    statuses: Record<string, number>;
    acknowledgedOrders: number;
    storedOrders: number;
    lost: number;
    lostUpdates: number;
    duplicated: number;
    acknowledgedEvents: number;
    deliveriesRecorded: number;
  };
  tracking: Latency & { deliveries: number; acknowledged: number; uniqueEventsAcknowledged: number; storedDistinct: number; storedRows: number; lost: number; duplicated: number };
  pages: Latency & { statuses: Record<string, number> };
  hostile: Record<string, Record<string, number>>;
  jobsLeft: number;
  memory: ReturnType<typeof memoryTrend> & { afterDrainMb: number; peakMb: number };
  samples: [number, number][];
  load: number;
};

export const SOAK_HEADING = "## Soak: everything at once";

export function measureSoak(): SoakResult {
  buildApp();
  const load = Math.round(os.loadavg()[0]! * 10) / 10;
  const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
  const out = execFileSync("tsx", [path.join("tests/bench", "soak.ts")], {
    env: { ...process.env, BENCH_BUILD: "reuse" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: (seconds + 15 * 60) * 1000,
  });
  const line = resultLine(out, "soak.ts");
  const result = { ...(JSON.parse(line) as SoakResult), load };
  console.log(`bench: soak.ts (load ${load}) → ${JSON.stringify({ ...result, samples: `${result.samples.length} samples` })}`);
  return result;
}

const statusList = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([status, n]) => `${statusLabel(status)}: ${n}`)
    .join(", ");

export function soakSection(m: SoakResult) {
  const mem = m.memory;
  const lost = m.webhooks.lost + m.tracking.lost;
  const duplicated = m.webhooks.duplicated + m.tracking.duplicated;
  const correct = lost === 0 && duplicated === 0 && m.fiveXx === 0 && m.noAnswer === 0 && m.jobsLeft === 0;
  const hostileTotal = Object.values(m.hostile).reduce((sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0), 0);
  // One sample a minute (or ten in all for a short run), for the shape.
  const every = Math.max(1, Math.round(Math.min(60, m.seconds / 10) / m.sampleSeconds));
  const series = m.samples
    .filter((_, i) => i % every === 0 || i === m.samples.length - 1)
    .map(([t, mb]) => `${Math.round(t)} s: ${Math.round(mb)}`)
    .join(" · ");
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const row = (stream: string, rate: string, l: Latency, answers: string, extra: string) => `| ${stream} | ${rate} | ${l.requests} | ${answers} | ${l.p50} ms | ${l.p99} ms | ${l.max} ms | ${extra} |`;
  return `${SOAK_HEADING}

Written by \`npm run bench\` (tests/bench/soak.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, Node ${process.version}, SQLite; load average
${m.load} at the start (a shared 2-core machine; the load generator runs on it too). One production-build instance
(\`remix vite:build\`, served as the demo serves it: Express and Remix's handler, the simulated Shopify and SEKO in the
process) on 127.0.0.1 for ${m.seconds} s (the load took ${m.loadSeconds} s to be answered), every stream on a fixed schedule whether or not
earlier requests were answered.

| stream | rate | requests | answers | p50 | p99 | max | stored |
| --- | --- | --- | --- | --- | --- | --- | --- |
${row("signed order webhooks (every 10th a redelivery, every 3rd order updated)", `${m.rates.webhookRate}/s`, m.webhooks, statusList(m.webhooks.statuses), `${m.webhooks.acknowledgedOrders} orders acknowledged, ${m.webhooks.lost} of them missing; ${m.webhooks.storedOrders} stored in all, ${m.webhooks.deliveriesRecorded} events recorded (${m.webhooks.acknowledgedEvents} acknowledged)`)}
${row(`SEKO tracking deliveries of ${m.rates.trackingEvents} events (every 5th a retry)`, `${m.rates.trackingRate}/s`, m.tracking, `200: ${m.tracking.acknowledged} of ${m.tracking.deliveries}`, `${m.tracking.uniqueEventsAcknowledged} events acknowledged, ${m.tracking.lost} of them missing; ${m.tracking.storedRows} rows stored in all (${m.tracking.storedDistinct} distinct)`)}
${row("admin pages (step 5 and Home, session token)", `${m.rates.pageRate}/s`, m.pages, statusList(m.pages.statuses), "")}

Hostile requests, ${m.rates.hostileRate}/s (${hostileTotal} in all), each kind in turn; the bodies over a cap are ${Number(process.env.BENCH_SOAK_OVERSIZED_MB ?? 40)} MB, sent until the server answers:

| hostile request | answers |
| --- | --- |
${Object.entries(m.hostile)
  .map(([tag, counts]) => `| ${tag} | ${statusList(counts)} |`)
  .join("\n")}

**Correctness:** ${correct ? "met" : "NOT met"}: ${lost} lost (acknowledged but not stored${m.webhooks.lostUpdates ? `, of which ${m.webhooks.lostUpdates} order updates` : ""}), ${duplicated} duplicated (stored twice),
${m.fiveXx} answers 5xx and ${m.noAnswer} unanswered of ${m.requests} requests; ${m.jobsLeft} order jobs left after the drain.

**Memory** (the server process's RSS from the kernel every ${m.sampleSeconds} s): ${mem.startMb} MB at the start, ${mem.atWarmupEndMb} MB after the
${m.warmupSeconds} s warm-up, peak ${mem.peakMb} MB (the kernel's VmHWM), final ${mem.finalMb} MB at the end of the load and ${m.memory.afterDrainMb} MB once the
queue was drained. Flat means: from the warm-up's end to the load's end, cut into thirds by time, the last third's median RSS is
within ${mem.flatPercent}% of the first third's. Here ${mem.firstThirdMedianMb} MB then ${mem.lastThirdMedianMb} MB (${mem.growthPercent >= 0 ? "+" : ""}${mem.growthPercent}%;
least-squares slope ${mem.slopeMbPerMinute} MB a minute): **${mem.flat ? "flat" : "NOT flat"}**.
RSS (MB) over time: ${series}.
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = soakSection(measureSoak());
  replaceDocSection(SOAK_HEADING, section);
  console.log(section);
}
