/**
 * What the soak (./soak.ts) sends besides its order webhooks: SEKO's tracking deliveries (with
 * retries) and the hostile requests, taken in turn. None of the hostile ones may get a 5xx or go
 * unanswered; which 4xx each gets is the route's business and is reported as it comes.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { DEMO_API_SECRET } from "../setup/config";
import { OVERLONG_EVENT, trackingDelivery, type TrackingCredentials } from "./load";
import type { LoadRequest } from "./load-worker";
import { TRACKING_JOURNEY } from "./tracking-body";

const OVERSIZED = Number(process.env.BENCH_SOAK_OVERSIZED_MB ?? 40) * 1024 * 1024;
const FROM = "198.51.100.77";

/**
 * `count` deliveries of `events` events each: new returns going through their journey (8 events
 * each), every 5th delivery the previous one again. `keys`: each event's identity (consignment,
 * code, item, time), to count what an acknowledged delivery must have stored.
 */
export function soakTrackingDeliveries(count: number, events: number) {
  const list: { body: string; keys: string[]; retry: boolean }[] = [];
  const start = Date.parse("2026-10-01T00:00:00Z");
  for (let d = 0; d < count; d++) {
    if (d % 5 === 4) {
      list.push({ ...list.at(-1)!, retry: true });
      continue;
    }
    const sent: Record<string, unknown>[] = [];
    for (let n = 0; sent.length < events; n++) {
      const step = n % TRACKING_JOURNEY.length;
      const [code, item] = TRACKING_JOURNEY[step]!;
      const r = Math.floor(n / TRACKING_JOURNEY.length);
      sent.push({
        ConsignmentNo: `SOAK${d}-${r}`,
        OmniRPSTrackingNo: `RPSSOAK${d}-${r}`,
        OrderNo: `#${30_001 + d}`,
        Code: code,
        Status: code,
        Carrier: "SEKO Returns",
        EventDT: new Date(start + d * 60_000 + step * 3_600_000).toISOString().slice(0, 19).replace("T", " "),
        ItemNo: item ? `SKU-${r}-${item}` : null,
        ReturnReason: item ? "Too small" : null,
        ReturnAction: item ? "Refund" : null,
      });
    }
    list.push({ body: JSON.stringify(sent), keys: sent.map((e) => `${e.ConsignmentNo}|${e.Code}|${e.ItemNo ?? ""}|${e.EventDT}`), retry: false });
  }
  return list;
}

function webhook(shop: string, body: string, tag: string, options: { signed: boolean; contentType?: string; extra?: Partial<LoadRequest> }): LoadRequest {
  const eventId = randomUUID();
  return {
    method: "POST",
    path: "/webhooks/orders/create",
    tag,
    body,
    headers: {
      "content-type": options.contentType ?? "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": shop,
      "x-shopify-hmac-sha256": options.signed ? createHmac("sha256", DEMO_API_SECRET).update(body).digest("base64") : randomBytes(32).toString("base64"),
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": eventId,
      "x-shopify-event-id": eventId,
      "x-forwarded-for": FROM,
    },
    ...options.extra,
  };
}

/** The hostile requests, one of each; the soak sends them in turn. Those with credentials use a shop of their own. */
export function hostileRequests(options: { hostileShop: string; tracking: TrackingCredentials }): LoadRequest[] {
  const shop = options.hostileShop;
  const unknown = { ...options.tracking, url: `http://localhost/seko/tracking/${randomBytes(24).toString("base64url")}` };
  const form = { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": FROM, "user-agent": "Mozilla/5.0" };
  return [
    webhook(shop, '{"id":1,"note":"', "webhook over the cap (Content-Length)", { signed: false, extra: { bodyBytes: OVERSIZED } }),
    webhook(shop, '{"id":1,"note":"', "webhook over the cap (chunked)", { signed: false, extra: { bodyBytes: OVERSIZED, chunked: true } }),
    webhook(shop, '{"id":1,"line_items":[{"id":', "webhook malformed JSON (signed)", { signed: true }),
    webhook(shop, "hello", "webhook wrong content type", { signed: false, contentType: "text/plain" }),
    { method: "GET", path: "/webhooks/orders/create", headers: { "x-forwarded-for": FROM }, tag: "GET on a webhook" },
    { method: "POST", path: "/auth/login", headers: { ...form, "content-type": "application/json" }, body: '{"shop":"x.myshopify.com"}', tag: "login, JSON body" },
    { method: "POST", path: "/auth/login", headers: form, body: "shop=", bodyBytes: OVERSIZED, tag: "login, form over the cap" },
    { method: "POST", path: "/auth/login", headers: form, body: "shop=", bodyBytes: OVERSIZED, chunked: true, tag: "login, chunked form over the cap" },
    trackingDelivery(options.tracking, '[{"ConsignmentNo":"SEKO1","Code":', "tracking JSON that stops part way", FROM),
    trackingDelivery(options.tracking, '[{"ConsignmentNo":"SEKO1","Code":RC}]', "tracking invalid JSON", FROM),
    trackingDelivery(options.tracking, "hello", "tracking wrong content type", FROM, { headers: { ...trackingDelivery(options.tracking, "", "", FROM).headers, "content-type": "text/plain" } }),
    trackingDelivery(options.tracking, OVERLONG_EVENT, "tracking over the cap (chunked)", FROM, { bodyBytes: OVERSIZED, chunked: true }),
    trackingDelivery(unknown, "[]", "tracking unknown token", FROM),
  ];
}
