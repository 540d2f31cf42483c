/**
 * Step 9, test returns, as pure rules: the form that creates a test return (checked
 * against the shop's return settings, app/return-settings/return-settings.ts), the checklist that ticks itself from the test
 * returns made, the status timeline, and the label-cost arithmetic. No I/O
 * (test-returns.server.ts reads and writes; docs/test-returns.md).
 */
import { z } from "zod";
import type { FeeRow } from "~/forms/answers";
import type { ReturnSettings } from "~/return-settings/return-settings";
import { advance, isReturnStatusCode, RETURN_STATUSES, type ReturnStatusCode } from "~/seko/return-statuses";

// ---------- the form ----------

export const MAX_RETURN_ITEMS = 50;

/** Per order line, the quantity already in the order's open (not voided) test returns. */
export type ReturnedQuantities = Record<string, number>;

/** The states whose items are still out: every test return but a voided one holds its items. */
export const holdsItems = (state: string) => state !== "voided";

/** What is already in the open test returns of one order, line by line. */
export function returnedQuantities(returns: { state: string; items: { lineItemId: string; quantity: number }[] }[]): ReturnedQuantities {
  const returned: ReturnedQuantities = {};
  for (const item of returns.filter((row) => holdsItems(row.state)).flatMap((row) => row.items)) {
    returned[item.lineItemId] = (returned[item.lineItemId] ?? 0) + (Number.isFinite(item.quantity) ? item.quantity : 0);
  }
  return returned;
}

/** Why a quantity beyond what is left cannot be returned: the order's quantity, or what open test returns already hold. */
function tooMany(ordered: number, returned: number) {
  const left = Math.max(0, ordered - returned);
  if (!returned) return `At most ${ordered} can be returned`;
  if (!left) return `Already in an open test return of this order: void its label to return it again, or choose another item.`;
  return `${returned} already in an open test return of this order: at most ${left} more can be returned`;
}

/**
 * The posted items beyond what is left of their line once the order's open test returns are
 * counted, by form field (`items[i].quantity`) with why; empty when every item is free.
 */
export function itemsAlreadyReturned(order: { lines: { id: string; quantity: number }[] }, items: { lineItemId: string; quantity: number }[], returned: ReturnedQuantities) {
  const quantities = new Map(order.lines.map((line) => [line.id, line.quantity]));
  const errors: Record<string, string[]> = {};
  items.forEach((item, index) => {
    const ordered = quantities.get(item.lineItemId) ?? 0;
    const held = returned[item.lineItemId] ?? 0;
    if (item.quantity > 0 && item.quantity > ordered - held) errors[`items[${index}].quantity`] = [tooMany(ordered, held)];
  });
  return errors;
}

/**
 * The create form, checked against the shop's configuration and the order's own lines,
 * less what the order's open test returns already hold (`returned`).
 */
export function testReturnSchema(config: ReturnSettings, order: { lines: { id: string; quantity: number }[] }, returned: ReturnedQuantities = {}) {
  const lineIds = new Set(order.lines.map((line) => line.id));
  const quantities = new Map(order.lines.map((line) => [line.id, line.quantity]));
  return z
    .object({
      orderId: z.string().min(1, "Choose an order"),
      reason: z.string().refine((value) => config.reasons.includes(value), "Choose one of the return reasons from step 1"),
      returnOption: z.string().refine((value) => config.options.includes(value), "Choose one of the return options from step 1"),
      originCountry: z.string().refine((value) => config.fees.some((row) => row.country === value), "Choose a country returns are offered from"),
      items: z.array(z.object({ lineItemId: z.string(), quantity: z.number({ error: "Enter a quantity" }).int("Enter a whole number").min(0, "Enter 0 or more") })).max(MAX_RETURN_ITEMS),
    })
    .superRefine((value, context) => {
      value.items.forEach((item, index) => {
        if (!lineIds.has(item.lineItemId)) context.addIssue({ code: "custom", path: ["items", index, "lineItemId"], message: "This item is not on the order" });
        else {
          const ordered = quantities.get(item.lineItemId) ?? 0;
          const held = returned[item.lineItemId] ?? 0;
          if (item.quantity > 0 && item.quantity > ordered - held) context.addIssue({ code: "custom", path: ["items", index, "quantity"], message: tooMany(ordered, held) });
        }
      });
      if (!value.items.some((item) => item.quantity > 0)) context.addIssue({ code: "custom", path: ["items"], message: "Return at least one item" });
    });
}

// ---------- decisions on held returns ----------

export const DECISIONS = {
  accept_paid: { label: "Accept with a paid label", printsLabel: true },
  accept_free: { label: "Accept with a free label", printsLabel: true },
  accept_no_label: { label: "Accept with no label (goods not needed back)", printsLabel: false },
  reject: { label: "Reject", printsLabel: false },
} as const;
export type Decision = keyof typeof DECISIONS;
export const decisionSchema = z.enum(Object.keys(DECISIONS) as [Decision, ...Decision[]], "Choose a decision");

