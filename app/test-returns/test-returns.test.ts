import { describe, expect, test } from "vitest";
import type { FormState } from "~/forms/answers";
import { currentStatusLabel, labelCostRow, median, returnedQuantities, testReturnSchema, testReturnsChecklist, timeline, type TestReturnFact } from "./test-returns";
import { testReturnsFact } from "~/guide/facts";
import { returnSettings, type ReturnSettings } from "~/return-settings/return-settings";

const section = (answers: Record<string, unknown>) => ({ answers: answers as never, askManager: [], secretsLast4: {} });

const CONFIG: ReturnSettings = {
  countries: ["NZ", "AU"],
  windowDays: 30,
  reasons: ["Too small", "Changed my mind", "Faulty"],
  reviewReasons: ["Faulty"],
  options: ["refund", "credit"],
  fees: [
    { country: "NZ", paidBy: "retailer", currency: "NZD" },
    { country: "AU", paidBy: "customer", amount: 8, currency: "NZD" },
  ],
};

let clock = 0;
function made(overrides: Partial<TestReturnFact> = {}): TestReturnFact {
  clock++;
  return {
    originCountry: "NZ",
    reason: "Too small",
    needsReview: false,
    state: "labelled",
    decision: null,
    decidedBy: null,
    labelled: true,
    status: "RC",
    createdAt: `2026-12-01T03:00:${String(clock).padStart(2, "0")}.000Z`,
    createdBy: "101",
    ...overrides,
  };
}

const CONFIRMED = { version: 1, confirmedAt: "2026-12-01T04:00:00.000Z", confirmedBy: "102", countries: ["NZ", "AU"] };

describe("step 1's return configuration", () => {
  test("reasons are read one per line, trimmed and de-duplicated; review reasons only count when they are reasons", () => {
    const state: FormState = {
      policy: section({ returnReasons: " Too small\n\nFaulty\nfaulty\nChanged my mind ", reviewReasons: "FAULTY\nDamaged in transit", returnOptions: ["refund"] }),
      countries: section({ countryFees: [{ country: "NZ", paidBy: "retailer", currency: "NZD" }] }),
    };
    const config = returnSettings(state);
    expect(config.reasons).toEqual(["Too small", "Faulty", "Changed my mind"]);
    // "Damaged in transit" is not a configured reason, so it cannot put a return on hold.
    expect(config.reviewReasons).toEqual(["Faulty"]);
    expect(config.options).toEqual(["refund"]);
    expect(config.fees.map((row) => row.country)).toEqual(["NZ"]);
  });
});

describe("the create form", () => {
  const order = {
    lines: [
      { id: "line-1", quantity: 2 },
      { id: "line-2", quantity: 1 },
    ],
  };
  const valid = { orderId: "o1", reason: "Faulty", returnOption: "refund", originCountry: "AU", items: [{ lineItemId: "line-1", quantity: 2 }] };

  test("accepts a return within the order's quantities, with configured values", () => {
    expect(testReturnSchema(CONFIG, order).safeParse(valid).success).toBe(true);
  });

  test("refuses more than was ordered, items from another order, nothing returned, and values step 1 does not offer", () => {
    const issues = (value: unknown) =>
      testReturnSchema(CONFIG, order)
        .safeParse(value)
        .error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(issues({ ...valid, items: [{ lineItemId: "line-1", quantity: 3 }] })).toEqual(["items.0.quantity: At most 2 can be returned"]);
    expect(issues({ ...valid, items: [{ lineItemId: "elsewhere", quantity: 1 }] })).toContain("items.0.lineItemId: This item is not on the order");
    expect(issues({ ...valid, items: [{ lineItemId: "line-1", quantity: 0 }] })).toEqual(["items: Return at least one item"]);
    expect(issues({ ...valid, reason: "Wrong colour", returnOption: "exchange", originCountry: "US" })).toEqual([
      "reason: Choose one of the return reasons from step 1",
      "returnOption: Choose one of the return options from step 1",
      "originCountry: Choose a country returns are offered from",
    ]);
  });

  test("an item already in an open test return of the order is not returned again beyond its quantity; a voided one frees it", () => {
    const returned = returnedQuantities([
      { state: "labelled", items: [{ lineItemId: "line-1", quantity: 1 }] },
      { state: "on_hold", items: [{ lineItemId: "line-2", quantity: 1 }] },
      { state: "voided", items: [{ lineItemId: "line-1", quantity: 1 }] },
    ]);
    expect(returned).toEqual({ "line-1": 1, "line-2": 1 });
    const issues = (value: unknown) =>
      testReturnSchema(CONFIG, order, returned)
        .safeParse(value)
        .error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(issues({ ...valid, items: [{ lineItemId: "line-1", quantity: 2 }] })).toEqual(["items.0.quantity: 1 already in an open test return of this order: at most 1 more can be returned"]);
    expect(issues({ ...valid, items: [{ lineItemId: "line-2", quantity: 1 }] })).toEqual([
      "items.0.quantity: Already in an open test return of this order: void its label to return it again, or choose another item.",
    ]);
    // What is left can still be returned, and a fully returned line may stay at 0.
    expect(
      issues({
        ...valid,
        items: [
          { lineItemId: "line-1", quantity: 1 },
          { lineItemId: "line-2", quantity: 0 },
        ],
      }),
    ).toBeUndefined();
  });
});

