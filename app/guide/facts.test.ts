import { describe, expect, test } from "vitest";
import type { FormState } from "~/forms/answers";
import {
  australiaFact,
  contractsFact,
  integrationFact,
  questionnaireFact,
  sekoAccountsFact,
  systemAccessFact,
  type ConnectionEvent,
  type ConnectionFact,
  type IntegrationFacts,
  type MemberFact,
} from "./facts";
import { type SubmissionFact } from "~/outbox/submission";

const answered: FormState = { business: { answers: { tradingName: "Demo" }, askManager: [], secretsLast4: {} } };
const sent: SubmissionFact = {
  version: 1,
  submittedAt: "2026-11-01T10:00:00.000Z",
  submittedBy: "Staff 1",
  deliveryStatus: "sent",
  deliveredAt: "2026-11-01T10:00:05.000Z",
  deliveryError: null,
};
const failed: SubmissionFact = { ...sent, deliveryStatus: "failed", deliveredAt: null, deliveryError: "connection refused" };

describe("questionnaire steps", () => {
  test("not started, then in progress once anything is saved", () => {
    expect(questionnaireFact({ formId: "onboarding", state: {}, editedSinceSubmission: false }).status).toBe("not_started");
    expect(questionnaireFact({ formId: "onboarding", state: answered, editedSinceSubmission: false }).status).toBe("in_progress");
  });

  test("submitted while the delivery to SEKO has not succeeded, done once it has", () => {
    const pending = questionnaireFact({ formId: "onboarding", state: answered, latest: failed, editedSinceSubmission: false });
    expect(pending).toMatchObject({ status: "submitted", since: failed.submittedAt });
    expect(pending.note).toContain("connection refused");
    const done = questionnaireFact({ formId: "onboarding", state: answered, latest: sent, editedSinceSubmission: false });
    expect(done).toMatchObject({ status: "done", completedBy: "Staff 1", completedAt: sent.deliveredAt });
  });

  test("edits after a submission keep the step done but ask for a re-submission", () => {
    const fact = questionnaireFact({ formId: "onboarding", state: answered, latest: sent, editedSinceSubmission: true });
    expect(fact.status).toBe("done");
    expect(fact.note).toContain("submit again");
  });
});

describe("contracts", () => {
  const credit = { formId: "credit-application" as const, state: answered, latest: sent, editedSinceSubmission: false };
  const signed = { document: "seko-agreement", title: "SEKO Agreement", signedBy: "Ana", signedAt: "2026-11-02T09:00:00.000Z" };

  test("done only with the credit application delivered and every document signed", () => {
    expect(contractsFact(credit, [signed])).toMatchObject({ status: "done", completedAt: signed.signedAt });
    const unsigned = contractsFact(credit, [signed, { document: "non-dangerous-goods", title: "Shipper's non-dangerous goods declaration" }]);
    expect(unsigned.status).toBe("in_progress");
    expect(unsigned.note).toContain("non-dangerous goods");
  });

  test("a signature alone is progress, not completion", () => {
    expect(contractsFact({ ...credit, state: {}, latest: undefined }, [signed]).status).toBe("in_progress");
    expect(contractsFact({ ...credit, state: {}, latest: undefined }, [{ document: "seko-agreement", title: "SEKO Agreement" }]).status).toBe("not_started");
  });
});

