import { describe, expect, test } from "vitest";
import { formatDate, formatDateRange } from "./format-date";

const AT = "2026-03-02T12:02:00.000Z";

describe("formatDate", () => {
  test("writes the day in the given locale's words, never the ISO text", () => {
    expect(formatDate(AT, "date", "en-GB")).toMatch(/^\d{1,2} Mar 2026$/);
    expect(formatDate(AT, "date", "de")).toMatch(/^\d{1,2}\.\d{2}\.2026$/);
    expect(formatDate(AT, "date-time", "en-GB")).toMatch(/^\d{1,2} Mar 2026, \d{2}:\d{2}$/);
    expect(formatDate(AT, "time", "en-GB")).toMatch(/^\d{2}:\d{2}$/);
    expect(formatDate(new Date(AT), "date", "en-GB")).toBe(formatDate(AT, "date", "en-GB"));
    expect(formatDate(AT)).not.toContain("T12:02");
  });

  test("nothing to show is empty, and a locale Intl refuses falls back to the default one", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate("")).toBe("");
    expect(formatDate("not a date")).toBe("");
    expect(formatDate(AT, "date", "not a locale!")).toBe(formatDate(AT, "date"));
  });

  test("a span on one day names the day once, whichever end comes first", () => {
    const range = formatDateRange(AT, "2026-03-02T12:40:00.000Z", "en-GB");
    expect(range.match(/2026/g)).toHaveLength(1);
    expect(formatDateRange("2026-03-02T12:40:00.000Z", AT, "en-GB")).toBe(range);
  });
});