describe("step 9's checklist", () => {
  test("nothing done: each item says what is missing and where to do it", () => {
    const items = testReturnsChecklist({ config: CONFIG, returns: [], labelCosts: null });
    expect(items.map((item) => [item.id, item.done, item.missing, item.url])).toEqual([
      ["countries", false, "No label yet from NZ and AU.", "/app/steps/test-returns#create"],
      ["reasons", false, "Not used yet: Too small, Changed my mind and Faulty.", "/app/steps/test-returns#create"],
      ["faulty", false, "Create a return with Faulty and decide on it.", "/app/steps/test-returns#create"],
      ["label-costs", false, "Check SEKO's rates and confirm the table.", "/app/steps/test-returns/label-costs"],
    ]);
    expect(testReturnsFact({ config: CONFIG, returns: [], labelCosts: null })).toEqual({ status: "not_started" });
  });

  test("a country counts once a label was made from it (voided later or not); a failed label does not count", () => {
    const returns = [made({ originCountry: "NZ", state: "voided" }), made({ originCountry: "AU", state: "failed", labelled: false })];
    const countries = testReturnsChecklist({ config: CONFIG, returns, labelCosts: null })[0]!;
    expect(countries).toMatchObject({ done: false, missing: "No label yet from AU." });
  });

  test("a held return waiting for a decision is named; a decision ticks the faulty flow", () => {
    const held = made({ reason: "Faulty", needsReview: true, state: "on_hold", labelled: false });
    expect(testReturnsChecklist({ config: CONFIG, returns: [held], labelCosts: null })[2]).toMatchObject({ done: false, missing: "A return is on hold: accept or reject it." });
    const decided = { ...held, decision: "reject", decidedBy: "101", state: "rejected" as const };
    expect(testReturnsChecklist({ config: CONFIG, returns: [decided], labelCosts: null })[2]).toMatchObject({ done: true, missing: undefined });
  });

  test("without review reasons the faulty flow does not apply and never holds the step back", () => {
    const config = { ...CONFIG, reasons: ["Too small"], reviewReasons: [] };
    const returns = [made({ originCountry: "NZ" }), made({ originCountry: "AU" })];
    const items = testReturnsChecklist({ config, returns, labelCosts: CONFIRMED });
    expect(items.find((item) => item.id === "faulty")).toMatchObject({ applies: false, done: true });
    expect(testReturnsFact({ config, returns, labelCosts: CONFIRMED }).status).toBe("done");
  });

  test("label costs confirmed before a country was added must be confirmed again", () => {
    const items = testReturnsChecklist({ config: CONFIG, returns: [], labelCosts: { ...CONFIRMED, countries: ["NZ"] } });
    expect(items[3]).toMatchObject({ done: false, missing: "Confirm again: AU is not in the confirmed table." });
  });

  test("done when every item is ticked, credited to the last piece of evidence", () => {
    const returns = [
      made({ originCountry: "NZ", reason: "Too small" }),
      made({ originCountry: "AU", reason: "Changed my mind" }),
      made({ originCountry: "NZ", reason: "Faulty", needsReview: true, decision: "accept_free", decidedBy: "103", createdBy: "103" }),
    ];
    const fact = testReturnsFact({ config: CONFIG, returns, labelCosts: CONFIRMED });
    expect(fact).toMatchObject({ status: "done", completedBy: "102", completedAt: CONFIRMED.confirmedAt, note: "3 test returns." });
  });

  test("in progress says what is left", () => {
    const fact = testReturnsFact({ config: CONFIG, returns: [made({ originCountry: "NZ" })], labelCosts: null });
    expect(fact.status).toBe("in_progress");
    expect(fact.note).toBe(
      "Still to do: a test return from every country you offer returns from; every return reason used; the faulty-item flow: a held return reviewed; label cost by country confirmed.",
    );
  });

  test("step 1 without countries or reasons points back to step 1", () => {
    const items = testReturnsChecklist({ config: { countries: [], windowDays: null, reasons: [], reviewReasons: [], options: [], fees: [] }, returns: [], labelCosts: null });
    expect(items.filter((item) => item.applies).map((item) => [item.id, item.url, item.missing])).toEqual([
      ["countries", "/app/steps/onboarding-form", "Step 1 lists no return countries yet."],
      ["reasons", "/app/steps/onboarding-form", "Step 1 lists no return reasons yet."],
      ["label-costs", "/app/steps/onboarding-form", "Step 1 lists no return countries yet."],
    ]);
  });
});

