/**
 * The one way pages show a moment: Intl.DateTimeFormat in the given locale (the shop's, when a
 * loader passes it) or else the browser's own, with a day written the same way everywhere
 * ("2 Mar 2026", "2 Mar 2026, 10:02", "10:02" in en-GB). Never the raw ISO text.
 */

export type DateShown = "date" | "date-time" | "time";

const STYLES: Record<DateShown, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: "medium" },
  "date-time": { dateStyle: "medium", timeStyle: "short" },
  time: { timeStyle: "short" },
};

function formatter(shown: DateShown, locale?: string) {
  try {
    return new Intl.DateTimeFormat(locale, STYLES[shown]);
  } catch {
    // A locale Intl does not accept (a stored value, a header) falls back to the browser's.
    return new Intl.DateTimeFormat(undefined, STYLES[shown]);
  }
}

function toDate(value: string | Date | null | undefined) {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `value` (ISO text or a Date) as `shown`; "" when there is none or it is not a time. */
export function formatDate(value: string | Date | null | undefined, shown: DateShown = "date-time", locale?: string): string {
  const date = toDate(value);
  return date ? formatter(shown, locale).format(date) : "";
}

/** From `start` to `end`, the shared day written once ("2 Mar 2026, 10:02 – 10:40"). */
export function formatDateRange(start: string | Date, end: string | Date, locale?: string): string {
  const [from, to] = [toDate(start), toDate(end)];
  if (!from || !to) return formatDate(from ?? to);
  return from.getTime() <= to.getTime() ? formatter("date-time", locale).formatRange(from, to) : formatter("date-time", locale).formatRange(to, from);
}
