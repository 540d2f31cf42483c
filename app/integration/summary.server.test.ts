import { expect, test } from "vitest";
import { shopifyStore } from "#tests/mocks/shopify";
import { DEMO_SCOPES, DEMO_SHOP } from "#tests/setup/config";
import { installShop } from "#tests/setup/order-sync";
import { unauthenticated } from "~/shopify.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { db } from "~/utils/db.server";
import { orderVolume, shopFacts } from "./summary.server";

const SHOP = DEMO_SHOP;

async function facts() {
  const { admin } = await unauthenticated.admin(SHOP);
  return shopFacts(admin.graphql as AdminGraphql);
}

// read_markets is optional: the simulated Shopify refuses `markets` without it, as Shopify does,
// so the first test fails if the code asks before reading the grant.
test("without read_markets the summary never asks for markets and falls back to the countries the shop ships to", async () => {
  await installShop(SHOP);
  const result = await facts();
  expect(result.scopes).not.toContain("read_markets");
  expect(result.markets).toBeNull();
  expect(result.shop.shipsToCountries.length).toBeGreaterThan(0);
});

test("with read_markets granted it lists the enabled markets; a market without currency settings has no currency, not a guess", async () => {
  await installShop(SHOP, `${DEMO_SCOPES},read_markets`);
  const store = shopifyStore(SHOP).data;
  store.markets[1]!.currencyCode = null;
  const result = await facts();
  expect(result.markets).toHaveLength(store.markets.length);
  expect(result.markets![0]).toMatchObject({ name: store.markets[0]!.name, currency: store.markets[0]!.currencyCode });
  expect(result.markets![1]).toMatchObject({ name: store.markets[1]!.name, currency: null, countries: store.markets[1]!.regions.map((r) => r.code) });
  expect(result.marketsIncomplete).toBe(false);
});

test("more markets than one query can afford are flagged as incomplete, not silently cut", async () => {
  await installShop(SHOP, `${DEMO_SCOPES},read_markets`);
  const store = shopifyStore(SHOP).data;
  const extra = Array.from({ length: 12 }, (_, i) => ({ ...store.markets[0]!, id: `gid://shopify/Market/99${i}`, name: `Extra ${i}`, primary: false }));
  store.markets.push(...extra);
  const result = await facts();
  expect(result.markets).toHaveLength(10);
  expect(result.marketsIncomplete).toBe(true);
});

test("order volume counts the shop's own orders in one pass: the last 30 and 60 days to the millisecond, fulfilled ones, and its sold catalogue", async () => {
  const now = new Date("2026-10-06T12:00:00.000Z");
  const daysAgo = (days: number, ms = 0) => new Date(now.getTime() - days * 86_400_000 - ms);
  let n = 0;
  const order = (shop: string, processedAt: Date, fulfilled: boolean) =>
    db.order.create({
      data: { shop, shopifyId: `gid://shopify/Order/${++n}`, name: `#${n}`, currency: "NZD", processedAt, shopifyUpdatedAt: processedAt, fulfilledAt: fulfilled ? processedAt : null },
    });
  await order(SHOP, daysAgo(10), true);
  await order(SHOP, daysAgo(30), false); // on the boundary: in the last 30 days
  await order(SHOP, daysAgo(30, 1), false); // a millisecond older: in the last 60 only
  await order(SHOP, daysAgo(60), false);
  await order(SHOP, daysAgo(61), true);
  await order("other-volume.myshopify.com", daysAgo(1), true);
  const variant = (shop: string, id: number, product: number) =>
    db.syncedVariant.create({ data: { shop, variantId: `gid://shopify/ProductVariant/${id}`, productId: `gid://shopify/Product/${product}`, productTitle: "Beanie" } });
  await variant(SHOP, 1, 1);
  await variant(SHOP, 2, 1);
  await variant(SHOP, 3, 2);
  await variant("other-volume.myshopify.com", 4, 3);

  expect(await orderVolume(SHOP, now)).toEqual({
    ordersSynced: 5,
    ordersLast30Days: 2,
    ordersLast60Days: 4,
    averageOrdersPerDay: 0.1,
    ordersFulfilled: 2,
    productsSold: 2,
    skusSold: 3,
  });
});
