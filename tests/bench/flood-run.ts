/**
 * The tracking route flooded with bad requests (./flood.ts, its own process) and its section of
 * docs/benchmarks.md. Part of `npm run bench`; alone, `npm run bench -- flood` (or
 * `tsx tests/bench/flood-run.ts`) measures and rewrites this section.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { buildApp } from "./app-instance";
import { replaceDocSection } from "./doc-section";
import { statusLabel } from "./load";
import { resultLine } from "./result-line";

type Latency = { requests: number; p50: number; p99: number; max: number; not200: number };
type Orders = { acknowledgedOrders: number; storedOrders: number; lost: number; duplicated: number };
export type FloodResult = {
  seconds: number;
  probeRate: number;
  concurrency: number;
  oversizedMb: number;
  addresses: number;
  aloneSeconds: number;
  quiet: { healthz: Latency; webhooks: Latency; orders: Orders };
  flood: { healthz: Latency; webhooks: Latency; orders: Orders };
  badRequests: number;
  badTimes: Record<string, { p50: number; p99: number }>;
  alone: { statuses: Record<string, number>; times: Record<string, { p50: number; p99: number }> };
  badPerSecond: number;
  badMaxMs: number;
  statuses: Record<string, number>;
  fiveXx: number;
  noAnswer: number;
  rssStartMb: number;
  rssAfterFloodMb: number;
  peakRssMb: number;
  load: number;
};

export const FLOOD_HEADING = "## The tracking route flooded with bad requests";

export function measureFlood(): FloodResult {
  buildApp();
  const load = Math.round(os.loadavg()[0]! * 10) / 10;
  const out = execFileSync("tsx", [path.join("tests/bench", "flood.ts")], { env: { ...process.env, BENCH_BUILD: "reuse" }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 });
  const line = resultLine(out, "flood.ts");
  console.log(`bench: flood.ts (load ${load}) → ${line}`);
  return { ...(JSON.parse(line) as FloodResult), load };
}

export function floodSection(m: FloodResult) {
  const row = (probe: string, phase: string, l: Latency) => `| ${probe} | ${phase} | ${l.requests} | ${l.not200} | ${l.p50} ms | ${l.p99} ms | ${l.max} ms |`;
  // One row per kind of bad request and answer, e.g. "wrong password 429".
  const keys = [...new Set([...Object.keys(m.statuses), ...Object.keys(m.alone.statuses)])].sort();
  const badRows = keys.map((key) => {
    const status = key.split(" ").pop()!;
    const during = m.badTimes[key];
    const alone = m.alone.times[key];
    return `| ${key.slice(0, -status.length - 1)} | ${statusLabel(status)} | ${m.statuses[key] ?? 0} | ${during ? `${during.p50} ms` : ""} | ${during ? `${during.p99} ms` : ""} | ${m.alone.statuses[key] ?? 0} | ${alone ? `${alone.p50} ms` : ""} |`;
  });
  const worst = Math.max(m.flood.healthz.p99, m.flood.webhooks.p99);
  const lost = m.quiet.orders.lost + m.flood.orders.lost;
  const duplicated = m.quiet.orders.duplicated + m.flood.orders.duplicated;
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${FLOOD_HEADING}

Written by \`npm run bench\` (tests/bench/flood.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, Node ${process.version}, SQLite; load average
${m.load} at the start (the 2-core machine is shared with other work; the load generator runs on it too).
The production build (\`remix vite:build\`) served as the demo serves it (Express and Remix's handler, the simulated
Shopify and SEKO in the process), on 127.0.0.1. Probes on a fixed schedule, ${m.probeRate}/s each: \`GET /healthz\` and a signed
\`orders/create\` webhook (a new order each time), for ${m.seconds} s without the flood, then ${m.seconds} s during it. The flood:
${m.concurrency} senders, each sending its next bad request to \`POST /seko/tracking/<token>\` as soon as the last was answered, in turn:
an unknown token, a real token with a wrong password, and a ${m.oversizedMb} MB body (one event whose \`Status\` never ends) with
valid credentials, declared in Content-Length or chunked; from ${m.addresses} addresses as the load balancer reports them
(X-Forwarded-For, \`TRUSTED_PROXY_HOPS=1\`). Between the two phases, the same bad requests from one sender for ${m.aloneSeconds} s: what each
costs with nothing else to do (the rate limits count these too).

| probe | phase | requests | non-200 | p50 | p99 | max |
| --- | --- | --- | --- | --- | --- | --- |
${row("/healthz", "quiet", m.quiet.healthz)}
${row("/healthz", "flood", m.flood.healthz)}
${row("order webhook", "quiet", m.quiet.webhooks)}
${row("order webhook", "flood", m.flood.webhooks)}

The flood: ${m.badRequests} bad requests in ${m.seconds + 2} s (${m.badPerSecond}/s; the slowest answer ${m.badMaxMs} ms).

| bad request | answer | during the flood | p50 | p99 | one at a time (no flood) | p50 |
| --- | --- | --- | --- | --- | --- | --- |
${badRows.join("\n")}

**Against the target (p99 under 100 ms during the flood):** ${worst < 100 ? "met" : "NOT met"} (\`/healthz\` ${m.flood.healthz.p99} ms, order webhook ${m.flood.webhooks.p99} ms).
${m.fiveXx} answers 5xx and ${m.noAnswer} unanswered among the bad requests; of the ${m.quiet.orders.acknowledgedOrders + m.flood.orders.acknowledgedOrders} orders acknowledged,
${lost} lost and ${duplicated} duplicated. The server's RSS: ${m.rssStartMb} MB at the start,
${m.rssAfterFloodMb} MB after the flood, ${m.peakRssMb} MB at its peak (the kernel's VmHWM).
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = floodSection(measureFlood());
  replaceDocSection(FLOOD_HEADING, section);
  console.log(section);
}
