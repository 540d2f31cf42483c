import { Prisma } from "@prisma/client";
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, test } from "vitest";
import { server } from "#tests/mocks/node";
import { webhookRequest } from "#tests/setup/requests";
import { KEPT_ON_SHOP_REDACT } from "~/privacy/compliance.server";
import { WEBHOOK_MAX_BYTES } from "~/shopify/webhooks.server";
import { db } from "~/utils/db.server";
import { action as uninstalled } from "./webhooks.app.uninstalled";
import { action as scopesUpdate } from "./webhooks.app.scopes_update";
import { action as dataRequest } from "./webhooks.customers.data_request";
import { action as customersRedact } from "./webhooks.customers.redact";
import { action as ordersCreate } from "./webhooks.orders.create";
import { action as shopRedact } from "./webhooks.shop.redact";

const SHOP = "alpha-store.myshopify.com";
const OTHER = "beta-store.myshopify.com";
const args = (request: Request) => ({ request, params: {}, context: {} });

async function respond(handler: (a: ReturnType<typeof args>) => Promise<Response>, request: Request) {
  try {
    return await handler(args(request));
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function createSession(shop: string, options: { expiredToken?: boolean } = {}) {
  await db.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "",
      accessToken: "shpat_plain",
      scope: "read_orders",
      ...(options.expiredToken ? { expires: new Date(Date.now() - 60_000), refreshToken: "shprt_revoked", refreshTokenExpires: new Date(Date.now() + 86_400_000) } : {}),
    },
  });
}

async function seedShop(shop: string) {
  await db.shop.create({ data: { shop, scopes: "read_orders" } });
  await createSession(shop);
  for (const [index, customer] of [1001, 1002].entries()) {
    await db.order.create({
      data: {
        shop,
        shopifyId: `gid://shopify/Order/${shop.length * 100 + index}`,
        name: `#${1000 + index}`,
        customerId: `gid://shopify/Customer/${customer}`,
        email: `customer${customer}@example.com`,
        customerName: `Customer ${customer}`,
        currency: "NZD",
        processedAt: new Date("2026-10-01T00:00:00Z"),
        shopifyUpdatedAt: new Date("2026-10-02T00:00:00Z"),
        lineItems: { create: [{ shopifyId: `gid://shopify/LineItem/${index}`, sku: "TEE-M", title: "Tee", quantity: 1, price: "25.00" }] },
      },
    });
  }
}

const customerBody = (shop: string, customer = 1001) => ({
  shop_id: 1,
  shop_domain: shop,
  customer: { id: customer, email: `customer${customer}@example.com`, phone: null },
  orders_requested: [],
  orders_to_redact: [],
});

beforeEach(async () => {
  await seedShop(SHOP);
  await seedShop(OTHER);
});

describe("webhook authentication", () => {
  test.each([
    ["app/uninstalled", uninstalled, {}],
    ["customers/data_request", dataRequest, customerBody(SHOP)],
    ["customers/redact", customersRedact, customerBody(SHOP)],
    ["shop/redact", shopRedact, { shop_id: 1, shop_domain: SHOP }],
  ] as const)("%s with a bad HMAC answers 401 and writes nothing", async (topic, handler, body) => {
    const request = webhookRequest({ topic, shop: SHOP, body, secret: "not-the-app-secret" });
    const response = await respond(handler, request);
    expect(response.status).toBe(401);
    expect(await db.webhookDelivery.count()).toBe(0);
    expect(await db.complianceRequest.count()).toBe(0);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(2);
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(1);
  });

  test("a GET answers 405 and writes nothing", async () => {
    const response = await respond(uninstalled, webhookRequest({ topic: "app/uninstalled", shop: SHOP, body: {}, method: "GET" }));
    expect(response.status).toBe(405);
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(1);
  });
});

describe("app/uninstalled", () => {
  test("drops the shop's sessions, keeps its data for shop/redact, leaves other shops alone", async () => {
    const response = await respond(uninstalled, webhookRequest({ topic: "app/uninstalled", shop: SHOP, body: {} }));
    expect(response.status).toBe(200);
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(2);
    expect((await db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).uninstalledAt).toBeInstanceOf(Date);
    expect(await db.session.count({ where: { shop: OTHER } })).toBe(1);
    expect((await db.shop.findUniqueOrThrow({ where: { shop: OTHER } })).uninstalledAt).toBeNull();
  });

  test("still answers 200 when the shop's expired offline token can no longer be refreshed", async () => {
    // The known library bug: refreshing an uninstalled shop's token fails and authenticate.webhook answers 500.
    await db.session.deleteMany({ where: { shop: SHOP } });
    await createSession(SHOP, { expiredToken: true });
    let refreshAttempts = 0;
    server.use(
      http.post(`https://${SHOP}/admin/oauth/access_token`, () => {
        refreshAttempts += 1;
        return HttpResponse.json({ error: "invalid_grant", error_description: "refresh token revoked" }, { status: 400 });
      }),
    );
    const response = await respond(uninstalled, webhookRequest({ topic: "app/uninstalled", shop: SHOP, body: {} }));
    expect(refreshAttempts).toBeGreaterThan(0);
    expect(response.status).toBe(200);
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
  });

  test("an installed shop keeps its sessions when a refresh fails in passing (Shopify busy) during another topic's webhook", async () => {
    await db.session.deleteMany({ where: { shop: SHOP } });
    await createSession(SHOP, { expiredToken: true });
    server.use(http.post(`https://${SHOP}/admin/oauth/access_token`, () => HttpResponse.json({ errors: "Service unavailable" }, { status: 503 })));
    const body = { shop_id: 1, shop_domain: SHOP, customer: { id: 1001, email: "customer1001@example.com" }, orders_requested: [] };
    const response = await respond(dataRequest, webhookRequest({ topic: "customers/data_request", shop: SHOP, body }));
    expect(response.status).toBe(200);
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(1);

    // Once the shop has uninstalled, the same failure means the token is dead: its sessions go.
    await db.shop.update({ where: { shop: SHOP }, data: { uninstalledAt: new Date() } });
    await respond(dataRequest, webhookRequest({ topic: "customers/data_request", shop: SHOP, body, eventId: "second-request" }));
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
  });
});

