import { describe, expect, test } from "vitest";
import { canonicalOrderNumber, canonicalOrderNumbers, echoNames } from "./order-number";

describe("canonicalOrderNumber", () => {
  test("Shopify's name folded: case, spaces and the leading '#'", () => {
    for (const value of ["#1001", "1001", " 1001 ", "# 1001", 1001]) expect(canonicalOrderNumber(value)).toBe("1001");
    expect(canonicalOrderNumber("#so2026-1001")).toBe("SO2026-1001");
    expect(canonicalOrderNumber("Shop   1001")).toBe("SHOP 1001");
  });

  test("different orders never share a key, whatever digits their prefix or suffix holds", () => {
    const names = ["#SO2026-1001", "#SO2026-4321", "#SO2026-101", "#SO2026-102", "#1001-2026", "#1002-2026", "#1001", "#10010", "EU1001"];
    expect(new Set(names.map(canonicalOrderNumber)).size).toBe(names.length);
  });

  test("nothing, blanks and a lone '#' have no key", () => {
    for (const value of [null, undefined, "", "   ", "#"]) expect(canonicalOrderNumber(value)).toBeNull();
  });

  test("many at once: blanks dropped, duplicates folded", () => {
    expect(canonicalOrderNumbers(["#1001", "1001", null, " ", "#1002"])).toEqual(["1001", "1002"]);
  });
});

describe("echoNames", () => {
  const echo = (text: string) => canonicalOrderNumber(text)!;

  test("every way SEKO writes back #1001 names it", () => {
    for (const text of ["#1001", "1001", " # 1001 ", "SHOP-1001", "shop-1001", "Shop 1001", "SHOP-#1001", "ＳＨＯＰ－１００１"]) {
      expect(echoNames(echo(text), "1001"), text).toBe(true);
    }
  });

  test("a longer number, a glued prefix or another order's key does not", () => {
    for (const text of ["11001", "10010", "EU1001", "1001-A", "SO2026-4321"]) expect(echoNames(echo(text), "1001"), text).toBe(false);
    expect(echoNames(echo("SO2026-1001"), "SO2026-1001")).toBe(true);
    expect(echoNames(echo("SO2026-1001"), "2026")).toBe(false);
  });
});
