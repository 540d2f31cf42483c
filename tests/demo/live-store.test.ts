import fs from "node:fs";
import { describe, expect, test } from "vitest";
import { createDemoRng, generateDemoStore, nextLiveChange, type LiveChangeKind } from "../fixtures/demo-store";
import { shopifyStore } from "../mocks/shopify";
import { DEMO_API_SECRET, DEMO_SHOP } from "../setup/config";
import { installShop, syncTestHooks } from "../setup/order-sync";
import { APP_URL } from "../setup/requests";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as ordersFulfilled } from "~/routes/webhooks.orders.fulfilled";
import { action as ordersUpdated } from "~/routes/webhooks.orders.updated";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { drainJobs } from "~/job-handlers.server";
import { webhookActivity } from "~/shopify/sync-view.server";
import { db } from "~/utils/db.server";
import { installedScopesFrom, readWebhookConfig, startLiveStore, type Delivery, type LiveStoreOptions } from "./live-store";

syncTestHooks();

const webhooks = readWebhookConfig(fs.readFileSync("shopify.app.toml", "utf8"));

/** The app's webhook routes, reached the way Remix reaches them: by path, with the request as sent. */
const ROUTES: Record<string, typeof ordersCreate> = {
  "/webhooks/orders/create": ordersCreate,
  "/webhooks/orders/updated": ordersUpdated,
  "/webhooks/orders/fulfilled": ordersFulfilled,
  "/webhooks/orders/cancelled": ordersCancelled,
  "/webhooks/refunds/create": refundsCreate,
};

