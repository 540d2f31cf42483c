import { expect, test } from "vitest";
import { db } from "~/utils/db.server";
import { ingestOrderLines } from "./order-ingest.server";

const SHOP = "ingest-test.myshopify.com";

const orderLine = (id: number, name: string, updatedAt: string) =>
  JSON.stringify({
    id: `gid://shopify/Order/${id}`,
    name,
    email: "aroha@example.com",
    createdAt: "2026-09-01T00:00:00Z",
    processedAt: "2026-09-01T00:00:00Z",
    updatedAt,
    currencyCode: "NZD",
    shippingAddress: { firstName: "Aroha", lastName: "Ngata", city: "Auckland", countryCodeV2: "NZ" },
    fulfillments: [],
  });
const itemLine = (id: number, orderId: number, title: string) =>
  JSON.stringify({ id: `gid://shopify/LineItem/${id}`, title, quantity: 1, originalUnitPriceSet: { shopMoney: { amount: "25.00" } }, __parentId: `gid://shopify/Order/${orderId}` });

async function* chunks(lines: string[]) {
  yield lines;
}

test("the bulk file's orders and line items are stored, unreadable lines and the line items of an unknown order left out", async () => {
  const result = await ingestOrderLines(
    SHOP,
    chunks([
      orderLine(1, "#1001", "2026-09-02T00:00:00Z"),
      itemLine(11, 1, "Tee"),
      itemLine(12, 1, "Cap"),
      "{not json",
      "null",
      "[]",
      JSON.stringify({ id: "gid://shopify/LineItem/13", title: "No price", quantity: 1, __parentId: "gid://shopify/Order/1" }),
      itemLine(99, 7, "Orphan"),
      orderLine(2, "#1002", "2026-09-02T00:00:00Z"),
      itemLine(21, 2, "Sock"),
    ]),
    { batchSize: 1 },
  );
  expect(result).toEqual({ orders: 2, lines: 10, skipped: 5 });
  const stored = await db.order.findMany({ where: { shop: SHOP }, include: { lineItems: { orderBy: { shopifyId: "asc" } } }, orderBy: { name: "asc" } });
  expect(stored.map((o) => [o.name, o.lineItems.map((l) => l.title)])).toEqual([
    ["#1001", ["Tee", "Cap"]],
    ["#1002", ["Sock"]],
  ]);
  expect(JSON.parse(stored[0]!.shippingAddress!)).toMatchObject({ name: "Aroha Ngata", countryCode: "NZ" });
});

test("an order twice in one batch keeps the newer copy with its own line items, as across batches", async () => {
  await ingestOrderLines(
    SHOP,
    chunks([
      orderLine(3, "#1003 newer", "2026-09-05T00:00:00Z"),
      itemLine(31, 3, "Tee"),
      orderLine(4, "#1004", "2026-09-02T00:00:00Z"),
      orderLine(3, "#1003 older", "2026-09-03T00:00:00Z"),
      itemLine(32, 3, "Cap"),
    ]),
    { batchSize: 500 },
  );
  const order = await db.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop: SHOP, shopifyId: "gid://shopify/Order/3" } }, include: { lineItems: true } });
  expect(order.name).toBe("#1003 newer");
  expect(order.lineItems.map((l) => l.title)).toEqual(["Tee"]);
  expect(await db.order.count({ where: { shop: SHOP } })).toBe(2);
});
