import { describe, expect, test } from "vitest";
import { windowDaysFrom } from "./return-settings";

describe("the return window", () => {
  test("step 1's window answer as days: numbers and numeric text; anything else is no answer", () => {
    expect(windowDaysFrom(30)).toBe(30);
    expect(windowDaysFrom("14")).toBe(14);
    expect(windowDaysFrom(0)).toBe(0);
    for (const bad of [undefined, "", "two weeks", -1, 2.5, ["30"]]) expect(windowDaysFrom(bad)).toBeNull();
  });
});
