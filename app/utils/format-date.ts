/**
 * The one way pages show a moment: Intl.DateTimeFormat in the locale and time zone app/routes/app.tsx
 * reads once for the whole app (app/components/date-setting.tsx), never the browser's or the server's
 * own, so the server and the browser write the same text ("2 Mar 2026", "2 Mar 2026, 10:02 UTC",
 * "10:02 UTC" in en-GB). Never the raw ISO text.
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

/** `value` when Intl accepts it as a locale, else null (it comes from a query parameter). */
function acceptedLocale(value: string | null): string | null {
  if (!value || value.length > 35 || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(value)) return null;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(value).length > 0 ? value : null;
  } catch {
    return null;
  }
}

/**
 * The setting for a request to the app: the admin's locale, which Shopify's admin passes as
 * `locale` when it opens an embedded app, else the default; always UTC (the app does not read the
 * shop's time zone).
 */
export function dateSettingFrom(url: string): DateSetting {
  return { ...DEFAULT_DATE_SETTING, locale: acceptedLocale(new URL(url).searchParams.get("locale")) ?? DEFAULT_DATE_SETTING.locale };
}

function formatter(shown: DateShown, setting: DateSetting | string) {
  const { locale, timeZone } = typeof setting === "string" ? { ...DEFAULT_DATE_SETTING, locale: setting } : setting;
  try {
    return new Intl.DateTimeFormat(locale, { ...STYLES[shown], timeZone });
  } catch {
    // A locale or time zone Intl does not accept falls back to the default setting, never the runtime's.
    return new Intl.DateTimeFormat(DEFAULT_DATE_SETTING.locale, { ...STYLES[shown], timeZone: DEFAULT_DATE_SETTING.timeZone });
  }
}

function toDate(value: string | Date | null | undefined) {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `value` (ISO text or a Date) as `shown` in `setting` (or a locale, in UTC); "" when there is none or it is not a time. */
export function formatDate(value: string | Date | null | undefined, shown: DateShown = "date-time", setting: DateSetting | string = DEFAULT_DATE_SETTING): string {
  const date = toDate(value);
  return date ? formatter(shown, setting).format(date) : "";
}

/** From `start` to `end`, the shared day written once ("2 Mar 2026, 10:02 – 10:40"). */
export function formatDateRange(start: string | Date, end: string | Date, setting: DateSetting | string = DEFAULT_DATE_SETTING): string {
  const [from, to] = [toDate(start), toDate(end)];
  if (!from || !to) return formatDate(from ?? to, "date-time", setting);
  return from.getTime() <= to.getTime() ? formatter("date-time", setting).formatRange(from, to) : formatter("date-time", setting).formatRange(to, from);
}