export type TestReturnState = "on_hold" | "labelled" | "no_label" | "rejected" | "failed" | "voided";

export const STATE_LABELS: Record<TestReturnState, string> = {
  on_hold: "On hold for review",
  labelled: "Label created",
  no_label: "Accepted, no label",
  rejected: "Rejected",
  failed: "Label failed",
  voided: "Label voided",
};

/**
 * The status a return's page shows: a labelled return is where its timeline is (SEKO's latest
 * status, `timeline(...).current`); before any event, and in every other state, the state itself.
 */
export function currentStatusLabel(state: TestReturnState, current: ReturnStatusCode | null): string {
  return state === "labelled" && current ? RETURN_STATUSES[current].label : (STATE_LABELS[state] ?? state);
}

// ---------- the checklist ----------

/** One test return as the rules see it. */
export type TestReturnFact = {
  originCountry: string;
  reason: string;
  needsReview: boolean;
  state: TestReturnState;
  decision: string | null;
  decidedBy: string | null;
  /** A label was created for it (voided later or not). */
  labelled: boolean;
  /** The furthest tracking status SEKO reported for its label. */
  status: string | null;
  createdAt: string;
  createdBy: string;
};

export type LabelCostConfirmation = { version: number; confirmedAt: string; confirmedBy: string; countries: string[] };

export type TestReturnsInput = {
  config: ReturnSettings;
  returns: TestReturnFact[];
  labelCosts: LabelCostConfirmation | null;
};

export type ChecklistItem = {
  id: "countries" | "reasons" | "faulty" | "label-costs";
  label: string;
  done: boolean;
  /** What is missing, in words; absent when done. */
  missing?: string;
  /** Where to go to do it. */
  url: string;
  /** The checklist lists it only when it applies (the faulty flow only when reasons need review). */
  applies: boolean;
};

const CREATE_URL = "/app/steps/test-returns#create";
const COSTS_URL = "/app/steps/test-returns/label-costs";
const STEP1_URL = "/app/steps/onboarding-form";

function list(values: string[]) {
  return values.length > 1 ? `${values.slice(0, -1).join(", ")} and ${values[values.length - 1]}` : (values[0] ?? "");
}

/**
 * What step 9 asks for, ticked from the test returns themselves: a labelled
 * return from every country returns are offered from, every configured reason
 * used, a held return decided when some reasons need review, and the label
 * costs confirmed for the countries offered now.
 */
export function testReturnsChecklist({ config, returns, labelCosts }: TestReturnsInput): ChecklistItem[] {
  const countries = config.fees.map((row) => row.country);
  const labelledFrom = new Set(returns.filter((item) => item.labelled).map((item) => item.originCountry));
  const countriesLeft = countries.filter((country) => !labelledFrom.has(country));
  const used = new Set(returns.map((item) => item.reason.toLowerCase()));
  const reasonsLeft = config.reasons.filter((reason) => !used.has(reason.toLowerCase()));
  const faultyApplies = config.reviewReasons.length > 0;
  const decided = returns.some((item) => item.needsReview && item.decision !== null);
  const held = returns.some((item) => item.needsReview && item.decision === null);
  const unconfirmed = labelCosts ? countries.filter((country) => !labelCosts.countries.includes(country)) : countries;

  return [
    {
      id: "countries",
      label: "A test return from every country you offer returns from",
      done: countries.length > 0 && countriesLeft.length === 0,
      missing: countries.length === 0 ? "Step 1 lists no return countries yet." : countriesLeft.length ? `No label yet from ${list(countriesLeft)}.` : undefined,
      url: countries.length === 0 ? STEP1_URL : CREATE_URL,
      applies: true,
    },
    {
      id: "reasons",
      label: "Every return reason used",
      done: config.reasons.length > 0 && reasonsLeft.length === 0,
      missing: config.reasons.length === 0 ? "Step 1 lists no return reasons yet." : reasonsLeft.length ? `Not used yet: ${list(reasonsLeft)}.` : undefined,
      url: config.reasons.length === 0 ? STEP1_URL : CREATE_URL,
      applies: true,
    },
    {
      id: "faulty",
      label: "The faulty-item flow: a held return reviewed",
      done: !faultyApplies || decided,
      missing: !faultyApplies || decided ? undefined : held ? "A return is on hold: accept or reject it." : `Create a return with ${list(config.reviewReasons)} and decide on it.`,
      url: CREATE_URL,
      applies: faultyApplies,
    },
    {
      id: "label-costs",
      label: "Label cost by country confirmed",
      done: countries.length > 0 && unconfirmed.length === 0,
      missing:
        countries.length === 0
          ? "Step 1 lists no return countries yet."
          : !labelCosts
            ? "Check SEKO's rates and confirm the table."
            : unconfirmed.length
              ? `Confirm again: ${list(unconfirmed)} ${unconfirmed.length === 1 ? "is" : "are"} not in the confirmed table.`
              : undefined,
      url: countries.length === 0 ? STEP1_URL : COSTS_URL,
      applies: true,
    },
  ];
}

