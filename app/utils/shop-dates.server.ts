import { db } from "./db.server";
import { acceptedLocale, acceptedTimeZone, dateSettingFor, dateSettingFrom, UNKNOWN_SHOP_DATES, type DateSetting, type ShopDates } from "./format-date";

/**
 * The shop's time zone, primary locale and country, kept on its row (app/shopify/shop.server.ts
 * reads them from Shopify after each token exchange), so every date the app writes, on a page or
 * in a text the server builds, is in the shop's zone: "5 Dec 2026, 1:40 pm NZDT", never UTC by
 * accident. A value Intl refuses is stored as null and falls back (UTC, en-GB).
 */

/** What Shopify answered, each part checked: a zone or locale Intl refuses, or a country that is not two capitals, is kept as null. */
export function checkedShopDates(answer: { ianaTimezone?: string | null; primaryLocale?: string | null; countryCode?: string | null }): ShopDates {
  return {
    ianaTimezone: acceptedTimeZone(answer.ianaTimezone),
    primaryLocale: acceptedLocale(answer.primaryLocale),
    countryCode: answer.countryCode && /^[A-Z]{2}$/.test(answer.countryCode) ? answer.countryCode : null,
  };
}

export async function rememberShopDates(shop: string, answer: { ianaTimezone?: string | null; primaryLocale?: string | null; countryCode?: string | null }) {
  const data = checkedShopDates(answer);
  await db.shop.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

/** What is stored for the shop; all null before the first read (or for a shop the app does not know). */
export async function storedShopDates(shop: string): Promise<ShopDates> {
  const row = await db.shop.findUnique({ where: { shop }, select: { ianaTimezone: true, primaryLocale: true, countryCode: true } });
  return row ? checkedShopDates(row) : UNKNOWN_SHOP_DATES;
}

/**
 * The setting for texts the server writes for the merchant without a request's admin locale
 * (activity log entries, the guide's notes, step 10's record): the shop's locale and zone.
 */
export async function shopDateSetting(shop: string): Promise<DateSetting> {
  return dateSettingFor(await storedShopDates(shop));
}

/**
 * The setting for what an action answers (e.g. "try again after 4:05 am NZDT"): the admin's `locale`
 * parameter when the request carries one, with the shop's stored locale and zone.
 */
export async function requestDateSetting(request: Request, shop: string): Promise<DateSetting> {
  return dateSettingFrom(request.url, await storedShopDates(shop));
}
