import { describe, expect, test } from "vitest";
import { countdownText, daysUntil, goLiveFact, goLiveGate, liveHealth, STOREFRONT_LINK_GONE, withHealth, type GateInput, type SekoKeyCheck } from "./go-live-gate";
import { EMPTY_GO_LIVE } from "~/launch/go-live-record";
import { STEPS } from "./steps";

const NOW = new Date("2026-12-01T10:00:00Z");

/** A stored key SEKO accepted at `checkedAt`. */
const key = (system: SekoKeyCheck["system"], environment: SekoKeyCheck["environment"], checkedAt: string | null = "2026-11-30T10:00:00Z", status = "connected"): SekoKeyCheck => ({
  system,
  environment,
  status,
  checkedAt,
});
const LIVE_KEYS = { environment: "production" as const, connections: [key("omnireturns", "production"), key("omnirps", "production")] };

function input(overrides: Partial<GateInput> = {}): GateInput {
  return {
    steps: STEPS.map((step) => ({ id: step.id, number: step.number, title: step.title, optional: step.optional, status: "done" as const })),
    sync: { status: "done", lastReconciledAt: "2026-12-01T02:00:00Z", lastWebhookAt: null },
    countries: ["NZ", "AU"],
    testedCountries: ["NZ", "AU"],
    templateCountries: ["NZ", "AU"],
    storefrontLive: true,
    seko: LIVE_KEYS,
    record: { ...EMPTY_GO_LIVE, proposedDate: "2026-12-10", agreedDate: "2026-12-10", sopUrl: "https://seko.example/sop", sopAckAt: "2026-11-30T00:00:00Z" },
    now: NOW,
    ...overrides,
  };
}

const open = (value: GateInput) =>
  goLiveGate(value)
    .filter((item) => !item.done)
    .map((item) => [item.id, item.missing]);