describe("SEKO account set-up", () => {
  const at = "2026-11-05T00:00:00.000Z";
  const key = (changes: Partial<ConnectionFact> = {}): ConnectionFact => ({
    system: "omnirps",
    environment: "test",
    status: "connected",
    connectedAt: at,
    lastError: null,
    ...changes,
  });
  const connectedBy = (system: string, environment: string, by = "Staff 7"): ConnectionEvent => ({
    action: `Connected ${system} (${environment})`,
    detail: "Retailer Test Store",
    by,
    at,
  });

  test("waits on SEKO from the hand-over until credentials are connected", () => {
    expect(sekoAccountsFact({ environment: "test", connections: [] }).status).toBe("not_started");
    expect(sekoAccountsFact({ environment: "test", connections: [], handedOverAt: "2026-11-02T09:00:00.000Z" })).toMatchObject({
      status: "waiting_on_seko",
      since: "2026-11-02T09:00:00.000Z",
    });
    expect(sekoAccountsFact({ environment: "test", connections: [key({ system: "omnireturns" })], handedOverAt: "x" })).toMatchObject({
      status: "done",
      completedAt: at,
      note: "Connected to OmniReturns (Test).",
    });
  });

  test("credits the merchant who connected the keys, never SEKO", () => {
    const fact = sekoAccountsFact({ environment: "test", connections: [key()], events: [connectedBy("OmniRPS", "Test", "Staff 42")] });
    expect(fact).toMatchObject({ status: "done", completedBy: "Staff 42" });
    // Without a record of who connected, the guide names nobody rather than SEKO.
    expect(sekoAccountsFact({ environment: "test", connections: [key()] }).completedBy).toBeUndefined();
    // A connection recorded for the other environment is not this key's.
    expect(sekoAccountsFact({ environment: "test", connections: [key()], events: [connectedBy("OmniRPS", "Production")] }).completedBy).toBeUndefined();
  });

  test("only the chosen environment counts: switching to Production reopens the step", () => {
    const fact = sekoAccountsFact({ environment: "production", connections: [key()], handedOverAt: "x" });
    expect(fact.status).toBe("in_progress");
    expect(fact.reopened).toBe("no Production connection to OmniRPS yet");
    const live = sekoAccountsFact({ environment: "production", connections: [key(), key({ environment: "production", system: "omnireturns" })] });
    expect(live).toMatchObject({ status: "done", note: "Connected to OmniReturns (Production)." });
    expect(live.reopened).toBeUndefined();
  });

  test("a key that fails a re-check reopens the step and says why", () => {
    const fact = sekoAccountsFact({ environment: "test", connections: [key({ status: "failed", lastError: "Invalid token or retailer" })] });
    expect(fact).toMatchObject({ status: "in_progress", reopened: "the OmniRPS key failed its last check: Invalid token or retailer" });
  });

  test("a removed key reopens the step when the app recorded it being connected", () => {
    const fact = sekoAccountsFact({ environment: "test", connections: [], events: [connectedBy("OmniReturns", "Test")], handedOverAt: "x" });
    expect(fact).toMatchObject({ status: "in_progress", reopened: "the OmniReturns key was removed" });
  });
});

describe("Australia returns", () => {
  const onboardingWith = (...countries: string[]): FormState => ({
    countries: { answers: { countryFees: countries.map((country) => ({ country, paidBy: "retailer" as const, currency: "NZD" })) }, askManager: [], secretsLast4: {} },
  });
  const australia = (state: FormState) => ({ formId: "australia-post" as const, state, editedSinceSubmission: false });

  test("not applicable when returns are not offered from Australia", () => {
    expect(australiaFact(onboardingWith("NZ", "GB"), australia({})).status).toBe("not_applicable");
  });

  test("not applicable when Australian labels do not use the merchant's own account", () => {
    const no = { choice: { answers: { useOwnAccount: "no" }, askManager: [], secretsLast4: {}, savedBy: "Staff 1", savedAt: "2026-11-01T00:00:00.000Z" } };
    expect(australiaFact(onboardingWith("AU"), australia(no))).toMatchObject({ status: "not_applicable", completedBy: "Staff 1" });
  });

  test("otherwise it is a questionnaire like step 1", () => {
    const yes = { choice: { answers: { useOwnAccount: "yes" }, askManager: [], secretsLast4: {} } };
    expect(australiaFact(onboardingWith("AU"), australia({})).status).toBe("not_started");
    expect(australiaFact({}, australia(yes)).status).toBe("in_progress");
    expect(australiaFact(onboardingWith("AU"), { ...australia(yes), latest: sent }).status).toBe("done");
  });
});

