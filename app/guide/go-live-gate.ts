/**
 * Step 10, go-live, as pure rules: the gate that checks itself before "Go
 * live", the countdown to the agreed date, and the step's status. No I/O
 * (go-live.server.ts gathers the records; docs/test-returns.md).
 */
import { isComplete, type GuideStep, type StepFact } from "./progress";
import type { StepId } from "./steps";
import { EMPTY_GO_LIVE, type GoLiveRecord } from "~/launch/go-live-record";

export type GateInput = {
  /** Steps 1-9 as the guide has them. */
  steps: Pick<GuideStep, "id" | "number" | "title" | "status" | "optional">[];
  sync: { status: string | null; lastReconciledAt: string | null; lastWebhookAt: string | null };
  /** Offered countries, and those with a labelled test return. */
  countries: string[];
  testedCountries: string[];
  /** Countries with a label email template (step 7); null while the app cannot tell. */
  templateCountries: string[] | null;
  /** Whether the live theme carries the returns link (embed switched on or block placed; shown once live), as App Bridge reported; null when not asked. */
  storefrontLive: boolean | null;
  record: GoLiveRecord;
  now: Date;
};

/** `advisory`: shown with the checks but never holds "Go live" (the customer-accounts item: not every store can have it). */
export type GateItem = { id: string; label: string; done: boolean; missing?: string; url: string; advisory?: boolean };

/** How long the order sync may go without a webhook or a reconciliation before it counts as stalled. */
export const SYNC_STALE_HOURS = 48;

const BEFORE: StepId[] = ["onboarding-form", "contracts", "seko-accounts", "australia-returns", "integration", "system-access", "label-email", "notifications", "test-returns"];

const STEP_URLS: Partial<Record<StepId, string>> = {
  "onboarding-form": "/app/steps/onboarding-form",
  contracts: "/app/steps/contracts",
  "seko-accounts": "/app/settings",
  "australia-returns": "/app/steps/australia-returns",
  integration: "/app/integration",
  "system-access": "/app/steps/system-access",
  "test-returns": "/app/steps/test-returns",
};

function hoursSince(iso: string | null, now: Date) {
  return iso ? (now.getTime() - new Date(iso).getTime()) / 3_600_000 : Infinity;
}

function list(values: string[]) {
  return values.length > 1 ? `${values.slice(0, -1).join(", ")} and ${values[values.length - 1]}` : (values[0] ?? "");
}

/** Everything that must hold before returns go live; each item says what is missing and where to fix it. */
export function goLiveGate(input: GateInput): GateItem[] {
  const { steps, sync, countries, testedCountries, templateCountries, storefrontLive, record, now } = input;
  const open = steps.filter((step) => BEFORE.includes(step.id) && !step.optional && !isComplete(step.status));
  const freshest = Math.min(hoursSince(sync.lastReconciledAt, now), hoursSince(sync.lastWebhookAt, now));
  const syncOk = sync.status !== "failed" && sync.status !== null && sync.status !== "idle" && freshest <= SYNC_STALE_HOURS;
  const untested = countries.filter((country) => !testedCountries.includes(country));
  const untemplated = templateCountries === null ? null : countries.filter((country) => !templateCountries.includes(country));
  return [
    {
      id: "steps",
      label: "Every earlier step done or not needed",
      done: open.length === 0,
      missing: open.length ? `Still open: ${open.map((step) => `${step.number}. ${step.title}`).join(", ")}.` : undefined,
      url: (open[0] && STEP_URLS[open[0].id]) ?? "/app",
    },
    {
      id: "sync",
      label: "Order sync healthy",
      done: syncOk,
      missing: syncOk ? undefined : sync.status === "failed" ? "The order sync stopped with an error." : `No order update or reconciliation in the last ${SYNC_STALE_HOURS} hours.`,
      url: "/app/integration",
    },
    {
      id: "templates",
      label: "A label email for every country offered",
      done: untemplated !== null && untemplated.length === 0 && countries.length > 0,
      missing: untemplated === null ? "The label emails (step 7) cannot be checked yet." : untemplated.length ? `No label email renders for ${list(untemplated)}.` : undefined,
      url: "/app/steps/label-email",
    },
    {
      id: "tested",
      label: "A passing test return from every country offered",
      done: countries.length > 0 && untested.length === 0,
      missing: countries.length === 0 ? "Step 1 lists no return countries." : untested.length ? `No labelled test return from ${list(untested)}.` : undefined,
      url: "/app/steps/test-returns#create",
    },
    {
      id: "storefront",
      label: "The returns link placed in your live theme",
      done: storefrontLive === true,
      missing: storefrontLive === null ? "Your live theme has not been checked yet." : storefrontLive ? undefined : "Your live theme has no returns link: switch the app embed on or add the block.",
      url: "/app/storefront",
    },
    {
      id: "sop",
      label: "Customer-service procedure acknowledged",
      done: Boolean(record.sopAckAt),
      missing: record.sopAckAt ? undefined : "Read SEKO's customer-service procedure and acknowledge it.",
      url: "/app/steps/go-live#procedure",
    },
    {
      id: "date",
      label: "Go-live date agreed with SEKO",
      done: Boolean(record.agreedDate),
      missing: record.agreedDate ? undefined : record.proposedDate ? `Proposed ${record.proposedDate}: waiting for SEKO to confirm.` : "Propose a go-live date.",
      url: "/app/steps/go-live#date",
    },
  ];
}