describe("app/scopes_update", () => {
  test("records the scopes now granted on the shop and its sessions", async () => {
    const body = { id: 1, previous: ["read_orders"], current: ["read_orders", "read_all_orders"], updated_at: new Date().toISOString() };
    const response = await respond(scopesUpdate, webhookRequest({ topic: "app/scopes_update", shop: SHOP, body }));
    expect(response.status).toBe(200);
    expect((await db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).scopes).toBe("read_orders,read_all_orders");
    expect((await db.session.findFirstOrThrow({ where: { shop: SHOP } })).scope).toBe("read_orders,read_all_orders");
    expect((await db.shop.findUniqueOrThrow({ where: { shop: OTHER } })).scopes).toBe("read_orders");
  });

  test("a malformed payload answers 400 and changes nothing", async () => {
    const response = await respond(scopesUpdate, webhookRequest({ topic: "app/scopes_update", shop: SHOP, body: { current: "all" } }));
    expect(response.status).toBe(400);
    expect((await db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).scopes).toBe("read_orders");
  });
});

describe("customers/data_request", () => {
  test("reports the customer's orders in this shop only, once per event", async () => {
    const request = () => webhookRequest({ topic: "customers/data_request", shop: SHOP, body: customerBody(SHOP), eventId: "evt-1" });
    expect((await respond(dataRequest, request())).status).toBe(200);
    expect((await respond(dataRequest, request())).status).toBe(200); // Shopify's retry of the same event
    const records = await db.complianceRequest.findMany({ where: { topic: "customers/data_request" } });
    expect(records).toHaveLength(1);
    const report = JSON.parse(records[0]!.result) as { orders: { name: string; email: string; lineItems: unknown[] }[] };
    expect(report.orders).toHaveLength(1);
    expect(report.orders[0]).toMatchObject({ name: "#1000", email: "customer1001@example.com" });
    expect(report.orders[0]!.lineItems).toHaveLength(1);
    expect(records[0]!.shop).toBe(SHOP);
  });

  test("a payload without a customer answers 400", async () => {
    const response = await respond(dataRequest, webhookRequest({ topic: "customers/data_request", shop: SHOP, body: { shop_domain: SHOP } }));
    expect(response.status).toBe(400);
    expect(await db.complianceRequest.count()).toBe(0);
  });
});

describe("customers/redact", () => {
  test("erases that customer's orders in this shop and nothing else; a replay erases nothing more", async () => {
    const request = () => webhookRequest({ topic: "customers/redact", shop: SHOP, body: customerBody(SHOP), eventId: "evt-2" });
    expect((await respond(customersRedact, request())).status).toBe(200);
    expect(await db.order.count({ where: { shop: SHOP, customerId: "gid://shopify/Customer/1001" } })).toBe(0);
    expect(await db.order.count({ where: { shop: SHOP, customerId: "gid://shopify/Customer/1002" } })).toBe(1);
    expect(await db.order.count({ where: { shop: OTHER, customerId: "gid://shopify/Customer/1001" } })).toBe(1);
    expect(await db.lineItem.count()).toBe(3);
    expect((await respond(customersRedact, request())).status).toBe(200);
    expect(await db.order.count()).toBe(3);
    expect(await db.complianceRequest.count({ where: { topic: "customers/redact" } })).toBe(1);
  });

  test("erases orders named in orders_to_redact even when the customer id is unknown", async () => {
    const order = await db.order.findFirstOrThrow({ where: { shop: SHOP, name: "#1001" } });
    const body = { ...customerBody(SHOP, 999), customer: { id: 999, email: null }, orders_to_redact: [Number(order.shopifyId.split("/").pop())] };
    expect((await respond(customersRedact, webhookRequest({ topic: "customers/redact", shop: SHOP, body }))).status).toBe(200);
    expect(await db.order.findUnique({ where: { id: order.id } })).toBeNull();
  });
});

