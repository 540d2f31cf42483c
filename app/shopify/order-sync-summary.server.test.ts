import { expect, test } from "vitest";
import { shopifyStore } from "#tests/mocks/shopify";
import { DEMO_SCOPES, DEMO_SHOP } from "#tests/setup/config";
import { installShop } from "#tests/setup/order-sync";
import { unauthenticated } from "~/shopify.server";
import type { AdminGraphql } from "./admin.server";
import { shopFacts } from "./order-sync-summary.server";

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
