import { describe, expect, test } from "vitest";
import { portalLinkFor } from "./portal-link";

const ORDER = { name: "#1042", email: "ana+returns@example.com" };

describe("the portal address for one order", () => {
  test("without prefill parameters the portal goes as the merchant saved it", () => {
    expect(portalLinkFor({ portalUrl: "https://returns.example-seko.test/demo", orderParam: null, emailParam: null }, ORDER)).toBe("https://returns.example-seko.test/demo");
  });

  test("the configured parameter names carry the order name and email, encoded, after any query the portal already has", () => {
    const url = portalLinkFor({ portalUrl: "https://returns.example-seko.test/demo?lang=en", orderParam: "order", emailParam: "email" }, ORDER)!;
    expect(url).toBe("https://returns.example-seko.test/demo?lang=en&order=%231042&email=ana%2Breturns%40example.com");
    expect(new URL(url).searchParams.get("order")).toBe("#1042");
    expect(new URL(url).searchParams.get("email")).toBe("ana+returns@example.com");
  });

  test("no email on the order: only the order number is added", () => {
    expect(portalLinkFor({ portalUrl: "https://returns.example-seko.test/", orderParam: "order", emailParam: "email" }, { name: "#7", email: null })).toBe(
      "https://returns.example-seko.test/?order=%237",
    );
  });

  test("no portal, or one that is not a safe https address: no link at all", () => {
    expect(portalLinkFor({ portalUrl: null, orderParam: "order", emailParam: null }, ORDER)).toBeNull();
    expect(portalLinkFor({ portalUrl: "javascript:alert(1)", orderParam: null, emailParam: null }, ORDER)).toBeNull();
    expect(portalLinkFor({ portalUrl: "http://returns.example-seko.test", orderParam: null, emailParam: null }, ORDER)).toBeNull();
  });
});
