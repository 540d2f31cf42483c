import { describe, expect, test } from "vitest";
import { canonicalOrderNumber, canonicalOrderNumbers } from "./order-number";

describe("canonicalOrderNumber", () => {
  test("every way SEKO writes back Shopify's #1001 lands on one key", () => {
    const echoes = ["#1001", "1001", " 1001 ", "# 1001", "SHOP-1001", "shop-1001", "Shop 1001", "SHOP-#1001", "EU1001", "#1001-A", "０１００１", 1001];
    expect(new Set(echoes.map(canonicalOrderNumber))).toEqual(new Set(["1001"]));
  });

  test("different orders stay different", () => {
    expect(canonicalOrderNumber("#1001")).not.toBe(canonicalOrderNumber("#10010"));
    expect(canonicalOrderNumber("#1001")).not.toBe(canonicalOrderNumber("#1002"));
  });

  test("a prefix with a shorter digit run does not hide the number", () => {
    expect(canonicalOrderNumber("EU2-1001")).toBe("1001");
    expect(canonicalOrderNumber("#1001-V2")).toBe("1001");
  });

  test("leading zeros are dropped, a lone zero is kept", () => {
    expect(canonicalOrderNumber("SHOP-0001001")).toBe("1001");
    expect(canonicalOrderNumber("#0")).toBe("0");
  });

  test("a reference without digits is kept as upper-case text without spaces or '#'", () => {
    expect(canonicalOrderNumber(" #abc def ")).toBe("ABCDEF");
  });

  test("nothing, blanks and a lone '#' have no key", () => {
    for (const value of [null, undefined, "", "   ", "#"]) expect(canonicalOrderNumber(value)).toBeNull();
  });

  test("many at once: blanks dropped, duplicates folded", () => {
    expect(canonicalOrderNumbers(["#1001", "1001", null, " ", "SHOP-1002"])).toEqual(["1001", "1002"]);
  });
});
