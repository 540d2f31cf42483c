import { expect, test } from "vitest";
import { backfillSince, gqlOrderSchema, orderFromGql, orderFromWebhook, syncProgress, toGrams, webhookOrderSchema } from "./order-sync";

test("progress: rate and ETA from what was ingested since the ingest began", () => {
  const now = new Date("2026-01-01T00:00:10Z");
  const p = syncProgress({ ingested: 500, estimatedTotal: 1500, ingestStartedAt: new Date("2026-01-01T00:00:00Z"), now, done: false });
  expect(p).toEqual({ ingested: 500, estimatedTotal: 1500, fraction: 1 / 3, ordersPerSecond: 50, etaSeconds: 20 });
  expect(syncProgress({ ingested: 0, estimatedTotal: null, ingestStartedAt: null, now, done: false }).fraction).toBeNull();
  expect(syncProgress({ ingested: 10, estimatedTotal: 5, ingestStartedAt: null, now, done: true })).toMatchObject({ fraction: 1, estimatedTotal: 10, etaSeconds: 0 });
});

test("the backfill reaches back 60 days, or everything with read_all_orders", () => {
  const now = new Date("2026-03-01T00:00:00Z");
  expect(backfillSince(false, now)?.toISOString()).toBe("2025-12-31T00:00:00.000Z");
  expect(backfillSince(true, now)).toBeNull();
});

test("weights become grams; 0 means missing", () => {
  expect(toGrams({ value: 1.2, unit: "KILOGRAMS" })).toBe(1200);
  expect(toGrams({ value: 1, unit: "POUNDS" })).toBeCloseTo(453.592);
  expect(toGrams({ value: 0, unit: "GRAMS" })).toBeNull();
});

test("a REST webhook order becomes the same record shape as a GraphQL one", () => {
  const parsed = webhookOrderSchema.parse({
    id: 820982911946154500,
    name: "#1001",
    email: "jon@example.com",
    created_at: "2026-01-01T10:00:00+13:00",
    updated_at: "2026-01-02T10:00:00+13:00",
    currency: "NZD",
    fulfillment_status: "partial",
    customer: { id: 115310627314723950, first_name: "Jon", last_name: "Snow" },
    shipping_address: { first_name: "Jon", last_name: "Snow", address1: "1 Queen St", city: "Auckland", province: "Auckland", zip: "1010", country_code: "NZ" },
    line_items: [{ id: 1, variant_id: 2, product_id: 3, sku: "TEE-M", title: "Tee", variant_title: "M", quantity: 2, price: "25.00" }],
    fulfillments: [{ created_at: "2026-01-02T09:00:00+13:00", status: "success" }],
  });
  const record = orderFromWebhook(parsed);
  expect(record).toMatchObject({
    shopifyId: "gid://shopify/Order/820982911946154500",
    customerId: "gid://shopify/Customer/115310627314723950",
    customerName: "Jon Snow",
    fulfillmentStatus: "PARTIALLY_FULFILLED",
    shippingAddress: { countryCode: "NZ", province: "Auckland" },
  });
  expect(record.fulfilledAt?.toISOString()).toBe("2026-01-01T20:00:00.000Z");
  expect(record.lineItems[0]).toMatchObject({ variantId: "gid://shopify/ProductVariant/2", productId: "gid://shopify/Product/3", price: "25.00" });
});

test("a GraphQL order's customer id is its Customer GID; a guest, an order read without read_customers, or a malformed id has none (and the order is kept)", () => {
  const line = {
    id: "gid://shopify/Order/1",
    name: "#1001",
    email: "jon@example.com",
    createdAt: "2026-01-01T10:00:00Z",
    processedAt: "2026-01-01T10:00:00Z",
    updatedAt: "2026-01-02T10:00:00Z",
    currencyCode: "NZD",
  };
  const customerOf = (extra: Record<string, unknown>) => orderFromGql(gqlOrderSchema.parse({ ...line, ...extra }), []).customerId;
  expect(customerOf({ customer: { id: "gid://shopify/Customer/7001" } })).toBe("gid://shopify/Customer/7001");
  expect(customerOf({ customer: null })).toBeNull();
  expect(customerOf({})).toBeNull();
  for (const id of ["7001", "gid://shopify/User/7001", "gid://shopify/Customer/7001/x", ""]) expect(customerOf({ customer: { id } })).toBeNull();
});