// ---------- the timeline ----------

export type TimelineEvent = { code: string; label: string; kind: string; eventAt: string; receivedAt: string };

export type Timeline = {
  /** The return's status after every event, by tracking.ts `advance` (never backwards). */
  current: ReturnStatusCode | null;
  /** The statuses in the order a return moves through them, with the first time each was reported. */
  track: { code: ReturnStatusCode; label: string; reachedAt: string | null }[];
  /** Every event, oldest first: by SEKO's event time, then the status order, then arrival. */
  events: TimelineEvent[];
};

const rankOf = (code: string) => (isReturnStatusCode(code) ? RETURN_STATUSES[code].order : 99);

export function timeline(events: TimelineEvent[]): Timeline {
  const sorted = [...events].sort((a, b) => a.eventAt.localeCompare(b.eventAt) || rankOf(a.code) - rankOf(b.code) || a.receivedAt.localeCompare(b.receivedAt));
  let current: ReturnStatusCode | null = null;
  const reached = new Map<string, string>();
  for (const event of sorted) {
    current = advance(current, event.code);
    if (isReturnStatusCode(event.code) && !reached.has(event.code)) reached.set(event.code, event.eventAt);
  }
  const codes = (Object.keys(RETURN_STATUSES) as ReturnStatusCode[]).filter((code) => code !== "RR" || reached.has("RR"));
  return {
    current,
    track: codes.map((code) => ({ code, label: RETURN_STATUSES[code].label, reachedAt: reached.get(code) ?? null })),
    events: sorted,
  };
}

// ---------- label cost by country ----------

export type LabelCostInput = {
  fee: FeeRow;
  /** SEKO's cheapest available rate for the parcel from this country, or null when none came back. */
  rate: { cost: number; carrierName: string; deliveryType: string } | null;
  rateError?: string;
  /** The currency SEKO's rates are in (SEKO's answer names none: the account's currency is assumed). */
  rateCurrency: string;
};

export type LabelCostRow = {
  country: string;
  paidBy: FeeRow["paidBy"];
  rate: LabelCostInput["rate"];
  rateCurrency: string;
  customerPrice: number | null;
  customerCurrency: string;
  /** What each return costs the merchant: the rate, less what the customer pays. Null without a rate. */
  effectiveCost: number | null;
  warnings: string[];
};

const cents = (value: number) => Math.round(value * 100) / 100;

export function labelCostRow({ fee, rate, rateError, rateCurrency }: LabelCostInput): LabelCostRow {
  const customerPrice = fee.paidBy === "customer" ? (fee.amount ?? 0) : null;
  const warnings: string[] = [];
  let effectiveCost: number | null = null;
  if (!rate) {
    warnings.push(rateError ? `No rate from SEKO: ${rateError}` : "No rate from SEKO for this country.");
  } else if (customerPrice === null) {
    effectiveCost = cents(rate.cost);
  } else if (!fee.currency) {
    // Step 1's answers are stored JSON: a price without its currency is never compared with the rate.
    warnings.push(`The customer's price (${customerPrice.toFixed(2)}) has no currency in step 1: set it there to compare it with SEKO's rate (${rate.cost.toFixed(2)} ${rateCurrency}).`);
  } else if (fee.currency !== rateCurrency) {
    warnings.push(`The customer pays in ${fee.currency} and SEKO's rate is in ${rateCurrency}: compare them by hand.`);
  } else {
    effectiveCost = cents(rate.cost - customerPrice);
    // Both figures are in the same currency here; each still names it, like every money figure on the page.
    if (customerPrice < rate.cost) warnings.push(`The customer pays ${customerPrice.toFixed(2)} ${fee.currency}, less than the label costs (${rate.cost.toFixed(2)} ${rateCurrency}).`);
  }
  return { country: fee.country, paidBy: fee.paidBy, rate, rateCurrency, customerPrice, customerCurrency: fee.currency, effectiveCost, warnings };
}

/** The parcel the rates are asked for. */
export const parcelSchema = z.object({
  length: z.number({ error: "Enter a length" }).positive("Enter more than 0").max(300, "Enter 300 cm or less"),
  width: z.number({ error: "Enter a width" }).positive("Enter more than 0").max(300, "Enter 300 cm or less"),
  height: z.number({ error: "Enter a height" }).positive("Enter more than 0").max(300, "Enter 300 cm or less"),
  kg: z.number({ error: "Enter a weight" }).positive("Enter more than 0").max(70, "Enter 70 kg or less"),
});
export type Parcel = z.infer<typeof parcelSchema>;

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  const sorted = values.filter((value) => Number.isFinite(value) && value > 0).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A satchel-sized default when the orders say nothing about weight. */
export const DEFAULT_PARCEL: Parcel = { length: 30, width: 25, height: 10, kg: 1 };
