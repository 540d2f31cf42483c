import { describe, expect, test } from "vitest";
import { eligibility, type EligibilityOrder, type EligibilityRules } from "./eligibility";

const NOW = new Date("2026-12-01T12:00:00Z");
const ORDER: EligibilityOrder = { placedAt: new Date("2026-11-20T10:00:00Z"), fulfilledAt: new Date("2026-11-21T09:00:00Z"), cancelledAt: null, shipCountry: "NZ" };
const RULES: EligibilityRules = { returnWindowDays: 30, countries: ["NZ", "AU"], live: true, portalSet: true };

describe("who can start a return from their customer account", () => {
  test("a fulfilled order inside the window, from an offered country, after go-live: eligible, with the last day", () => {
    expect(eligibility(ORDER, RULES, NOW)).toEqual({ eligible: true, returnBy: "2026-12-20T10:00:00.000Z" });
  });

  test("fulfilled: an unfulfilled order cannot be returned; a cancelled one neither", () => {
    expect(eligibility({ ...ORDER, fulfilledAt: null }, RULES, NOW)).toEqual({ eligible: false, reason: "not_fulfilled" });
    expect(eligibility({ ...ORDER, cancelledAt: new Date("2026-11-22T00:00:00Z") }, RULES, NOW)).toEqual({ eligible: false, reason: "cancelled" });
  });

  test("the return window from step 1, counted from the order date: open to its last moment, closed after; 0 means no limit", () => {
    const lastMoment = new Date("2026-12-20T10:00:00Z");
    expect(eligibility(ORDER, RULES, lastMoment).eligible).toBe(true);
    expect(eligibility(ORDER, RULES, new Date(lastMoment.getTime() + 1))).toEqual({ eligible: false, reason: "window_closed" });
    expect(eligibility(ORDER, { ...RULES, returnWindowDays: 0 }, new Date("2030-01-01T00:00:00Z"))).toEqual({ eligible: true, returnBy: null });
    expect(eligibility(ORDER, { ...RULES, returnWindowDays: null }, NOW)).toEqual({ eligible: false, reason: "no_window" });
  });

  test("the country the order shipped to must be one returns are offered from (case aside); no address, no return", () => {
    expect(eligibility({ ...ORDER, shipCountry: "US" }, RULES, NOW)).toEqual({ eligible: false, reason: "country_not_offered" });
    expect(eligibility({ ...ORDER, shipCountry: "au" }, RULES, NOW).eligible).toBe(true);
    expect(eligibility({ ...ORDER, shipCountry: null }, RULES, NOW)).toEqual({ eligible: false, reason: "country_not_offered" });
  });

  test("after go-live only, and only with a portal to send the customer to", () => {
    expect(eligibility(ORDER, { ...RULES, live: false }, NOW)).toEqual({ eligible: false, reason: "not_live" });
    expect(eligibility(ORDER, { ...RULES, portalSet: false }, NOW)).toEqual({ eligible: false, reason: "no_portal" });
  });
});
