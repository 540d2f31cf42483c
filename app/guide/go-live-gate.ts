/**
 * Step 10, go-live, as pure rules: the gate that checks itself before "Go
 * live", the countdown to the agreed date, and the step's status. No I/O
 * (go-live.server.ts gathers the records; docs/test-returns.md).
 */
import { isComplete, type GuideStep, type StepFact } from "./progress";
import type { StepId } from "./steps";
import { EMPTY_GO_LIVE, type GoLiveRecord } from "~/launch/go-live-record";
import { SEKO_SYSTEM_NAMES, type SekoEnvironment, type SekoSystem } from "~/seko/config";
import { DEFAULT_DATE_SETTING, formatDate, type DateSetting } from "~/utils/format-date";

/** One stored SEKO key as the gate sees it (never the key): `checkedAt` is when SEKO last answered a check of it. */
export type SekoKeyCheck = { system: SekoSystem; environment: SekoEnvironment; status: string; checkedAt: string | null };

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
  /** The environment chosen in Settings and the stored keys (app/guide/progress-records.server.ts). */
  seko: { environment: SekoEnvironment; connections: SekoKeyCheck[] };
  record: GoLiveRecord;
  now: Date;
  /** The shop's date setting, for the proposed day ("Proposed 10 Dec 2026"); en-GB when not given. */
  dates?: DateSetting;
};

/** `advisory`: shown with the checks but never holds "Go live" (the customer-accounts item: not every store can have it). */
export type GateItem = { id: string; label: string; done: boolean; missing?: string; url: string; advisory?: boolean };

/** How long the order sync may go without a webhook or a reconciliation before it counts as stalled. */
export const SYNC_STALE_HOURS = 48;

/** How recently SEKO must have accepted a Production key for it to count at go-live. */
export const SEKO_CHECK_FRESH_DAYS = 7;

/** The systems live returns run through: labels from OmniReturns, orders and tracking in OmniRPS (docs/seko.md, "Systems"). */
const LIVE_SYSTEMS: SekoSystem[] = ["omnireturns", "omnirps"];

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

function keys(systems: SekoSystem[]) {
  return `${list(systems.map((system) => SEKO_SYSTEM_NAMES[system]))} Production key${systems.length > 1 ? "s" : ""}`;
}

/**
 * What keeps the shop off live SEKO keys: step 3 counts Test keys as done
 * until Production is chosen, so the gate asks for Production itself, with an
 * OmniReturns and an OmniRPS key SEKO accepted there within the last
 * SEKO_CHECK_FRESH_DAYS days. Empty when nothing is missing.
 */
export function productionKeyProblems({ environment, connections }: GateInput["seko"], now: Date): string[] {
  const key = (system: SekoSystem) => connections.find((connection) => connection.system === system && connection.environment === "production");
  const fresh = (checkedAt: string | null) => checkedAt !== null && hoursSince(checkedAt, now) <= SEKO_CHECK_FRESH_DAYS * 24;
  const absent = LIVE_SYSTEMS.filter((system) => !key(system));
  const failed = LIVE_SYSTEMS.filter((system) => key(system)?.status === "failed");
  const stale = LIVE_SYSTEMS.filter((system) => {
    const found = key(system);
    return found !== undefined && found.status !== "failed" && !(found.status === "connected" && fresh(found.checkedAt));
  });
  return [
    environment === "production" ? "" : "SEKO is set to Test in Settings: switch it to Production",
    absent.length ? `connect the ${keys(absent)}` : "",
    failed.length ? `the ${keys(failed)} failed ${failed.length > 1 ? "their" : "its"} last check: replace ${failed.length > 1 ? "them" : "it"}` : "",
    stale.length ? `check the ${keys(stale)} again: SEKO has not accepted ${stale.length > 1 ? "them" : "it"} in the last ${SEKO_CHECK_FRESH_DAYS} days` : "",
  ].filter(Boolean);
}

function sentence(parts: string[]) {
  const text = parts.join("; ");
  return text ? `${text.charAt(0).toUpperCase()}${text.slice(1)}.` : undefined;
}

/** Everything that must hold before returns go live; each item says what is missing and where to fix it. */
export function goLiveGate(input: GateInput): GateItem[] {
  const { steps, sync, countries, testedCountries, templateCountries, storefrontLive, seko, record, now, dates = DEFAULT_DATE_SETTING } = input;
  const open = steps.filter((step) => BEFORE.includes(step.id) && !step.optional && !isComplete(step.status));
  const freshest = Math.min(hoursSince(sync.lastReconciledAt, now), hoursSince(sync.lastWebhookAt, now));
  const syncOk = sync.status !== "failed" && sync.status !== null && sync.status !== "idle" && freshest <= SYNC_STALE_HOURS;
  const untested = countries.filter((country) => !testedCountries.includes(country));
  const untemplated = templateCountries === null ? null : countries.filter((country) => !templateCountries.includes(country));
  const keyProblems = productionKeyProblems(seko, now);
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
      id: "seko-production",
      label: "SEKO Production keys",
      done: keyProblems.length === 0,
      missing: sentence(keyProblems),
      url: "/app/settings",
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
      missing: record.agreedDate ? undefined : record.proposedDate ? `Proposed ${formatDate(record.proposedDate, "date", dates)}: waiting for SEKO to confirm.` : "Propose a go-live date.",
      url: "/app/steps/go-live#date",
    },
  ];
}

/** Whole days from `now` to the agreed date, in the calendar of `timeZone` (the shop's); negative once it has passed, null without a date. */
export function daysUntil(date: string | null, now: Date, timeZone = DEFAULT_DATE_SETTING.timeZone): number | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round((day(date) - day(calendarDay(now, timeZone))) / 86_400_000);
}

/** `now`'s day ("2026-12-06") where the shop is; UTC when Intl refuses the zone. */
function calendarDay(now: Date, timeZone: string) {
  const parts = (zone: string) => new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  let found: Intl.DateTimeFormatPart[];
  try {
    found = parts(timeZone);
  } catch {
    found = parts("UTC");
  }
  const part = (type: string) => found.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

export function countdownText(days: number | null) {
  if (days === null) return null;
  if (days > 1) return `${days} days to go-live`;
  if (days === 1) return "Go-live is tomorrow";
  if (days === 0) return "Go-live is today";
  return `The agreed date passed ${-days} day${days === -1 ? "" : "s"} ago`;
}

/** Step 10: done once "Go live" was recorded; otherwise where the date stands (days and the day in the shop's `dates` setting). */
export function goLiveFact(record: GoLiveRecord, now: Date, dates: DateSetting = DEFAULT_DATE_SETTING): StepFact {
  if (record.liveAt) return { status: "done", completedAt: record.liveAt, completedBy: record.liveBy ?? undefined, note: `Live since ${formatDate(record.liveAt, "date", dates)}.` };
  if (record.agreedDate)
    return { status: "in_progress", note: `${countdownText(daysUntil(record.agreedDate, now, dates.timeZone))} (${formatDate(record.agreedDate, "date", dates)}, agreed with SEKO).` };
  if (record.proposedDate)
    return { status: "waiting_on_seko", since: record.proposedDate, note: `Go-live date ${formatDate(record.proposedDate, "date", dates)} proposed: waiting for SEKO to confirm.` };
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
    // Only the steps and the sync are read below; the keys' own health is step 3's.
    seko: { environment: "production", connections: [] },
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