async function app(request: Request): Promise<Response> {
  const action = ROUTES[new URL(request.url).pathname];
  if (!action) return new Response("Not Found", { status: 404 });
  try {
    return await action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function liveStore(overrides: Partial<LiveStoreOptions> = {}) {
  const sessions = installedScopesFrom(process.env.DATABASE_URL!);
  const live = startLiveStore({
    shop: DEMO_SHOP,
    appUrl: APP_URL,
    apiSecret: DEMO_API_SECRET,
    webhooks,
    store: () => shopifyStore(DEMO_SHOP).data,
    installedScopes: sessions.scopes,
    changesPerMinute: 0,
    send: app,
    seed: 7,
    ...overrides,
  });
  return {
    ...live,
    async stop() {
      await live.stop();
      sessions.close();
    },
  };
}

const ORDER_QUERY = `#graphql
  query LiveOrder($id: ID!) {
    order(id: $id) {
      id name email updatedAt cancelledAt displayFinancialStatus displayFulfillmentStatus
      fulfillments(first: 5) { createdAt status }
      lineItems(first: 50) { nodes { id sku quantity currentQuantity unfulfilledQuantity } }
    }
  }
`;

type GqlOrder = {
  id: string;
  name: string;
  email: string | null;
  updatedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string;
  displayFulfillmentStatus: string;
  fulfillments: { createdAt: string; status: string }[];
  lineItems: { nodes: { id: string; sku: string | null; quantity: number; currentQuantity: number; unfulfilledQuantity: number }[] };
};

/** A later read through the simulated Admin GraphQL, as the app's reconciliation would make it. */
async function readOrder(id: string): Promise<GqlOrder> {
  const response = await fetch(`https://${DEMO_SHOP}/admin/api/${webhooks.apiVersion}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": shopifyStore(DEMO_SHOP).issueAccessToken() },
    body: JSON.stringify({ query: ORDER_QUERY, variables: { id } }),
  });
  const body = (await response.json()) as { data?: { order: GqlOrder | null }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!.order!;
}

describe("the demo's living store", () => {
  test("stays still, and sends nothing, until the shop has installed the app", async () => {
    const live = liveStore();
    const before = shopifyStore(DEMO_SHOP).data.orders.length;
    const result = await live.step();
    await live.stop();

    expect(result).toEqual({ change: null, deliveries: [] });
    expect(shopifyStore(DEMO_SHOP).data.orders).toHaveLength(before);
    expect(await db.webhookDelivery.count()).toBe(0);
  });

  test("each change reaches the app's webhook routes signed and accepted; the stored order agrees with the simulated Admin API", async () => {
    await installShop(DEMO_SHOP);
    const live = liveStore();
    const kinds: LiveChangeKind[] = ["order-created", "order-created", "order-fulfilled", "order-cancelled", "order-cancelled", "order-refunded", "order-refunded", "order-refunded"];
    const touched = new Set<string>();
    const topics = new Set<string>();
    const deliveries: Delivery[] = [];
    for (const kind of kinds) {
      const step = await live.step(kind);
      const change = step.change;
      expect(change?.kind).toBe(kind);
      expect(step.deliveries.length).toBeGreaterThan(0);
      deliveries.push(...step.deliveries);
      for (const delivery of step.deliveries) {
        expect(delivery.status, `${delivery.topic} for ${delivery.orderName}`).toBeGreaterThanOrEqual(200);
        expect(delivery.status).toBeLessThan(300);
        topics.add(delivery.topic);
      }
      touched.add(change!.order.id);
      await drainJobs({ shop: DEMO_SHOP });
    }
    await live.stop();

    // Only what shopify.app.toml subscribes to: orders/paid is Shopify's too, but not ours.
    expect([...topics].sort()).toEqual(["orders/cancelled", "orders/create", "orders/fulfilled", "orders/updated", "refunds/create"]);
    // Every accepted delivery is on record under its event id, once.
    const eventIds = deliveries.map((d) => d.eventId);
    expect(await db.webhookDelivery.count({ where: { shop: DEMO_SHOP, eventId: { in: eventIds } } })).toBe(eventIds.length);
    // The step 5 page's "Live order updates" reads these: every topic has its last delivery.
    const activity = await webhookActivity(DEMO_SHOP);
    for (const row of activity) expect(row.lastDeliveredAt, row.topic).not.toBeNull();

    const store = shopifyStore(DEMO_SHOP).data;
    for (const id of touched) {
      const row = await db.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop: DEMO_SHOP, shopifyId: id } }, include: { lineItems: true } });
      const inStore = store.orders.find((o) => o.id === id)!;
      const read = await readOrder(id);
      // The in-memory store and a later GraphQL read say the same as the webhook the app stored.
      expect(read.updatedAt).toBe(inStore.updatedAt);
      expect(row).toMatchObject({
        name: read.name,
        email: read.email,
        financialStatus: read.displayFinancialStatus,
        fulfillmentStatus: read.displayFulfillmentStatus,
        shopifyUpdatedAt: new Date(read.updatedAt),
        cancelledAt: read.cancelledAt ? new Date(read.cancelledAt) : null,
        fulfilledAt: read.fulfillments[0] ? new Date(read.fulfillments[0].createdAt) : null,
      });
      const lines = row.lineItems.map((l) => ({ id: l.shopifyId, sku: l.sku, quantity: l.quantity, currentQuantity: l.currentQuantity, unfulfilledQuantity: l.unfulfilledQuantity }));
      expect(lines.sort((a, b) => a.id.localeCompare(b.id))).toEqual(read.lineItems.nodes.sort((a, b) => a.id.localeCompare(b.id)));
    }
    const created = [...touched].map((id) => store.orders.find((o) => o.id === id)!);
    expect(created.some((o) => o.displayFinancialStatus === "PARTIALLY_REFUNDED" || o.displayFinancialStatus === "REFUNDED")).toBe(true);
    expect(created.some((o) => o.cancelledAt !== null)).toBe(true);
  });

  test("a refused delivery is retried with the same ids at the next change", async () => {
    await installShop(DEMO_SHOP);
    let refuse = true;
    const live = liveStore({ send: async (request) => (refuse ? new Response("busy", { status: 503 }) : app(request)) });
    const first = await live.step("order-created");
    refuse = false;
    const second = await live.step("order-fulfilled");
    await live.stop();

    const failed = first.deliveries[0]!;
    expect(failed).toMatchObject({ topic: "orders/create", status: 503, attempt: 1 });
    expect(second.deliveries[0]).toMatchObject({ topic: "orders/create", status: 200, attempt: 2, eventId: failed.eventId, webhookId: failed.webhookId });
  });

  test("on a timer it keeps changing the store until stopped, then nothing runs", async () => {
    await installShop(DEMO_SHOP);
    const sent: string[] = [];
    const live = liveStore({
      changesPerMinute: 1200,
      send: async (request) => {
        sent.push(request.headers.get("x-shopify-topic")!);
        return app(request);
      },
    });
    await expect.poll(() => sent.length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    await live.stop();
    const count = sent.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent).toHaveLength(count);
  });
});

describe("the store's changes (pure)", () => {
  const NOW = Date.parse("2026-10-20T03:00:00Z");
  const run = () => {
    const store = generateDemoStore({ seed: 1, now: new Date(NOW) });
    const rng = createDemoRng(9);
    const changes = Array.from({ length: 40 }, (_, i) => nextLiveChange(store, rng, NOW + i * 500));
    return { store, changes };
  };

  test("same store and seed, same changes; every kind happens; ids stay unique", () => {
    const { store, changes } = run();
    expect(JSON.stringify(run().store)).toBe(JSON.stringify(store));
    expect(new Set(changes.map((c) => c.kind))).toEqual(new Set(["order-created", "order-fulfilled", "order-cancelled", "order-refunded"]));
    const ids = store.orders.flatMap((o) => [o.id, ...o.lineItems.map((l) => l.id), ...o.fulfillments.map((f) => f.id), ...o.refunds.map((r) => r.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(store.orders.map((o) => o.name)).size).toBe(store.orders.length);
  });

  test("an order's updatedAt only moves forward, by a second at least, even for two changes in one second", () => {
    const store = generateDemoStore({ seed: 1, now: new Date(NOW) });
    const rng = createDemoRng(3);
    const created = nextLiveChange(store, rng, NOW, "order-created").order;
    const before = created.updatedAt;
    nextLiveChange(store, rng, NOW, "order-refunded");
    const refunded = store.orders.filter((o) => o.refunds.length > 0 && Date.parse(o.updatedAt) >= NOW);
    expect(refunded).toHaveLength(1);
    if (refunded[0]!.id === created.id) expect(Date.parse(created.updatedAt)).toBeGreaterThan(Date.parse(before));
    expect(Date.parse(refunded[0]!.updatedAt)).toBeGreaterThanOrEqual(NOW);
  });
});

describe("shopify.app.toml, as the simulated Shopify reads it", () => {
  test("the order topics go to their routes at the configured API version; compliance topics are not subscriptions", () => {
    expect(webhooks.apiVersion).toMatch(/^\d{4}-\d{2}$/);
    expect(Object.fromEntries(webhooks.subscriptions)).toMatchObject({
      "orders/create": "/webhooks/orders/create",
      "orders/updated": "/webhooks/orders/updated",
      "orders/fulfilled": "/webhooks/orders/fulfilled",
      "orders/cancelled": "/webhooks/orders/cancelled",
      "refunds/create": "/webhooks/refunds/create",
    });
    expect(webhooks.subscriptions.has("customers/redact")).toBe(false);
  });
});