describe("the go-live gate", () => {
  test("passes when everything holds", () => {
    expect(open(input())).toEqual([]);
  });

  test("names the open earlier steps; an optional step (notifications) and a step not applicable do not hold it", () => {
    const steps = input().steps.map((step) =>
      step.id === "notifications"
        ? { ...step, status: "not_started" as const }
        : step.id === "australia-returns"
          ? { ...step, status: "not_applicable" as const }
          : step.id === "contracts"
            ? { ...step, status: "in_progress" as const }
            : step,
    );
    expect(open(input({ steps }))).toEqual([["steps", "Still open: 2. Contracts."]]);
  });

  test("a stalled or failed sync holds it; a recent webhook counts as healthy as a reconciliation does", () => {
    expect(open(input({ sync: { status: "done", lastReconciledAt: "2026-11-28T00:00:00Z", lastWebhookAt: null } }))).toEqual([["sync", "No order update or reconciliation in the last 48 hours."]]);
    expect(open(input({ sync: { status: "done", lastReconciledAt: "2026-11-28T00:00:00Z", lastWebhookAt: "2026-12-01T09:00:00Z" } }))).toEqual([]);
    expect(open(input({ sync: { status: "failed", lastReconciledAt: "2026-12-01T09:00:00Z", lastWebhookAt: null } }))).toEqual([["sync", "The order sync stopped with an error."]]);
  });

  test("countries without a test return or a label email are named; what the app cannot check yet is never taken as done", () => {
    expect(open(input({ testedCountries: ["NZ"], templateCountries: ["AU"] }))).toEqual([
      ["templates", "No label email renders for NZ."],
      ["tested", "No labelled test return from AU."],
    ]);
    expect(open(input({ templateCountries: null, storefrontLive: null }))).toEqual([
      ["templates", "The label emails (step 7) cannot be checked yet."],
      ["storefront", "Your live theme has not been checked yet."],
    ]);
    expect(open(input({ storefrontLive: false }))).toEqual([["storefront", "Your live theme has no returns link: switch the app embed on or add the block."]]);
  });

  test("Test keys never pass it, though step 3 counts them as done: Production must be chosen, with OmniReturns and OmniRPS connected there", () => {
    const testKeys = [key("omnireturns", "test"), key("omnirps", "test"), key("omniparcel", "test")];
    expect(open(input({ seko: { environment: "test", connections: testKeys } }))).toEqual([
      ["seko-production", "SEKO is set to Test in Settings: switch it to Production; connect the OmniReturns and OmniRPS Production keys."],
    ]);
    expect(goLiveGate(input({ seko: { environment: "test", connections: testKeys } })).find((item) => item.id === "seko-production")).toMatchObject({
      label: "SEKO Production keys",
      done: false,
      url: "/app/settings",
    });
    // Production keys stored, but Settings still on Test.
    expect(open(input({ seko: { ...LIVE_KEYS, environment: "test" } }))).toEqual([["seko-production", "SEKO is set to Test in Settings: switch it to Production."]]);
    // Production chosen, one system missing.
    expect(open(input({ seko: { environment: "production", connections: [key("omnireturns", "production"), key("omnirps", "test")] } }))).toEqual([
      ["seko-production", "Connect the OmniRPS Production key."],
    ]);
  });

  test("a Production key counts only while its last check passed within the last 7 days", () => {
    const failed = key("omnireturns", "production", "2026-12-01T09:00:00Z", "failed");
    expect(open(input({ seko: { environment: "production", connections: [failed, key("omnirps", "production")] } }))).toEqual([
      ["seko-production", "The OmniReturns Production key failed its last check: replace it."],
    ]);
    const stale = key("omnirps", "production", "2026-11-24T09:59:00Z");
    expect(open(input({ seko: { environment: "production", connections: [key("omnireturns", "production"), stale] } }))).toEqual([
      ["seko-production", "Check the OmniRPS Production key again: SEKO has not accepted it in the last 7 days."],
    ]);
    const unchecked = key("omnireturns", "production", null, "unchecked");
    expect(open(input({ seko: { environment: "production", connections: [unchecked, stale] } }))).toEqual([
      ["seko-production", "Check the OmniReturns and OmniRPS Production keys again: SEKO has not accepted them in the last 7 days."],
    ]);
    // Exactly 7 days ago still counts.
    expect(open(input({ seko: { environment: "production", connections: [key("omnireturns", "production", "2026-11-24T10:00:00Z"), key("omnirps", "production")] } }))).toEqual([]);
  });

  test("the procedure must be acknowledged and the date agreed, not only proposed", () => {
    const record = { ...EMPTY_GO_LIVE, proposedDate: "2026-12-10" };
    expect(open(input({ record }))).toEqual([
      ["sop", "Read SEKO's customer-service procedure and acknowledge it."],
      ["date", "Proposed 10 Dec 2026: waiting for SEKO to confirm."],
    ]);
    // In the shop's locale; a calendar day stays that day west of UTC.
    expect(open(input({ record, dates: { locale: "en-US", timeZone: "America/Los_Angeles" } })).at(-1)).toEqual(["date", "Proposed Dec 10, 2026: waiting for SEKO to confirm."]);
  });
});

