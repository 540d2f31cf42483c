import { beforeEach, describe, expect, test, vi } from "vitest";
import { shopifyFaults, shopifyStore } from "#tests/mocks/shopify";
import { DEMO_SHOP } from "#tests/setup/config";
import { installShop } from "#tests/setup/order-sync";
import { adminRequest } from "#tests/setup/requests";
import { loader as appLayout } from "~/routes/app";
import { unauthenticated } from "~/shopify.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format-date";
import { rememberShopDates, shopDateSetting, storedShopDates } from "~/utils/shop-dates.server";
import type { AdminGraphql } from "./admin.server";
import { pageDateSetting, refreshShopDates } from "./shop.server";

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

/** The setting the app layout hands every page, for a request Shopify's admin opens at `path`. */
async function layoutDates(path: string) {
  const data = await appLayout({ request: adminRequest(path, { shop: DEMO_SHOP }), params: {}, context: {} });
  return data.dates;
}

const row = () => db.shop.findUniqueOrThrow({ where: { shop: DEMO_SHOP }, select: { ianaTimezone: true, primaryLocale: true, countryCode: true } });

describe("the shop's time zone and locale", () => {
  test("are read from Shopify at the token exchange, kept on the shop's row, and every page writes dates in them", async () => {
    // The simulated shop is in Auckland, in English, with its address in New Zealand.
    expect(await layoutDates("/app?locale=en")).toEqual({ locale: "en-NZ", timeZone: "Pacific/Auckland" });
    expect(await row()).toEqual({ ianaTimezone: "Pacific/Auckland", primaryLocale: "en", countryCode: "NZ" });
    // The admin's own locale comes first; the zone is still the shop's.
    expect(await layoutDates("/app?locale=de")).toEqual({ locale: "de-NZ", timeZone: "Pacific/Auckland" });
    expect(await layoutDates("/app?locale=en-US")).toEqual({ locale: "en-US", timeZone: "Pacific/Auckland" });
    // Without the admin's locale (a page opened outside the admin), the shop's primary locale.
    const dates = await layoutDates("/app");
    expect(dates).toEqual({ locale: "en-NZ", timeZone: "Pacific/Auckland" });
    expect(formatDate("2026-12-05T13:40:00.000Z", "date-time", dates)).toBe("6 Dec 2026, 2:40 am NZDT");
  });

  test("a change in Shopify's settings is picked up when they are read again (each token exchange)", async () => {
    await layoutDates("/app");
    shopifyStore(DEMO_SHOP).data.shop.ianaTimezone = "Europe/London";
    await refreshShopDates(DEMO_SHOP, (await unauthenticated.admin(DEMO_SHOP)).admin.graphql as AdminGraphql);
    expect(await shopDateSetting(DEMO_SHOP)).toEqual({ locale: "en-NZ", timeZone: "Europe/London" });
  });

  test("a zone or locale Intl refuses is kept as null and dates fall back to UTC and en-GB, never the server's own", async () => {
    const data = shopifyStore(DEMO_SHOP).data;
    data.shop.ianaTimezone = "Mars/Olympus";
    data.shopLocales = data.shopLocales.map((locale) => (locale.primary ? { ...locale, locale: "<script>" } : locale));
    expect(await layoutDates("/app")).toEqual({ locale: "en-GB", timeZone: "UTC" });
    expect(await row()).toEqual({ ianaTimezone: null, primaryLocale: null, countryCode: "NZ" });
    // Stored values are checked again when read.
    await db.shop.update({ where: { shop: DEMO_SHOP }, data: { ianaTimezone: "Not/AZone", primaryLocale: "zz-!!", countryCode: "nz" } });
    expect(await storedShopDates(DEMO_SHOP)).toEqual({ ianaTimezone: null, primaryLocale: null, countryCode: null });
    expect(await shopDateSetting(DEMO_SHOP)).toEqual({ locale: "en-GB", timeZone: "UTC" });
  });

  test("a shop whose zone was never read gets it on its first page; when Shopify fails, what is stored stays", async () => {
    await installShop(DEMO_SHOP);
    const { admin } = await unauthenticated.admin(DEMO_SHOP);
    const graphql = admin.graphql as AdminGraphql;
    const request = new Request("https://seko-returns.test/app?locale=fr");
    expect(await storedShopDates(DEMO_SHOP)).toEqual({ ianaTimezone: null, primaryLocale: null, countryCode: null });
    expect(await pageDateSetting(request, DEMO_SHOP, graphql)).toEqual({ locale: "fr-NZ", timeZone: "Pacific/Auckland" });

    await rememberShopDates(DEMO_SHOP, { ianaTimezone: "Australia/Sydney", primaryLocale: "en", countryCode: "AU" });
    shopifyFaults.throttle(1, { shop: DEMO_SHOP });
    expect(await refreshShopDates(DEMO_SHOP, graphql)).toEqual({ ianaTimezone: "Australia/Sydney", primaryLocale: "en", countryCode: "AU" });
    expect(await shopDateSetting(DEMO_SHOP)).toEqual({ locale: "en-AU", timeZone: "Australia/Sydney" });
  });

  test("each shop has its own setting", async () => {
    await rememberShopDates(DEMO_SHOP, { ianaTimezone: "Pacific/Auckland", primaryLocale: "en", countryCode: "NZ" });
    await rememberShopDates("other-store.myshopify.com", { ianaTimezone: "America/New_York", primaryLocale: "en", countryCode: "US" });
    expect(await shopDateSetting("other-store.myshopify.com")).toEqual({ locale: "en-US", timeZone: "America/New_York" });
    expect(await shopDateSetting(DEMO_SHOP)).toEqual({ locale: "en-NZ", timeZone: "Pacific/Auckland" });
    expect(await shopDateSetting("unknown-store.myshopify.com")).toEqual({ locale: "en-GB", timeZone: "UTC" });
  });
});
