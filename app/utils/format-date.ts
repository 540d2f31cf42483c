/**
 * The one way pages show a moment: Intl.DateTimeFormat in the locale and time zone app/routes/app.tsx
 * reads once for the whole app (app/components/date-setting.tsx), never the browser's or the server's
 * own, so the server and the browser write the same text ("5 Dec 2026", "5 Dec 2026, 1:40 pm NZDT").
 * The setting is the shop's: its time zone and locale as stored on its row
 * (app/utils/shop-dates.server.ts), the admin's locale first when Shopify's admin names one.
 * Never the raw ISO text.
 */

export type DateShown = "date" | "date-time" | "time";

/** The locale (BCP 47) and IANA time zone every date is written in. */
export type DateSetting = { locale: string; timeZone: string };

/** Used where the admin names no locale (e.g. a page opened outside Shopify's admin). */
export const DEFAULT_DATE_SETTING: DateSetting = { locale: "en-GB", timeZone: "UTC" };

const DAY: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" };
const CLOCK: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit", timeZoneName: "short" };

const STYLES: Record<DateShown, Intl.DateTimeFormatOptions> = {
  date: DAY,
  "date-time": { ...DAY, ...CLOCK },
  time: CLOCK,
};

/** `value` when Intl accepts it as a locale, else null (it comes from a query parameter or Shopify). */
export function acceptedLocale(value: string | null | undefined): string | null {
  if (!value || value.length > 35 || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(value)) return null;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(value).length > 0 ? value : null;
  } catch {
    return null;
  }
}

