import { describe, expect, test } from "vitest";
import { AA_LARGE, AA_TEXT, blend, contrastRatio, formatRatio, parseHexColour, relativeLuminance, toHex } from "./contrast";

const colour = (hex: string) => parseHexColour(hex)!;
const ratio = (a: string, b: string) => contrastRatio(colour(a), colour(b));

describe("parseHexColour", () => {
  test("reads #RRGGBB and #RGB in any case", () => {
    expect(parseHexColour("#FFFFFF")).toEqual({ r: 255, g: 255, b: 255 });
    expect(parseHexColour("#0a7d55")).toEqual({ r: 10, g: 125, b: 85 });
    expect(parseHexColour("#fA0")).toEqual({ r: 255, g: 170, b: 0 });
    expect(parseHexColour(" #000 ")).toEqual({ r: 0, g: 0, b: 0 });
  });

  test("refuses anything else", () => {
    for (const value of ["", "FFFFFF", "#FFFF", "#GGGGGG", "#12345", "#1234567", "white", "rgb(0,0,0)", "#fff;background:red"]) {
      expect(parseHexColour(value), value).toBeNull();
    }
  });

  test("writes a colour back as #RRGGBB in capitals", () => {
    expect(toHex(colour("#fa0"))).toBe("#FFAA00");
    expect(toHex({ r: 127.6, g: 0, b: 15 })).toBe("#80000F");
  });
});

describe("WCAG 2.1 relative luminance and contrast ratio", () => {
  test("luminance runs from 0 (black) to 1 (white)", () => {
    expect(relativeLuminance(colour("#000"))).toBe(0);
    expect(relativeLuminance(colour("#FFF"))).toBe(1);
    expect(relativeLuminance(colour("#808080"))).toBeCloseTo(0.2159, 4);
  });

  test("known ratios", () => {
    expect(ratio("#FFFFFF", "#FFFFFF")).toBe(1);
    expect(ratio("#000", "#FFF")).toBeCloseTo(21, 10);
    expect(ratio("#FFF", "#000")).toBeCloseTo(21, 10);
    expect(ratio("#777777", "#FFFFFF")).toBeCloseTo(4.48, 2);
    expect(ratio("#767676", "#FFFFFF")).toBeCloseTo(4.54, 2);
    expect(ratio("#0000FF", "#FFFFFF")).toBeCloseTo(8.59, 2);
    expect(ratio("#FF0000", "#FFFFFF")).toBeCloseTo(4.0, 2);
  });

  test("#777777 on white just fails text; #767676 is the lightest grey that passes; both pass large text", () => {
    expect(ratio("#777777", "#FFFFFF")).toBeLessThan(AA_TEXT);
    expect(ratio("#767676", "#FFFFFF")).toBeGreaterThanOrEqual(AA_TEXT);
    expect(ratio("#777777", "#FFFFFF")).toBeGreaterThanOrEqual(AA_LARGE);
  });

  test("a colour at an opacity is mixed with the background it sits on", () => {
    expect(blend(colour("#000000"), colour("#FFFFFF"), 0.75)).toEqual({ r: 63.75, g: 63.75, b: 63.75 });
    expect(toHex(blend(colour("#FFFFFF"), colour("#FFFFFF"), 0.75))).toBe("#FFFFFF");
  });

  test("a ratio is written with at most two decimals, never rounded up to a minimum it misses", () => {
    expect(formatRatio(ratio("#FFFFFF", "#FFFFFF"))).toBe("1");
    expect(formatRatio(ratio("#000", "#FFF"))).toBe("21");
    expect(formatRatio(ratio("#777777", "#FFFFFF"))).toBe("4.47");
    expect(formatRatio(4.4999)).toBe("4.49");
    expect(formatRatio(4.5)).toBe("4.5");
  });
});
