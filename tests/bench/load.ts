/**
 * Runs the load of the flood and soak benchmarks on its own thread (./load-worker.ts) and
 * summarises answers. Also the requests both benchmarks send, built as SEKO and Shopify send them
 * and as an attacker would not.
 */
import { createHmac, randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import { DEMO_API_SECRET } from "../setup/config";
import type { Answer, LoadInput, LoadRequest, StreamResult } from "./load-worker";

export const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

export async function runLoad(input: LoadInput) {
  const worker = new Worker(new URL("./load-worker.ts", import.meta.url), { workerData: input });
  const results = await new Promise<StreamResult[]>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  await worker.terminate();
  return results;
}

export function scheduled(results: StreamResult[], name: string) {
  const result = results.find((r) => r.name === name);
  if (result?.kind !== "schedule") throw new Error(`no scheduled stream ${name}`);
  return result;
}

export function looped(results: StreamResult[], name: string) {
  const result = results.find((r) => r.name === name);
  if (result?.kind !== "loop") throw new Error(`no looped stream ${name}`);
  return result;
}

export function percentile(values: number[], p: number) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
}

export const latency = (answers: Answer[]) => ({
  requests: answers.length,
  p50: percentile(
    answers.map((a) => a.ms),
    0.5,
  ),
  p99: percentile(
    answers.map((a) => a.ms),
    0.99,
  ),
  max: Math.round(Math.max(...answers.map((a) => a.ms))),
  not200: answers.filter((a) => a.status !== 200).length,
});

/** How a report names an answer's status: the HTTP status, or how the request went unanswered (./load-worker.ts). */
export const statusLabel = (status: number | string) => (Number(status) === 0 ? "no answer in time" : Number(status) === -1 ? "closed without an answer" : String(status));

/** "status: count" pairs, e.g. {"401": 1200, "429": 30000}. */
export function byStatus(answers: { status: number }[]) {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}

/** A signed Shopify webhook as Shopify sends it (tests/bench/webhook-plan.ts signs the same way). */
export function shopifyWebhook(shop: string, topic: string, body: string, eventId: string, tag: string, forwardedFor: string): LoadRequest {
  return {
    method: "POST",
    path: `/webhooks/${topic}`,
    tag,
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": shop,
      "x-shopify-hmac-sha256": createHmac("sha256", DEMO_API_SECRET).update(body).digest("base64"),
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": eventId,
      "x-shopify-event-id": eventId,
      "x-forwarded-for": forwardedFor,
    },
  };
}

export type TrackingCredentials = { url: string; username: string; password: string };

/** A tracking delivery to an endpoint (docs/seko.md 5.6: Username and Password headers). */
export function trackingDelivery(credentials: TrackingCredentials, body: string, tag: string, forwardedFor: string, extra: Partial<LoadRequest> = {}): LoadRequest {
  return {
    method: "POST",
    path: new URL(credentials.url).pathname,
    tag,
    body,
    headers: { "content-type": "application/json", username: credentials.username, password: credentials.password, "x-forwarded-for": forwardedFor },
    ...extra,
  };
}

export const OVERLONG_EVENT = '[{"ConsignmentNo":"SEKO1","Code":"RC","EventDT":"2026-10-01 10:00:00","Status":"';

/** BENCH_FLOOD_KINDS: which bad requests the flood sends (all by default). */
export const FLOOD_KINDS = (process.env.BENCH_FLOOD_KINDS ?? "unknown,password,length,chunked").split(",");

/** The bad requests a flood sends to the tracking route, each from one of `addresses` (as a proxy reports them). */
export function badTrackingRequests(real: TrackingCredentials, flooded: TrackingCredentials, oversizedBytes: number, addresses: number, kinds = FLOOD_KINDS) {
  const list: LoadRequest[] = [];
  for (let i = 0; i < addresses; i++) {
    const from = `198.51.100.${(i % 250) + 1}`;
    const unknown = { url: `http://localhost/seko/tracking/${randomBytes(24).toString("base64url")}`, username: real.username, password: randomBytes(18).toString("base64url") };
    if (kinds.includes("unknown")) list.push(trackingDelivery(unknown, "[]", "unknown token", from));
    if (kinds.includes("password")) list.push(trackingDelivery({ ...real, password: randomBytes(18).toString("base64url") }, "[]", "wrong password", from));
    // One event whose Status never ends: a parser that keeps reading holds all of it.
    if (kinds.includes("length")) list.push(trackingDelivery(flooded, OVERLONG_EVENT, "oversized (Content-Length)", from, { bodyBytes: oversizedBytes }));
    if (kinds.includes("chunked")) list.push(trackingDelivery(flooded, OVERLONG_EVENT, "oversized (chunked)", from, { bodyBytes: oversizedBytes, chunked: true }));
  }
  if (list.length === 0) throw new Error(`BENCH_FLOOD_KINDS names none of unknown, password, length, chunked`);
  return list;
}
