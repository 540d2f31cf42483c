/**
 * `npm run bench -- returns-mirror`: runs ./returns-mirror.ts in its own process (a fresh database,
 * the simulated Shopify in it) and writes its section of docs/benchmarks.md.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { resultLine } from "./result-line";

export const RETURNS_MIRROR_HEADING = "## SEKO returns written into Shopify (issue 28)";

type Round = { deliveriesMs: number; jobsMs: number; jobs: number };
export type ReturnsMirrorResult = {
  database: string;
  returns: number;
  deliveries: number;
  events: number;
  restoreRate: number;
  totalMs: number;
  rounds: Round[];
  shopifyCalls: number;
  throttled: number;
  pointsSpent: number;
  states: Record<string, number>;
  shopifyReturns: number;
  ordersWithTwoReturns: number;
  reverseDeliveries: number;
  unitsRestocked: number;
  units: number;
  attemptsLeft: number;
  peakRssMb: number;
  /** The load average when it started; null when the child was run by hand. */
  load: number | null;
};

export function measureReturnsMirror(): ReturnsMirrorResult {
  const load = Math.round(os.loadavg()[0]! * 10) / 10;
  const out = execFileSync("tsx", [path.join("tests/bench", "returns-mirror.ts")], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024, timeout: 90 * 60_000 });
  const line = resultLine(out, "returns-mirror.ts");
  console.log(`bench: returns-mirror.ts → ${line}`);
  return { ...(JSON.parse(line) as Omit<ReturnsMirrorResult, "load">), load };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function returnsMirrorSection(m: ReturnsMirrorResult) {
  const names = ["Return Created (Return in Transit first for one in ten)", "the other of the two", "Depot Scan", "Delivered Back To Retailer", "SEKO's retry of Return Created"];
  const rows = m.rounds.map((round, i) => `| ${i + 1}. ${names[i] ?? ""} | ${m.returns} | ${seconds(round.deliveriesMs)} | ${round.jobs} | ${seconds(round.jobsMs)} |`);
  const jobsMs = m.rounds.reduce((sum, round) => sum + round.jobsMs, 0);
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${RETURNS_MIRROR_HEADING}

Written by \`npm run bench -- returns-mirror\` (tests/bench/returns-mirror.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, Node ${process.version},
${m.database}; ${m.load === null ? "run by hand (tsx tests/bench/returns-mirror.ts), the load not recorded" : `load average ${m.load} at the start`} (the machine is shared with other work). ${m.returns} live returns on as many orders
of a generated store, each told by SEKO in five deliveries through the tracking route (${m.deliveries} deliveries, ${m.events} events
stored), "restock" as the setting. After each round of deliveries the \`return-mirror\` jobs run against the simulated Shopify, whose
leaky bucket restores ${m.restoreRate} points/s (Shopify's standard rate) from ${m.restoreRate * 10}: the app's own caller waits for the bucket
and backs off from THROTTLED answers, as it does against Shopify.

| round | deliveries | sent in | jobs queued | jobs done in |
| --- | --- | --- | --- | --- |
${rows.join("\n")}

- **Within the rate limit:** ${m.shopifyCalls} Admin GraphQL calls spending ${m.pointsSpent} points (${(m.pointsSpent / m.returns).toFixed(0)} a return),
  ${m.throttled} answered THROTTLED and retried by the caller; the jobs took ${seconds(jobsMs)} in all, ${(jobsMs / m.returns / 1000).toFixed(2)} s a return,
  which is the bucket's pace (${m.pointsSpent} points at ${m.restoreRate}/s is ${seconds((m.pointsSpent / m.restoreRate) * 1000)}): Shopify's rate, not the app, sets it.
- **Written once:** ${m.shopifyReturns} Shopify returns for ${m.returns} consignments (${m.ordersWithTwoReturns} orders with two), ${m.reverseDeliveries} reverse deliveries,
  ${m.unitsRestocked} of ${m.units} units restocked; rows by state: ${Object.entries(m.states)
    .map(([state, count]) => `${state} ${count}`)
    .join(", ")}; ${m.attemptsLeft} failed attempts left on rows.
- **Nothing to write, nothing asked:** the Depot Scan round and SEKO's retry cost ${seconds((m.rounds[2]?.jobsMs ?? 0) + (m.rounds[4]?.jobsMs ?? 0))} of jobs and no
  Shopify call for a return already in transit (\`alreadyWritten\`); the retry queued ${m.rounds[4]?.jobs ?? 0} jobs (its events were already stored).
- Peak RSS ${m.peakRssMb} MB.
`;
}
