import { createHmac, randomUUID } from "node:crypto";
import { signSessionToken } from "../demo/session-token";
import { DEMO_API_KEY, DEMO_API_SECRET } from "./config";

export const APP_URL = "https://seko-returns.test";

/** A webhook delivery exactly as Shopify sends it: JSON body, HMAC of the raw body, topic and ids in headers. */
export function webhookRequest(options: { topic: string; shop: string; body: unknown; eventId?: string; secret?: string; method?: string; hmac?: string }) {
  const raw = JSON.stringify(options.body);
  const hmac =
    options.hmac ??
    createHmac("sha256", options.secret ?? DEMO_API_SECRET)
      .update(raw)
      .digest("base64");
  const method = options.method ?? "POST";
  return new Request(`${APP_URL}/webhooks/${options.topic}`, {
    method,
    body: method === "GET" ? undefined : raw,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": options.topic,
      "x-shopify-shop-domain": options.shop,
      "x-shopify-hmac-sha256": hmac,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": randomUUID(),
      "x-shopify-event-id": options.eventId ?? randomUUID(),
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  });
}

/** A request from the embedded app (App Bridge adds the session token as a bearer header). */
export function adminRequest(path: string, options: { shop: string; init?: RequestInit; userId?: string }) {
  const token = signSessionToken({ shop: options.shop, apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, userId: options.userId });
  const headers = new Headers(options.init?.headers);
  headers.set("authorization", `Bearer ${token}`);
  return new Request(`${APP_URL}${path}`, { ...options.init, headers });
}
