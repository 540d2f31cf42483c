import { expect, test } from "vitest";
import { PackedRows, PackedSqliteBatch } from "./ingest-batch.server";
import type { OrderRecord } from "./order-sync";
import { orderStepsSqlite } from "./order-upserts.server";

const read = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes)) as unknown[][];

test("packed rows read back as the rows, across the buffer's growth, whatever the text", () => {
  const rows = Array.from({ length: 2_000 }, (_, i) => [i, `Tē ${i} "quoted" \\ ${"x".repeat(i % 40)}`, null, i % 2, "👕", "\ud800 lone half", 1.5]);
  const packed = new PackedRows();
  for (const row of rows) packed.push(row);
  const bytes = packed.take();
  expect(bytes.byteLength).toBeGreaterThan(16 * 1024); // grew past its first buffer
  expect(read(bytes)).toEqual(rows);
  expect(read(new PackedRows().take())).toEqual([]);
});

const order = (id: number, lines: number): OrderRecord => ({
  shopifyId: `gid://shopify/Order/${id}`,
  name: `#${id}`,
  email: null,
  customerId: "gid://shopify/Customer/7",
  customerName: "Aroha Ngata",
  shippingAddress: {
    name: "Aroha Ngata",
    company: null,
    address1: "1 Queen St",
    address2: null,
    city: "Auckland",
    province: "Auckland",
    provinceCode: "AUK",
    zip: "1010",
    country: "New Zealand",
    countryCode: "NZ",
  },
  currency: "NZD",
  processedAt: new Date("2026-09-01T00:00:00Z"),
  createdAt: new Date("2026-09-01T00:00:00Z"),
  updatedAt: new Date("2026-09-02T00:00:00Z"),
  fulfilledAt: null,
  cancelledAt: null,
  fulfillmentStatus: "FULFILLED",
  financialStatus: "PAID",
  test: false,
  lineItems: Array.from({ length: lines }, (_, i) => ({
    shopifyId: `gid://shopify/LineItem/${id * 10 + i}`,
    sku: i ? `SKU-${i}` : null,
    title: "Tee",
    variantTitle: "M",
    quantity: 2,
    currentQuantity: 2,
    unfulfilledQuantity: null,
    price: "25.00",
    variantId: `gid://shopify/ProductVariant/${i}`,
    productId: null,
    requiresShipping: i % 2 === 0,
    imageUrl: null,
  })),
});

test("a packed batch holds the same statements and rows as the records' steps (ids aside)", () => {
  const now = new Date("2026-10-01T00:00:00Z");
  const orders = [order(1, 3), order(2, 0), order(3, 1)];
  const batch = new PackedSqliteBatch("shop.myshopify.com", now);
  // As the bulk file has them: each order, then its line items; a line item of an order not in the batch is left out.
  for (const o of orders) {
    batch.addOrder({ ...o, lineItems: o.lineItems.slice(0, 1) });
    for (const line of o.lineItems.slice(1)) batch.addLine(o.shopifyId, line);
    batch.addLine("gid://shopify/Order/99", o.lineItems[0] ?? orders[0]!.lineItems[0]!);
  }
  expect(batch.size).toBe(3);
  expect(batch.has("gid://shopify/Order/2")).toBe(true);

  const { steps } = batch.take();
  const expected = orderStepsSqlite("shop.myshopify.com", orders, now);
  expect(steps.map(({ sql, lookup }) => ({ sql, lookup }))).toEqual(expected.map(({ sql, lookup }) => ({ sql, lookup })));
  const withoutId = (rows: unknown[][]) => rows.map((row) => row.slice(1));
  for (const [i, step] of steps.entries()) {
    expect(step.rows).toBeUndefined();
    const rows = read(step.packed);
    // Steps 0 and 2 start each row with a new id; step 1 (delete the order's old lines) has only the order.
    expect(i === 1 ? rows : withoutId(rows)).toEqual(i === 1 ? expected[i]!.rows : withoutId(expected[i]!.rows!));
    // Each step's text in a buffer of its own: it is moved to the database thread, not shared.
    expect(step.packed!.byteOffset).toBe(0);
  }
  expect(new Set(steps.map((step) => step.packed!.buffer)).size).toBe(3);
  expect(new PackedSqliteBatch("shop.myshopify.com").take()).toEqual({ steps: [] });
});
