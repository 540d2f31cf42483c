import { expect, test } from "vitest";
import { takeShopQuota } from "./shop-quota.server";
import { db } from "./db.server";

const SHOP = "quota-store.myshopify.com";
const OTHER = "other-store.myshopify.com";
const HOUR = 60 * 60_000;
const TESTS = { name: "test-email", limit: 3, windowMs: HOUR };
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 5, 10, minutes));

test("allows the limit per shop in a window, refuses the next with when the window ends, and opens again after it", async () => {
  for (const minute of [0, 10, 20]) expect(await takeShopQuota(SHOP, TESTS, at(minute))).toEqual({ ok: true });
  expect(await takeShopQuota(SHOP, TESTS, at(30))).toEqual({ ok: false, retryAt: at(60) });
  // Another shop and another allowance of the same shop count on their own.
  expect(await takeShopQuota(OTHER, TESTS, at(30))).toEqual({ ok: true });
  expect(await takeShopQuota(SHOP, { ...TESTS, name: "handover-link" }, at(30))).toEqual({ ok: true });
  // The window starts at its first use: at 60 minutes it has ended, and the next one starts there.
  expect(await takeShopQuota(SHOP, TESTS, at(60))).toEqual({ ok: true });
  expect(await db.shopQuota.findUniqueOrThrow({ where: { shop_name: { shop: SHOP, name: "test-email" } } })).toMatchObject({ windowStart: at(60), used: 1 });
});

test("requests at once never get more than the limit, the first use of a shop included", async () => {
  const takes = await Promise.all(Array.from({ length: 10 }, () => takeShopQuota(SHOP, TESTS, at(0))));
  expect(takes.filter((take) => take.ok)).toHaveLength(3);
  expect(takes.filter((take) => !take.ok)).toHaveLength(7);
});
