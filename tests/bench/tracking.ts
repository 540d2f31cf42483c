/**
 * One SEKO tracking delivery through the real route action behind a local
 * HTTP server (127.0.0.1 only), in its own process so peak RSS is this run's:
 * `tsx tests/bench/tracking.ts <body file> <events>`. SEKO's side, on its own
 * thread, streams the body from the file (the server reads it as it arrives). After a
 * small warm-up delivery for another shop, it times the delivery, then the
 * same delivery again (SEKO's retry), and counts what was stored. Prints JSON.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import { removeDb } from "./env";
import { TRACKING_JOURNEY } from "./tracking-body";

const [file, eventsText] = process.argv.slice(2);
const events = Number(eventsText);
const SHOP = "bench-tracking.myshopify.com";

const { action } = await import("~/routes/seko.tracking.$token");
const { rotateTrackingCredentials } = await import("~/seko/tracking-receiver.server");
const { db } = await import("~/utils/db.server");

const app = http.createServer(async (req, res) => {
  const token = req.url!.split("/").pop()!;
  const request = new Request(`http://localhost${req.url}`, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
  const response = await action({ request, params: { token }, context: {} });
  res.writeHead(response.status, { "content-type": "application/json" });
  res.end(await response.text());
});
await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
const port = (app.address() as AddressInfo).port;

type Credentials = Awaited<ReturnType<typeof rotateTrackingCredentials>>;
// SEKO's side runs on its own thread (as another machine would), so sending does not take the server's turns.
const SENDER = `
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const http = require("node:http");
parentPort.on("message", ({ port, path, headers, file, text }) => {
  const started = performance.now();
  const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
    const chunks = [];
    res.on("data", (chunk) => chunks.push(chunk));
    res.on("end", () => parentPort.postMessage({ status: res.statusCode, ms: performance.now() - started, answer: JSON.parse(Buffer.concat(chunks).toString()) }));
  });
  req.on("error", (error) => parentPort.postMessage({ error: String(error) }));
  if (file) fs.createReadStream(file).pipe(req);
  else req.end(text);
});
`;
const sender = new Worker(SENDER, { eval: true });
function deliver(credentials: Credentials, body: { file: string } | { text: string }) {
  return new Promise<{ status: number; ms: number; answer: Record<string, number> }>((resolve, reject) => {
    sender.once("message", (result: { status: number; ms: number; answer: Record<string, number>; error?: string }) => (result.error ? reject(new Error(result.error)) : resolve(result)));
    sender.postMessage({
      port,
      path: new URL(credentials.url).pathname,
      headers: { "content-type": "application/json", username: credentials.username, password: credentials.password },
      ...body,
    });
  });
}

// Warm-up, not counted: a server that has just started compiles its code paths; a running one has.
const warm = await rotateTrackingCredentials("bench-warmup.myshopify.com", "bench");
const warmBody = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ ConsignmentNo: `W${i % 250}`, Code: "RC", EventDT: "2026-09-01 10:00:00", ItemNo: `W-${i}` })));
const warmup = await deliver(warm, { text: warmBody });
if (warmup.status !== 200) throw new Error(`warm-up answered ${warmup.status}`);

const credentials = await rotateTrackingCredentials(SHOP, "bench");
global.gc?.();
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
let peakHeap = 0;
let peakExternal = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peak = Math.max(peak, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  peakExternal = Math.max(peakExternal, usage.external);
}, 25);
const first = await deliver(credentials, { file: file! });
const retry = await deliver(credentials, { file: file! });
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

const returns = Math.ceil(events / TRACKING_JOURNEY.length);
const stored = await db.trackingEvent.count({ where: { shop: SHOP } });
// Counted in SQL: reading 50,000 keys back would weigh on the peak RSS measured.
const [counted] = await db.$queryRaw<{ distinct: number | bigint }[]>`SELECT COUNT(DISTINCT "dedupeKey") AS "distinct" FROM "TrackingEvent" WHERE "shop" = ${SHOP}`;
const shipments = await db.returnShipment.count({ where: { shop: SHOP } });
const finalStatus = TRACKING_JOURNEY.slice(0, Math.min(TRACKING_JOURNEY.length, Math.ceil(events / returns))).at(-1)![0];
const atFinalStatus = await db.returnShipment.count({ where: { shop: SHOP, status: finalStatus } });
await db.$disconnect();
await sender.terminate();
app.close();
await removeDb();
console.log(
  JSON.stringify({
    events,
    bodyMb: Math.round((fs.statSync(file!).size / 1024 / 1024) * 10) / 10,
    status: first.status,
    ms: Math.round(first.ms),
    answer: first.answer,
    retryStatus: retry.status,
    retryMs: Math.round(retry.ms),
    retryAnswer: retry.answer,
    stored,
    distinct: Number(counted?.distinct),
    returns,
    shipments,
    atFinalStatus,
    rssBeforeMb: Math.round(rssBefore / 1024 / 1024),
    peakRssMb: Math.round(peak / 1024 / 1024),
    peakHeapMb: Math.round(peakHeap / 1024 / 1024),
    peakExternalMb: Math.round(peakExternal / 1024 / 1024),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
process.exit(0);
