import { describe, expect, test } from "vitest";
import { acceptedTimeZone, dateSettingFor, dateSettingFrom, DEFAULT_DATE_SETTING, formatDate, formatDateRange, formatSekoTime } from "./format-date";

const AT = "2026-03-02T12:02:00.000Z";

describe("formatDate", () => {
  test("writes the day in the given locale's words, never the ISO text", () => {
    expect(formatDate(AT, "date", "en-GB")).toMatch(/^\d{1,2} Mar 2026$/);
    expect(formatDate(AT, "date", "de")).toBe("2. März 2026");
    expect(formatDate(AT, "date-time", "en-GB")).toBe("2 Mar 2026, 12:02 UTC");
    expect(formatDate(AT, "time", "en-GB")).toBe("12:02 UTC");
    expect(formatDate(new Date(AT), "date", "en-GB")).toBe(formatDate(AT, "date", "en-GB"));
    expect(formatDate(AT)).not.toContain("T12:02");
  });

  test("nothing to show is empty, and a locale Intl refuses falls back to the default one", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate("")).toBe("");
    expect(formatDate("not a date")).toBe("");
    expect(formatDate(AT, "date", "not a locale!")).toBe(formatDate(AT, "date"));
    expect(formatDate(AT, "date-time", { locale: "de", timeZone: "Not/AZone" })).toBe("2 Mar 2026, 12:02 UTC");
  });

  test("a span on one day names the day once, whichever end comes first", () => {
    const range = formatDateRange(AT, "2026-03-02T12:40:00.000Z", "en-GB");
    expect(range.match(/2026/g)).toHaveLength(1);
    expect(formatDateRange("2026-03-02T12:40:00.000Z", AT, "en-GB")).toBe(range);
  });
});

describe("the one setting", () => {
  test("without a setting, dates are in en-GB and UTC whatever the runtime's own locale and zone", () => {
    expect(DEFAULT_DATE_SETTING).toEqual({ locale: "en-GB", timeZone: "UTC" });
    expect(formatDate("2026-12-05T13:40:00.000Z")).toBe("5 Dec 2026, 13:40 UTC");
    expect(formatDate("2026-12-05T23:40:00.000Z", "date")).toBe("5 Dec 2026");
  });

  test("the time zone is written with the time and moves the day", () => {
    const berlin = { locale: "de", timeZone: "Europe/Berlin" };
    expect(formatDate("2026-12-05T23:40:00.000Z", "date-time", berlin)).toBe("6. Dez. 2026, 00:40 MEZ");
    expect(formatDate("2026-12-05T23:40:00.000Z", "date", berlin)).toBe("6. Dez. 2026");
    expect(formatDate("2026-12-05T13:40:00.000Z", "date-time", { locale: "en-US", timeZone: "America/New_York" })).toBe("Dec 5, 2026, 8:40 AM EST");
  });

  test("a request's setting takes the admin's locale parameter when Intl accepts it", () => {
    expect(dateSettingFrom("https://app.example/app?shop=a.myshopify.com&locale=de")).toEqual({ locale: "de", timeZone: "UTC" });
    expect(dateSettingFrom("https://app.example/app?locale=pt-BR")).toEqual({ locale: "pt-BR", timeZone: "UTC" });
    expect(dateSettingFrom("https://app.example/app")).toEqual(DEFAULT_DATE_SETTING);
    expect(dateSettingFrom("https://app.example/app?locale=%3Cscript%3E")).toEqual(DEFAULT_DATE_SETTING);
    expect(dateSettingFrom(`https://app.example/app?locale=${"a".repeat(40)}`)).toEqual(DEFAULT_DATE_SETTING);
  });
});