describe("the status timeline", () => {
  const event = (code: string, eventAt: string, receivedAt = "2026-12-01T00:00:00.000Z") => ({ code, label: code, kind: "return", eventAt, receivedAt });

  test("events arriving out of order are shown in SEKO's time order and the status never moves back", () => {
    const result = timeline([
      event("DS", "2026-12-03 10:00:00"),
      event("RC", "2026-12-01 09:00:00"),
      event("RT", "2026-12-02 08:00:00"),
      event("RC", "2026-12-01 09:00:00", "2026-12-04T00:00:00.000Z"),
    ]);
    expect(result.events.map((item) => item.code)).toEqual(["RC", "RC", "RT", "DS"]);
    expect(result.current).toBe("DS");
    expect(result.track.map((status) => [status.code, status.reachedAt])).toEqual([
      ["RC", "2026-12-01 09:00:00"],
      ["RT", "2026-12-02 08:00:00"],
      ["RDTPF", null],
      ["DS", "2026-12-03 10:00:00"],
      ["RP", null],
      ["RE", null],
      ["RDBTC", null],
    ]);
  });

  test("events in the same second are ordered by status; a rejection ends the return and appears on the track", () => {
    const result = timeline([event("RP", "2026-12-01 09:00:00"), event("RR", "2026-12-01 09:00:00"), event("DS", "2026-12-01 09:00:00"), event("RE", "2026-12-01 09:00:01")]);
    expect(result.events.map((item) => item.code)).toEqual(["DS", "RP", "RR", "RE"]);
    // RR is terminal: a later RE does not reopen the return.
    expect(result.current).toBe("RR");
    expect(result.track.at(-1)).toMatchObject({ code: "RR", reachedAt: "2026-12-01 09:00:00" });
  });

  test("a labelled return's status is where its timeline is; before any event, and once voided, its state says it", () => {
    const delivered = timeline([event("RC", "2026-12-01 09:00:00"), event("RDBTC", "2026-12-03 09:00:00")]);
    expect(currentStatusLabel("labelled", delivered.current)).toBe("Delivered Back To Retailer");
    expect(currentStatusLabel("labelled", timeline([]).current)).toBe("Label created");
    expect(currentStatusLabel("voided", delivered.current)).toBe("Label voided");
    expect(currentStatusLabel("on_hold", null)).toBe("On hold for review");
  });

  test("carrier events are listed but do not move the status", () => {
    const result = timeline([event("RC", "2026-12-01 09:00:00"), event("OP-7", "2026-12-01 10:00:00")]);
    expect(result.current).toBe("RC");
    expect(result.events).toHaveLength(2);
  });
});

describe("label cost arithmetic", () => {
  const rate = { cost: 9.8, carrierName: "SEKO Returns", deliveryType: "ECONOMY RETURN" };

  test("a free label costs the merchant the whole rate", () => {
    expect(labelCostRow({ fee: { country: "NZ", paidBy: "retailer", currency: "NZD" }, rate, rateCurrency: "NZD" })).toMatchObject({ effectiveCost: 9.8, customerPrice: null, warnings: [] });
  });

  test("the customer's price comes off the rate, and a price below cost is warned about", () => {
    const row = labelCostRow({ fee: { country: "AU", paidBy: "customer", amount: 7.55, currency: "NZD" }, rate, rateCurrency: "NZD" });
    expect(row.effectiveCost).toBe(2.25);
    expect(row.warnings).toEqual(["The customer pays 7.55 NZD, less than the label costs (9.80 NZD)."]);
    const covered = labelCostRow({ fee: { country: "AU", paidBy: "customer", amount: 12, currency: "NZD" }, rate, rateCurrency: "NZD" });
    expect(covered).toMatchObject({ effectiveCost: -2.2, warnings: [] });
  });

  test("no rate, or prices in another currency, give no effective cost and say why", () => {
    expect(labelCostRow({ fee: { country: "US", paidBy: "retailer", currency: "NZD" }, rate: null, rateError: "Destination not serviced", rateCurrency: "NZD" })).toMatchObject({
      effectiveCost: null,
      warnings: ["No rate from SEKO: Destination not serviced"],
    });
    expect(labelCostRow({ fee: { country: "AU", paidBy: "customer", amount: 8, currency: "AUD" }, rate, rateCurrency: "NZD" })).toMatchObject({
      effectiveCost: null,
      warnings: ["The customer pays in AUD and SEKO's rate is in NZD: compare them by hand."],
    });
  });

  test("a customer price without a currency is never compared with the rate, and the warning says what to do", () => {
    expect(labelCostRow({ fee: { country: "AU", paidBy: "customer", amount: 5, currency: "" }, rate, rateCurrency: "NZD" })).toMatchObject({
      effectiveCost: null,
      warnings: ["The customer's price (5.00) has no currency in step 1: set it there to compare it with SEKO's rate (9.80 NZD)."],
    });
  });

  test("the median ignores unknown weights", () => {
    expect(median([0.4, 1.2, 0, 0.8])).toBe(0.8);
    expect(median([0.4, 1.2, 0.8, 2])).toBe(1);
    expect(median([0, Number.NaN])).toBeNull();
  });
});
