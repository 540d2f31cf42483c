import { describe, expect, test } from "vitest";
import { typedBeforeHydration } from "./use-typed-before-hydration";

describe("typedBeforeHydration", () => {
  test("names only the fields whose value in the page differs from the value rendered", () => {
    const rendered = { tradingName: "Demo Returns Store", legalName: "", email: "" };
    const inPage = { tradingName: "Demo Returns Store", legalName: "Demo Returns Limited", email: "" };
    expect(typedBeforeHydration(rendered, inPage)).toEqual({ legalName: "Demo Returns Limited" });
  });

  test("a field cleared before hydration is adopted as empty", () => {
    expect(typedBeforeHydration({ tradingName: "Demo Returns Store" }, { tradingName: "" })).toEqual({ tradingName: "" });
  });

  test("a field not found in the page is left as rendered, and nothing typed adopts nothing", () => {
    expect(typedBeforeHydration({ portalUrl: "https://returns.example" }, {})).toEqual({});
    expect(typedBeforeHydration({ portalUrl: "https://returns.example" }, { portalUrl: "https://returns.example" })).toEqual({});
  });

  test("only the fields asked about are read: other inputs in the page are not taken", () => {
    expect(typedBeforeHydration({ name: "" }, { name: "Ana", intent: "save-section" })).toEqual({ name: "Ana" });
  });
});