/** Whole days from `now` to the agreed date (UTC calendar days); negative once it has passed, null without a date. */
export function daysUntil(date: string | null, now: Date): number | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const target = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((target - today) / 86_400_000);
}

export function countdownText(days: number | null) {
  if (days === null) return null;
  if (days > 1) return `${days} days to go-live`;
  if (days === 1) return "Go-live is tomorrow";
  if (days === 0) return "Go-live is today";
  return `The agreed date passed ${-days} day${days === -1 ? "" : "s"} ago`;
}

/** Step 10: done once "Go live" was recorded; otherwise where the date stands. */
export function goLiveFact(record: GoLiveRecord, now: Date): StepFact {
  if (record.liveAt) return { status: "done", completedAt: record.liveAt, completedBy: record.liveBy ?? undefined, note: `Live since ${record.liveAt.slice(0, 10)}.` };
  if (record.agreedDate) return { status: "in_progress", note: `${countdownText(daysUntil(record.agreedDate, now))} (${record.agreedDate}, agreed with SEKO).` };
  if (record.proposedDate) return { status: "waiting_on_seko", since: record.proposedDate, note: `Go-live date ${record.proposedDate} proposed: waiting for SEKO to confirm.` };
  return { status: "not_started" };
}

/** The reason setup health gives when the live theme lost the returns link. */
export const STOREFRONT_LINK_GONE = "The returns link is no longer in your live theme.";

/**
 * After go-live, what no longer holds of what the gate checked: an earlier
 * step reopened, the order sync failed or stalled, the returns link gone from
 * the live theme (as the admin's App Bridge last reported it; null when no
 * admin page has asked since). Empty while everything holds.
 */
export function liveHealth(input: Pick<GateInput, "steps" | "sync" | "now"> & { storefrontPlaced?: boolean | null }): string[] {
  const items = goLiveGate({
    ...input,
    countries: [],
    testedCountries: [],
    templateCountries: [],
    storefrontLive: true,
    record: { ...EMPTY_GO_LIVE, agreedDate: "live", sopAckAt: "live" },
  });
  const reasons = items.filter((item) => (item.id === "steps" || item.id === "sync") && !item.done).map((item) => item.missing ?? item.label);
  return input.storefrontPlaced === false ? [...reasons, STOREFRONT_LINK_GONE] : reasons;
}

/** Step 10 once live but something stopped holding: reopened with the reasons (Home shows them in a banner). */
export function withHealth(fact: StepFact, reasons: string[]): StepFact {
  if (fact.status !== "done" || reasons.length === 0) return fact;
  return { ...fact, status: "in_progress", reopened: `returns are live, but ${reasons.map((reason) => reason.charAt(0).toLowerCase() + reason.slice(1).replace(/\.$/, "")).join("; ")}` };
}
