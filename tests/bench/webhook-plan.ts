/**
 * The order webhooks the load benchmarks send (./webhooks.ts on one instance, ./scaleout.ts
 * across two): REST-shaped orders/create bodies cut from one of the simulated store's orders,
 * every 10th request a redelivery of the previous event (same id), every 3rd order updated later.
 */
import { createHmac, randomUUID } from "node:crypto";
import { shopifyStore } from "../mocks/shopify";
import { DEMO_API_SECRET } from "../setup/config";
import { restOrder } from "../setup/order-sync";

export type Planned = { topic: string; body: string; eventId: string };

export function planWebhooks(shop: string, count: number, prefix: string, firstId: number, day: number) {
  const template = shopifyStore(shop).data.orders.at(-1)!;
  const planned: Planned[] = [];
  let orderNo = 0;
  while (planned.length < count) {
    const n = orderNo++;
    const id = `gid://shopify/Order/${firstId + n}`;
    const base = restOrder(template, { id: firstId + n, admin_graphql_api_id: id, name: `${prefix}${n}`, updated_at: new Date(Date.UTC(2026, 0, day, 0, 0, n)).toISOString() });
    base.line_items = base.line_items.map((l, i) => ({ ...l, id: firstId * 10 + n * 10 + i, admin_graphql_api_id: `gid://shopify/LineItem/${firstId * 10 + n * 10 + i}` }));
    planned.push({ topic: "orders/create", body: JSON.stringify(base), eventId: randomUUID() });
    if (planned.length % 10 === 0) planned.push({ ...planned.at(-1)! });
    if (n % 3 === 0) planned.push({ topic: "orders/updated", body: JSON.stringify({ ...base, updated_at: new Date(Date.UTC(2026, 0, day + 1, 0, 0, n)).toISOString() }), eventId: randomUUID() });
  }
  planned.length = count;
  return { planned, linesPerOrder: template.lineItems.length, expectedOrders: new Set(planned.map((p) => (JSON.parse(p.body) as { admin_graphql_api_id: string }).admin_graphql_api_id)).size };
}

/** As Shopify sends them: signed, with the topic, shop, API version and event id headers. */
export function signedRequests(shop: string, list: Planned[]) {
  return list.map((p) => ({
    topic: p.topic,
    body: p.body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": p.topic,
      "x-shopify-shop-domain": shop,
      "x-shopify-hmac-sha256": createHmac("sha256", DEMO_API_SECRET).update(p.body).digest("base64"),
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": p.eventId,
      "x-shopify-event-id": p.eventId,
    },
  }));
}