describe("system access", () => {
  const member = (status: "draft" | "requested" | "created", name = "Ana", addedAt = "2026-11-02T00:00:00.000Z"): MemberFact => ({
    name,
    status,
    addedAt,
    requestedAt: status === "draft" ? null : "2026-11-03T00:00:00.000Z",
    createdInSekoAt: status === "created" ? "2026-11-04T00:00:00.000Z" : null,
  });

  test("moves from added to requested (waiting on SEKO) to done once every login is created", () => {
    expect(systemAccessFact([]).status).toBe("not_started");
    expect(systemAccessFact([member("draft")]).status).toBe("in_progress");
    expect(systemAccessFact([member("requested")])).toMatchObject({ status: "waiting_on_seko", since: "2026-11-03T00:00:00.000Z" });
    expect(systemAccessFact([member("created"), member("created", "Ben")])).toMatchObject({
      status: "done",
      completedAt: "2026-11-04T00:00:00.000Z",
      note: "2 logins created.",
    });
  });

  test("not done while any listed member still waits for a login", () => {
    const waiting = systemAccessFact([member("created"), member("requested", "Ben")]);
    expect(waiting).toMatchObject({ status: "waiting_on_seko", note: "1 login created, 1 still to come." });
    const notRequested = systemAccessFact([member("created"), member("draft", "Ben")]);
    expect(notRequested).toMatchObject({ status: "in_progress", note: "1 login created; 1 team member not requested yet." });
    // Requested together and created one by one: progress, not a reopened step.
    expect(waiting.reopened).toBeUndefined();
  });

  test("a member added after every login was created reopens the step", () => {
    const fact = systemAccessFact([member("created"), member("draft", "Ben", "2026-11-06T00:00:00.000Z")]);
    expect(fact).toMatchObject({ status: "in_progress", reopened: "Ben was added and has no SEKO login yet" });
  });
});

describe("integration (step 5)", () => {
  const sync = { status: "done", startedAt: "2026-11-01T09:00:00.000Z", finishedAt: "2026-11-01T10:00:00.000Z", lastError: null, summaryConfirmedAt: null, summaryConfirmedBy: null };
  const emailed = { deliveryStatus: "sent", deliveredAt: "2026-11-02T08:00:00.000Z", deliveryError: null, submittedBy: "42" };
  const facts = (changes: Partial<IntegrationFacts>): IntegrationFacts => ({ sync, scopes: ["read_orders"], summary: emailed, ...changes });

  test("done once backfilled, with read_orders, and the summary reached SEKO: at the later of the two", () => {
    expect(integrationFact(facts({}))).toEqual({ status: "done", completedAt: "2026-11-02T08:00:00.000Z", completedBy: "42" });
  });

  test("a merchant's confirmation stands in for the email", () => {
    const confirmed = { ...sync, summaryConfirmedAt: "2026-11-01T09:30:00.000Z", summaryConfirmedBy: "7" };
    expect(integrationFact(facts({ sync: confirmed, summary: null }))).toEqual({ status: "done", completedAt: "2026-11-01T10:00:00.000Z", completedBy: "7" });
  });

  test("not started without a sync; otherwise says what is missing", () => {
    expect(integrationFact(facts({ sync: null }))).toEqual({ status: "not_started" });
    expect(integrationFact(facts({ scopes: [] })).note).toMatch(/read_orders/);
    expect(integrationFact(facts({ sync: { ...sync, finishedAt: null, status: "running" } })).note).toMatch(/Importing/);
    expect(integrationFact(facts({ sync: { ...sync, status: "failed", finishedAt: null, lastError: "boom" } })).note).toBe("The order sync stopped: boom");
    expect(integrationFact(facts({ summary: { ...emailed, deliveryStatus: "failed", deliveredAt: null, deliveryError: "SMTP down" } }))).toEqual({
      status: "in_progress",
      note: "The summary could not be emailed to SEKO: SMTP down",
      since: sync.startedAt,
    });
  });
});