/** `value` as Intl names it when Intl accepts it as an IANA time zone ("pacific/auckland" → "Pacific/Auckland"), else null. */
export function acceptedTimeZone(value: string | null | undefined): string | null {
  if (!value || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** What the app knows of the shop (app/utils/shop-dates.server.ts): each null when unknown or refused. */
export type ShopDates = { ianaTimezone: string | null; primaryLocale: string | null; countryCode: string | null };

export const UNKNOWN_SHOP_DATES: ShopDates = { ianaTimezone: null, primaryLocale: null, countryCode: null };

/**
 * The setting dates are written in: the admin's locale (a request's `locale` parameter), else the
 * shop's primary locale, else en-GB; a language named without a region takes the shop's country
 * ("en" in a New Zealand shop is en-NZ: "6 Dec 2026, 4:10 am NZDT", not "Dec 6, 2026, 4:10 AM GMT+13");
 * the shop's time zone, else UTC. Each part is used only when Intl accepts it.
 */
export function dateSettingFor(shop: ShopDates, adminLocale: string | null = null): DateSetting {
  const locale = acceptedLocale(adminLocale) ?? acceptedLocale(shop.primaryLocale);
  return { locale: (locale && withRegion(locale, shop.countryCode)) ?? locale ?? DEFAULT_DATE_SETTING.locale, timeZone: acceptedTimeZone(shop.ianaTimezone) ?? DEFAULT_DATE_SETTING.timeZone };
}

/** `locale` with `country` as its region when it names none ("en" → "en-NZ", "zh-Hant" → "zh-Hant-NZ"); null when it has one or Intl refuses. */
function withRegion(locale: string, country: string | null) {
  if (!country || !/^[A-Z]{2}$/.test(country)) return null;
  try {
    const parsed = new Intl.Locale(locale);
    return parsed.region ? null : acceptedLocale(new Intl.Locale(locale, { region: country }).toString());
  } catch {
    return null;
  }
}

/**
 * The setting for a request to the app: the admin's locale, which Shopify's admin passes as
 * `locale` when it opens an embedded app, with the shop's stored zone, locale and country
 * ({@link dateSettingFor}); without them, the admin's locale (or en-GB) in UTC.
 */
export function dateSettingFrom(url: string, shop: ShopDates = UNKNOWN_SHOP_DATES): DateSetting {
  return dateSettingFor(shop, new URL(url).searchParams.get("locale"));
}

/** Made once per locale, zone and style: a new Intl.DateTimeFormat costs far more than formatting with one (a page writes dozens of dates). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(shown: DateShown, setting: DateSetting | string) {
  const { locale, timeZone } = typeof setting === "string" ? { ...DEFAULT_DATE_SETTING, locale: setting } : setting;
  const key = `${locale}|${timeZone}|${shown}`;
  let made = formatters.get(key);
  if (!made) {
    try {
      made = new Intl.DateTimeFormat(locale, { ...STYLES[shown], timeZone });
    } catch {
      // A locale or time zone Intl does not accept falls back to the default setting, never the runtime's.
      made = new Intl.DateTimeFormat(DEFAULT_DATE_SETTING.locale, { ...STYLES[shown], timeZone: DEFAULT_DATE_SETTING.timeZone });
    }
    // Bounded: locales and zones come from requests.
    if (formatters.size >= 200) formatters.clear();
    formatters.set(key, made);
  }
  return made;
}

function toDate(value: string | Date | null | undefined) {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Thin and narrow no-break spaces as plain spaces: Node's ICU puts them in ranges ("2:40\u2009–\u20093:10\u202fam")
 * where Chromium's writes plain ones, and a page whose server text differs from the browser's fails
 * React's hydration and is rendered again.
 */
const plainSpaces = (text: string) => text.replace(/[\u2009\u202f]/g, " ");

/** A calendar day with no time ("2026-12-10", a go-live date): the same day in every zone. */
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `value` (ISO text or a Date) as `shown` in `setting` (or a locale, in UTC); "" when there is none or
 * it is not a time. A calendar day ("2026-12-10") is that day wherever the shop is: JavaScript reads it
 * as UTC midnight, which is the day before west of UTC, so it is written in UTC.
 */
export function formatDate(value: string | Date | null | undefined, shown: DateShown = "date-time", setting: DateSetting | string = DEFAULT_DATE_SETTING): string {
  const date = toDate(value);
  if (!date) return "";
  const day = typeof value === "string" && CALENDAR_DAY.test(value);
  const locale = typeof setting === "string" ? setting : setting.locale;
  return plainSpaces(formatter(day ? "date" : shown, day ? { locale, timeZone: "UTC" } : setting).format(date));
}

const SEKO_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A time SEKO reported ("2026-12-01 09:00:00", its EventDT: the hub's local time, zone unknown,
 * docs/seko.md) as the day and clock it names, in the setting's locale and with no zone: "1 Dec 2026,
 * 9:00 am". Moving it to the shop's zone would pretend to know where it was taken. Text in any other
 * shape is returned as it is; null or "" gives "".
 */
export function formatSekoTime(value: string | null | undefined, setting: DateSetting | string = DEFAULT_DATE_SETTING): string {
  if (!value) return "";
  const match = SEKO_TIME.exec(value);
  if (!match) return value;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  // A day or hour out of range would roll over into another one: shown as SEKO sent it instead.
  if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day || date.getUTCHours() !== hour || date.getUTCMinutes() !== minute) return value;
  const locale = typeof setting === "string" ? setting : setting.locale;
  const options: Intl.DateTimeFormatOptions = { ...DAY, hour: "numeric", minute: "2-digit", timeZone: "UTC" };
  try {
    return plainSpaces(new Intl.DateTimeFormat(locale, options).format(date));
  } catch {
    return plainSpaces(new Intl.DateTimeFormat(DEFAULT_DATE_SETTING.locale, options).format(date));
  }
}

/** From `start` to `end`, the shared day written once ("2 Mar 2026, 10:02–10:40 UTC"). */
export function formatDateRange(start: string | Date, end: string | Date, setting: DateSetting | string = DEFAULT_DATE_SETTING): string {
  const [from, to] = [toDate(start), toDate(end)];
  if (!from || !to) return formatDate(from ?? to, "date-time", setting);
  return plainSpaces(from.getTime() <= to.getTime() ? formatter("date-time", setting).formatRange(from, to) : formatter("date-time", setting).formatRange(to, from));
}
