import { describe, expect, it } from "vitest";
import type { SectionState } from "~/forms/answers";
import { AUSTRALIA_POST_FORM, ONBOARDING_FORM, sectionById } from "~/forms/questions";
import { draftKey, draftToKeep, restoreDraft } from "./drafts";
import { initialUi, type Offered, type UiState } from "./ui-state";

const offered: Offered = { prefill: {}, countries: [], currency: "NZD" };
const account = sectionById(AUSTRALIA_POST_FORM, "account")!;
const SAVED_AT = "2025-03-01T10:00:00.000Z";
const saved: SectionState = { answers: { accountNumber: "1234567890", returnProducts: ["PR"] }, askManager: [], secretsLast4: { apiKey: "9f3a" }, savedAt: SAVED_AT, savedBy: "Ana" };
const initial = initialUi(account, saved, offered);
const edit = (values: Partial<UiState["values"]>): UiState => ({ ...initial, values: { ...initial.values, ...values } as UiState["values"] });
const KEY = "ak_live_typed_not_saved";
const SECRET = "sk_live_typed_not_saved";

describe("draftToKeep", () => {
  it("keeps the edits without the value of any secret question", () => {
    const stored = draftToKeep(account, SAVED_AT, edit({ accountNumber: "999", apiKey: KEY, apiSecret: SECRET }), initial)!;
    expect(stored).not.toContain(KEY);
    expect(stored).not.toContain(SECRET);
    const draft = JSON.parse(stored) as { basedOn: string; ui: UiState };
    expect(draft.basedOn).toBe(SAVED_AT);
    expect(draft.ui.values.accountNumber).toBe("999");
    expect(Object.keys(draft.ui.values)).not.toContain("apiKey");
    expect(Object.keys(draft.ui.values)).not.toContain("apiSecret");
  });

  it("keeps nothing when only a secret was typed", () => {
    expect(draftToKeep(account, SAVED_AT, edit({ apiKey: KEY }), initial)).toBeNull();
    expect(draftToKeep(account, SAVED_AT, initial, initial)).toBeNull();
  });

  it("keeps a section without secrets as it is on screen", () => {
    const volumes = sectionById(ONBOARDING_FORM, "volumes")!;
    const start = initialUi(volumes, undefined, offered);
    const ui: UiState = { ...start, values: { ...start.values, monthlyOrders: "500" }, askManager: ["monthlyReturns"] };
    expect(JSON.parse(draftToKeep(volumes, null, ui, start)!)).toEqual({ basedOn: null, ui });
  });
});

describe("restoreDraft", () => {
  it("gives back what draftToKeep kept, secrets empty", () => {
    const stored = draftToKeep(account, SAVED_AT, edit({ accountNumber: "999", apiKey: KEY }), initial)!;
    expect(restoreDraft(account, stored, SAVED_AT, initial)).toEqual(edit({ accountNumber: "999" }));
  });

  it("throws away a draft kept by an earlier version that holds a secret", () => {
    const old = JSON.stringify({ basedOn: SAVED_AT, ui: edit({ accountNumber: "999", apiKey: KEY, apiSecret: SECRET }) });
    expect(restoreDraft(account, old, SAVED_AT, initial)).toBeNull();
    const secretOnly = JSON.stringify({ basedOn: SAVED_AT, ui: edit({ apiSecret: SECRET }) });
    expect(restoreDraft(account, secretOnly, SAVED_AT, initial)).toBeNull();
  });

  it("restores an earlier version's draft whose secrets were left empty", () => {
    const old = JSON.stringify({ basedOn: SAVED_AT, ui: edit({ accountNumber: "999" }) });
    expect(restoreDraft(account, old, SAVED_AT, initial)).toEqual(edit({ accountNumber: "999" }));
  });

  it("throws away a draft made on another saved version, unreadable, misshapen or no different", () => {
    const stored = draftToKeep(account, SAVED_AT, edit({ accountNumber: "999" }), initial)!;
    expect(restoreDraft(account, stored, "2025-03-02T10:00:00.000Z", initial)).toBeNull();
    expect(restoreDraft(account, "{not json", SAVED_AT, initial)).toBeNull();
    expect(restoreDraft(account, JSON.stringify({ basedOn: SAVED_AT, ui: { values: { accountNumber: 5 } } }), SAVED_AT, initial)).toBeNull();
    expect(restoreDraft(account, JSON.stringify({ basedOn: SAVED_AT, ui: initial }), SAVED_AT, initial)).toBeNull();
  });
});

it("keeps each section of each shop's form apart", () => {
  expect(draftKey("demo.myshopify.com", "australia-post", "account")).toBe("seko-onboarding:demo.myshopify.com:australia-post:account");
});