describe("the shop's setting", () => {
  const auckland = { ianaTimezone: "Pacific/Auckland", primaryLocale: "en", countryCode: "NZ" };

  test("dates are written in the shop's time zone, its name shown, and the day is the shop's day", () => {
    const setting = dateSettingFor(auckland);
    expect(setting).toEqual({ locale: "en-NZ", timeZone: "Pacific/Auckland" });
    expect(formatDate("2026-12-05T13:40:00.000Z", "date-time", setting)).toBe("6 Dec 2026, 2:40 am NZDT");
    expect(formatDate("2026-07-05T13:40:00.000Z", "date-time", setting)).toBe("6 Jul 2026, 1:40 am NZST");
    expect(formatDate("2026-12-05T13:40:00.000Z", "date", setting)).toBe("6 Dec 2026");
    expect(formatDateRange("2026-12-05T13:40:00.000Z", "2026-12-05T14:10:00.000Z", setting)).toBe("6 Dec 2026, 2:40 – 3:10 am NZDT");
  });

  test("a calendar day is that day in every zone, never the day before west of UTC", () => {
    const losAngeles = { locale: "en-US", timeZone: "America/Los_Angeles" };
    expect(formatDate("2026-12-10", "date", losAngeles)).toBe("Dec 10, 2026");
    expect(formatDate("2026-12-10", "date-time", { locale: "en-NZ", timeZone: "Pacific/Auckland" })).toBe("10 Dec 2026");
    // A moment still moves with the zone.
    expect(formatDate("2026-12-10T00:00:00.000Z", "date", losAngeles)).toBe("Dec 9, 2026");
  });

  test("a time SEKO reported (its hub's local time) is written in the app's locale, as the clock it names, with no zone", () => {
    const auckland = { locale: "en-NZ", timeZone: "Pacific/Auckland" };
    expect(formatSekoTime("2026-12-01 09:00:00", auckland)).toBe("1 Dec 2026, 9:00 am");
    expect(formatSekoTime("2026-12-01 21:05:00", { locale: "en-US", timeZone: "America/New_York" })).toBe("Dec 1, 2026, 9:05 PM");
    expect(formatSekoTime("2026-12-01 21:05:00")).toBe("1 Dec 2026, 21:05");
    // Not SEKO's shape, or a day that does not exist: shown as SEKO sent it, never another day.
    expect(formatSekoTime("2026-13-45 99:00:00", auckland)).toBe("2026-13-45 99:00:00");
    expect(formatSekoTime("yesterday", auckland)).toBe("yesterday");
    expect(formatSekoTime(null, auckland)).toBe("");
  });

  test("spaces are plain ones, as the browser writes them, so a page hydrates with the server's text", () => {
    // Chromium writes these exact strings; Node's ICU puts thin and narrow no-break spaces in ranges.
    const auckland = dateSettingFor({ ianaTimezone: "Pacific/Auckland", primaryLocale: "en", countryCode: "NZ" });
    expect(formatDateRange("2026-12-05T13:40:00.000Z", "2026-12-08T13:40:00.000Z", auckland)).toBe("6 Dec 2026, 2:40 am NZDT – 9 Dec 2026, 2:40 am NZDT");
    expect(formatDateRange("2026-12-05T13:40:00.000Z", "2026-12-08T13:40:00.000Z")).toBe("5 Dec 2026, 13:40 UTC – 8 Dec 2026, 13:40 UTC");
    expect(formatDateRange("2026-12-05T13:40:00.000Z", "2026-12-05T14:10:00.000Z")).toBe("5 Dec 2026, 13:40–14:10 UTC");
    expect(formatDate("2026-12-05T13:40:00.000Z", "time", { locale: "en-US", timeZone: "America/Los_Angeles" })).toBe("5:40 AM PST");
  });

  test("the locale is the admin's, else the shop's, else en-GB; a language without a region takes the shop's country", () => {
    expect(dateSettingFor(auckland, "fr")).toEqual({ locale: "fr-NZ", timeZone: "Pacific/Auckland" });
    expect(dateSettingFor(auckland, "en-US")).toEqual({ locale: "en-US", timeZone: "Pacific/Auckland" });
    expect(dateSettingFor(auckland, "zh-Hant")).toEqual({ locale: "zh-Hant-NZ", timeZone: "Pacific/Auckland" });
    expect(dateSettingFor(auckland, "<script>")).toEqual({ locale: "en-NZ", timeZone: "Pacific/Auckland" });
    expect(dateSettingFor({ ...auckland, primaryLocale: "de" })).toEqual({ locale: "de-NZ", timeZone: "Pacific/Auckland" });
    expect(dateSettingFor({ ...auckland, countryCode: null })).toEqual({ locale: "en", timeZone: "Pacific/Auckland" });
    expect(dateSettingFor({ ...auckland, primaryLocale: null, countryCode: null })).toEqual({ locale: "en-GB", timeZone: "Pacific/Auckland" });
    expect(dateSettingFrom("https://app.example/app?locale=de", auckland)).toEqual({ locale: "de-NZ", timeZone: "Pacific/Auckland" });
  });

  test("a time zone, locale or country Intl refuses falls back to UTC and en-GB, never the runtime's own", () => {
    expect(dateSettingFor({ ianaTimezone: "Mars/Olympus", primaryLocale: "not a locale!", countryCode: "nz" })).toEqual(DEFAULT_DATE_SETTING);
    expect(dateSettingFor({ ianaTimezone: "../../etc/passwd", primaryLocale: null, countryCode: null })).toEqual(DEFAULT_DATE_SETTING);
    expect(dateSettingFor({ ianaTimezone: null, primaryLocale: "en", countryCode: "NZ" })).toEqual({ locale: "en-NZ", timeZone: "UTC" });
    expect(acceptedTimeZone("pacific/auckland")).toBe("Pacific/Auckland");
    expect(acceptedTimeZone("UTC")).toBe("UTC");
    expect(acceptedTimeZone("Europe/Nowhere")).toBeNull();
    expect(acceptedTimeZone("x".repeat(80))).toBeNull();
  });
});
