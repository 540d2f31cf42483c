import type { ShopDatesQuery } from "~/types/admin.generated";
import { db } from "~/utils/db.server";
import { dateSettingFrom, type DateSetting, type ShopDates } from "~/utils/format-date";
import { log } from "~/utils/logger.server";
import { checkedShopDates, rememberShopDates, storedShopDates } from "~/utils/shop-dates.server";
import { adminQuery, typed, type AdminGraphql } from "./admin.server";

/** Called after every token exchange: the shop is installed (again), with these scopes. */
export async function recordInstall(shop: string, scopes: string) {
  await db.shop.upsert({
    where: { shop },
    create: { shop, scopes },
    update: { scopes, uninstalledAt: null },
  });
}

const SHOP_DATES = `#graphql
  query ShopDates {
    shop {
      ianaTimezone
      shopAddress { countryCodeV2 }
    }
    shopLocales { locale primary }
  }
`;

/**
 * Reads the shop's time zone, primary locale and country from Shopify and keeps them on its row
 * (app/utils/shop-dates.server.ts). Called after each token exchange, so a change in Shopify's
 * settings is picked up within about a day; a failure is logged and keeps what was stored.
 */
export async function refreshShopDates(shop: string, graphql: AdminGraphql): Promise<ShopDates> {
  try {
    const answer = await adminQuery(graphql, SHOP_DATES, typed<ShopDatesQuery>());
    const dates = checkedShopDates({
      ianaTimezone: answer.shop.ianaTimezone,
      primaryLocale: answer.shopLocales.find((locale) => locale.primary)?.locale,
      countryCode: answer.shop.shopAddress.countryCodeV2,
    });
    await rememberShopDates(shop, dates);
    return dates;
  } catch (error) {
    log.warn("shop: could not read its time zone and locale", { shop, error: error instanceof Error ? error.message : String(error) });
    return storedShopDates(shop);
  }
}

/**
 * The setting every page of a request writes dates in (app/routes/app.tsx): the admin's locale
 * parameter with the shop's stored zone, locale and country, read from Shopify first when nothing
 * is stored yet (a shop installed before they were kept).
 */
export async function pageDateSetting(request: Request, shop: string, graphql: AdminGraphql): Promise<DateSetting> {
  let dates = await storedShopDates(shop);
  if (!dates.ianaTimezone && !dates.primaryLocale && !dates.countryCode) dates = await refreshShopDates(shop, graphql);
  return dateSettingFrom(request.url, dates);
}