describe("shop/redact", () => {
  test("erases everything held for the shop and leaves other shops whole", async () => {
    const response = await respond(shopRedact, webhookRequest({ topic: "shop/redact", shop: SHOP, body: { shop_id: 1, shop_domain: SHOP } }));
    expect(response.status).toBe(200);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.lineItem.count()).toBe(2);
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.shop.count({ where: { shop: SHOP } })).toBe(0);
    const audit = await db.complianceRequest.findMany({ where: { shop: SHOP } });
    expect(audit.map((row) => row.topic)).toEqual(["shop/redact"]);
    expect(JSON.parse(audit[0]!.result)).toMatchObject({ Order: 2, Session: 1, Shop: 1 });
    expect(await db.order.count({ where: { shop: OTHER } })).toBe(2);
    expect(await db.session.count({ where: { shop: OTHER } })).toBe(1);
  });

  test("covers every model that stores a shop (a new model must be added to redactShop)", async () => {
    await respond(shopRedact, webhookRequest({ topic: "shop/redact", shop: SHOP, body: { shop_id: 1, shop_domain: SHOP } }));
    const audit = await db.complianceRequest.findFirstOrThrow({ where: { shop: SHOP, topic: "shop/redact" } });
    const erased = Object.keys(JSON.parse(audit.result) as object);
    const shopModels = Prisma.dmmf.datamodel.models.filter((model) => model.fields.some((field) => field.name === "shop")).map((model) => model.name);
    expect([...erased, ...Object.keys(KEPT_ON_SHOP_REDACT)].sort()).toEqual(shopModels.sort());
  });
});

describe("order sync data under the compliance webhooks", () => {
  test("customers/redact also drops that customer's order webhooks still queued for the sync", async () => {
    await db.syncJob.create({ data: { shop: SHOP, kind: "order", key: "evt-a", payload: JSON.stringify({ id: "5", email: "customer1001@example.com", customer: { id: "1001" } }) } });
    await db.syncJob.create({ data: { shop: SHOP, kind: "order", key: "evt-b", payload: JSON.stringify({ id: "6", email: "someone@example.com", customer: { id: "77" } }) } });
    await respond(customersRedact, webhookRequest({ topic: "customers/redact", shop: SHOP, body: customerBody(SHOP) }));
    expect((await db.syncJob.findMany({ where: { shop: SHOP } })).map((job) => job.key)).toEqual(["evt-b"]);
  });
});

describe("body cap and methods", () => {
  const CHUNK = 64 * 1024;

  /** A webhook whose body is a stream that counts what was pulled from it (nothing before a read). */
  function streamedWebhook(topic: string, chunks: number, headers: Record<string, string> = {}) {
    const signed = webhookRequest({ topic, shop: SHOP, body: {} });
    const counter = { pulled: 0 };
    let made = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (made++ === chunks) return controller.close();
          counter.pulled += CHUNK;
          controller.enqueue(new Uint8Array(CHUNK).fill(32));
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request(signed.url, { method: "POST", headers: { ...Object.fromEntries(signed.headers), ...headers }, body, duplex: "half" } as RequestInit);
    return { request, counter };
  }

  test.each([
    ["app/uninstalled", uninstalled],
    ["orders/create", ordersCreate],
  ] as const)("%s: a declared body over the cap is refused with 413 before a byte is read or the signature checked", async (topic, handler) => {
    const { request, counter } = streamedWebhook(topic, 200, { "content-length": String(WEBHOOK_MAX_BYTES + 1) });
    const response = await respond(handler, request);
    expect(response.status).toBe(413);
    expect(counter.pulled).toBe(0);
    expect(await db.webhookDelivery.count()).toBe(0);
  });

  test.each([
    ["app/uninstalled", uninstalled],
    ["orders/create", ordersCreate],
  ] as const)("%s: a chunked body over the cap is refused with 413, having read at most the cap and one chunk", async (topic, handler) => {
    const { request, counter } = streamedWebhook(topic, WEBHOOK_MAX_BYTES / CHUNK + 50);
    const response = await respond(handler, request);
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(WEBHOOK_MAX_BYTES + CHUNK);
    expect(await db.webhookDelivery.count()).toBe(0);
  });

  test("a signed body just under the cap is still accepted (the cap is above anything Shopify sends)", async () => {
    const padding = "x".repeat(WEBHOOK_MAX_BYTES - 1000);
    const response = await respond(uninstalled, webhookRequest({ topic: "app/uninstalled", shop: SHOP, body: { padding } }));
    expect(response.status).toBe(200);
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
  });

  const routes = import.meta.glob<{ loader?: () => Response; action: (a: ReturnType<typeof args>) => Promise<Response> }>("./webhooks.*.tsx", { eager: true });

  test.each(Object.keys(routes))("%s answers anything but POST with 405 naming POST", async (path) => {
    const route = routes[path]!;
    const get = route.loader?.();
    expect(get?.status).toBe(405);
    expect(get?.headers.get("allow")).toBe("POST");
    const put = await respond(route.action, webhookRequest({ topic: "app/uninstalled", shop: SHOP, body: {}, method: "PUT" }));
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("POST");
  });
});
