import { expect, test } from "vitest";
import { mirrorLineText, watchItems } from "./ReturnsOverview";

const calm = { stuck: [], stuckDays: 7 };
const stuckRow = { consignmentNo: "SEKO7654321", orderNo: "#1001", status: "RC", label: "Return Created", lastEventAt: null };

test("after go-live, what to watch says all three hold when nothing needs the merchant", () => {
  const items = watchItems(calm, { refusals: null, health: null });
  expect(items.map((item) => [item.id, item.ok])).toEqual([
    ["stuck", true],
    ["tracking", true],
    ["health", true],
  ]);
  expect(items[0]!.text).toBe("No open return has gone 7 days without news.");
});

test("stuck returns, refused tracking deliveries and a reopened go-live each say what to do, with where to act", () => {
  const items = watchItems(
    { stuck: [stuckRow, stuckRow], stuckDays: 14 },
    { refusals: { count: 3, reason: "wrong username or password", lastAt: "2026-12-01T09:30:00.000Z" }, health: "returns are live, but the returns link is no longer in your live theme" },
  );
  expect(items.every((item) => !item.ok)).toBe(true);
  expect(items[0]!.text).toBe("2 returns have had no news for 14 days (listed below): ask SEKO where they are.");
  expect(items[1]).toMatchObject({ text: expect.stringContaining("3 refused (wrong username or password)"), link: { url: "/app/settings" } });
  expect(items[2]).toMatchObject({ text: "Go-live reopened: returns are live, but the returns link is no longer in your live theme.", link: { url: "/app/steps/go-live" } });
});

test("Home's Returns in Shopify line: off, on with nothing to do, on with returns needing the merchant", () => {
  expect(mirrorLineText({ enabled: false, attention: 3 })).toBe("Returns in Shopify: off. SEKO's returns are not added to your Shopify orders.");
  expect(mirrorLineText({ enabled: true, attention: 0 })).toBe("Returns in Shopify: on. Every live return written so far is in Shopify.");
  expect(mirrorLineText({ enabled: true, attention: 1 })).toBe("Returns in Shopify: on. 1 return needs you: not matched or failed in Shopify.");
  expect(mirrorLineText({ enabled: true, attention: 2 })).toMatch(/^Returns in Shopify: on\. 2 returns need you/);
});