describe("the countdown and step 10's status", () => {
  test("counts calendar days to the agreed date", () => {
    expect(daysUntil("2026-12-10", NOW)).toBe(9);
    expect(daysUntil("2026-12-01", new Date("2026-12-01T23:59:00Z"))).toBe(0);
    expect(daysUntil("2026-11-29", NOW)).toBe(-2);
    expect(daysUntil(null, NOW)).toBeNull();
    // The shop's calendar: at 23:59 UTC on the 1st it is already the 2nd in Auckland, still the 1st in Los Angeles.
    expect(daysUntil("2026-12-10", new Date("2026-12-01T23:59:00Z"), "Pacific/Auckland")).toBe(8);
    expect(daysUntil("2026-12-10", new Date("2026-12-01T23:59:00Z"), "America/Los_Angeles")).toBe(9);
    expect(daysUntil("2026-12-10", new Date("2026-12-01T23:59:00Z"), "Not/AZone")).toBe(9);
    expect([9, 1, 0, -1, -2].map(countdownText)).toEqual(["9 days to go-live", "Go-live is tomorrow", "Go-live is today", "The agreed date passed 1 day ago", "The agreed date passed 2 days ago"]);
  });

  test("not started, waiting on SEKO once proposed, in progress once agreed, done once live", () => {
    expect(goLiveFact(EMPTY_GO_LIVE, NOW)).toEqual({ status: "not_started" });
    expect(goLiveFact({ ...EMPTY_GO_LIVE, proposedDate: "2026-12-10" }, NOW)).toMatchObject({ status: "waiting_on_seko" });
    expect(goLiveFact({ ...EMPTY_GO_LIVE, proposedDate: "2026-12-10", agreedDate: "2026-12-10" }, NOW)).toMatchObject({
      status: "in_progress",
      note: "9 days to go-live (10 Dec 2026, agreed with SEKO).",
    });
    expect(goLiveFact({ ...EMPTY_GO_LIVE, agreedDate: "2026-12-10", liveAt: "2026-12-10T08:00:00.000Z", liveBy: "101" }, NOW)).toMatchObject({
      status: "done",
      completedBy: "101",
      note: "Live since 10 Dec 2026.",
    });
    // The day is the shop's: 20:00 UTC on the 10th is already the 11th in Auckland.
    const late = { ...EMPTY_GO_LIVE, agreedDate: "2026-12-10", liveAt: "2026-12-10T20:00:00.000Z", liveBy: "101" };
    expect(goLiveFact(late, NOW, { locale: "en-NZ", timeZone: "Pacific/Auckland" }).note).toBe("Live since 11 Dec 2026.");
    expect(goLiveFact(late, NOW).note).toBe("Live since 10 Dec 2026.");
    const agreed = { ...EMPTY_GO_LIVE, proposedDate: "2026-12-10", agreedDate: "2026-12-10" };
    expect(goLiveFact(agreed, new Date("2026-12-01T23:59:00Z"), { locale: "en-NZ", timeZone: "Pacific/Auckland" }).note).toBe("8 days to go-live (10 Dec 2026, agreed with SEKO).");
  });
});

describe("setup health after go-live", () => {
  const liveFact = goLiveFact({ ...EMPTY_GO_LIVE, agreedDate: "2026-11-20", liveAt: "2026-11-20T08:00:00.000Z", liveBy: "101" }, NOW);

  test("holds while the earlier steps and the sync do: step 10 stays done", () => {
    expect(liveHealth(input())).toEqual([]);
    expect(withHealth(liveFact, [])).toEqual(liveFact);
  });

  test("a reopened step or a stalled sync reopens step 10 with the reasons", () => {
    const steps = input().steps.map((step) => (step.id === "seko-accounts" ? { ...step, status: "in_progress" as const } : step));
    const reasons = liveHealth(input({ steps, sync: { status: "done", lastReconciledAt: "2026-11-01T00:00:00Z", lastWebhookAt: null } }));
    expect(reasons).toEqual(["Still open: 3. SEKO account set-up.", "No order update or reconciliation in the last 48 hours."]);
    expect(withHealth(liveFact, reasons)).toMatchObject({
      status: "in_progress",
      reopened: "returns are live, but still open: 3. SEKO account set-up; no order update or reconciliation in the last 48 hours",
    });
  });

  test("the returns link gone from the live theme reopens step 10; not knowing (no admin page asked yet) does not", () => {
    expect(liveHealth({ ...input(), storefrontPlaced: null })).toEqual([]);
    expect(liveHealth({ ...input(), storefrontPlaced: true })).toEqual([]);
    const reasons = liveHealth({ ...input(), storefrontPlaced: false });
    expect(reasons).toEqual([STOREFRONT_LINK_GONE]);
    expect(withHealth(liveFact, reasons)).toMatchObject({ status: "in_progress", reopened: "returns are live, but the returns link is no longer in your live theme" });
  });

  test("before go-live nothing is reopened", () => {
    const waiting = goLiveFact({ ...EMPTY_GO_LIVE, proposedDate: "2026-12-10" }, NOW);
    expect(withHealth(waiting, ["Still open: 2. Contracts."])).toEqual(waiting);
  });
});
