/**
 * Completion rules: each step's status read from the records that prove it,
 * never from a box someone ticked. Pure; guide.server.ts gathers the records.
 */
import { allAnswers, hasAnyAnswer, openQuestions, type FormState } from "~/forms/answers";
import { returnSettings } from "~/return-settings/return-settings";
import type { StepFact } from "./progress";
import type { SubmissionFact } from "~/outbox/submission";
import type { SignatureFact } from "~/contracts/documents";
import { testReturnsChecklist, type TestReturnsInput } from "~/test-returns/test-returns";
import type { TemplateHandoverFact } from "~/notifications/handovers";
import { FORMS, type FormId } from "~/forms/questions";
import type { MemberStatus } from "~/team/members";
import { SEKO_ENVIRONMENTS, SEKO_SYSTEM_NAMES, SEKO_SYSTEMS, type SekoEnvironment, type SekoSystem } from "~/seko/config";
import type { IntegrationRecords } from "~/shopify/sync-view.server";

export type QuestionnaireFacts = { formId: FormId; state: FormState; latest?: SubmissionFact; editedSinceSubmission: boolean };

function deliveryNote(latest: SubmissionFact) {
  return latest.deliveryStatus === "failed" ? `Not delivered to SEKO yet: ${latest.deliveryError ?? "the email failed"}. The app keeps retrying.` : "Submitted; the app is sending it to SEKO.";
}

/**
 * A questionnaire is done once a submitted version reached SEKO; "submitted"
 * while that delivery is still pending or failing.
 */
export function questionnaireFact({ formId, state, latest, editedSinceSubmission }: QuestionnaireFacts): StepFact {
  if (latest) {
    const open = openQuestions(FORMS[formId], state).length;
    const notes = [
      editedSinceSubmission ? "Edited since the last submission: submit again to send SEKO the changes." : "",
      open ? `${open} question${open === 1 ? "" : "s"} left for your account manager.` : "",
    ].filter(Boolean);
    if (latest.deliveryStatus === "sent") {
      return {
        status: "done",
        completedBy: latest.submittedBy,
        completedAt: latest.deliveredAt ?? latest.submittedAt,
        note: notes.join(" ") || undefined,
      };
    }
    return { status: "submitted", since: latest.submittedAt, note: deliveryNote(latest) };
  }
  return { status: hasAnyAnswer(state) ? "in_progress" : "not_started" };
}

/** Contracts: the credit application reached SEKO and every required document is signed in its current version. */
export function contractsFact(credit: QuestionnaireFacts, documents: SignatureFact[]): StepFact {
  const application = questionnaireFact(credit);
  const unsigned = documents.filter((document) => !document.signedBy);
  if (application.status === "done" && unsigned.length === 0) {
    const times = [application.completedAt ?? "", ...documents.map((document) => document.signedAt ?? "")].sort();
    return { status: "done", completedBy: application.completedBy, completedAt: times[times.length - 1], note: application.note };
  }
  const started = application.status !== "not_started" || documents.some((document) => document.signedBy);
  const waitingFor = [application.status === "done" || application.status === "submitted" ? "" : "the credit application", ...unsigned.map((document) => `the ${document.title}`)].filter(Boolean);
  if (application.status === "submitted" && unsigned.length === 0) return application;
  if (!started) return { status: "not_started" };
  return { status: "in_progress", note: waitingFor.length ? `Still to do: ${waitingFor.join(", ")}.` : application.note };
}

/** One stored SEKO key as the rule sees it: never the key. */
export type ConnectionFact = {
  system: SekoSystem;
  environment: SekoEnvironment;
  status: "unchecked" | "connected" | "failed";
  /** When this key was first stored (a re-check does not move it). */
  connectedAt: string;
  lastError: string | null;
};

/** An activity-log entry naming a SEKO system; `by` is already the staff label. */
export type ConnectionEvent = { action: string; detail: string | null; by: string; at: string };

export type SekoAccountsFacts = {
  /** The environment chosen in Settings: only its keys count. */
  environment: SekoEnvironment;
  connections: ConnectionFact[];
  events?: ConnectionEvent[];
  handedOverAt?: string;
};

const ENVIRONMENT_LABEL: Record<SekoEnvironment, string> = { test: "Test", production: "Production" };

/**
 * Whether an activity entry records `system`'s key being connected in
 * `environment`. The log is prose written where the key is stored
 * ("Connected OmniRPS (Production)"), so this reads the action loosely; an
 * action naming no environment is taken to mean either.
 */
export function recordsConnection(event: ConnectionEvent, system: SekoSystem, environment: SekoEnvironment): boolean {
  const action = event.action.toLowerCase();
  if (!/\bconnected\b/.test(action) || !action.includes(SEKO_SYSTEM_NAMES[system].toLowerCase())) return false;
  const named = SEKO_ENVIRONMENTS.filter((candidate) => new RegExp(`\\b${candidate}\\b`).test(action));
  return named.length === 0 || named.includes(environment);
}

function names(systems: SekoSystem[], conjunction = "and") {
  const unique = SEKO_SYSTEMS.filter((system) => systems.includes(system)).map((system) => SEKO_SYSTEM_NAMES[system]);
  return unique.length > 1 ? `${unique.slice(0, -1).join(", ")} ${conjunction} ${unique[unique.length - 1]}` : (unique[0] ?? "");
}

/** Why a step 3 that was done no longer is, from what is left of its keys; undefined when it never was. */
function sekoReopened({ environment, connections, events = [] }: SekoAccountsFacts): string | undefined {
  const here = connections.filter((connection) => connection.environment === environment);
  const failed = here.filter((connection) => connection.status === "failed");
  if (failed.length) {
    const [first] = failed;
    const plural = failed.length > 1;
    return `the ${names(failed.map((connection) => connection.system))} key${plural ? "s" : ""} failed ${plural ? "their" : "its"} last check${first!.lastError && !plural ? `: ${first!.lastError}` : ""}`;
  }
  const elsewhere = connections.filter((connection) => connection.environment !== environment && connection.status === "connected");
  if (elsewhere.length) {
    return `no ${ENVIRONMENT_LABEL[environment]} connection to ${names(
      elsewhere.map((connection) => connection.system),
      "or",
    )} yet`;
  }
  const removed = SEKO_SYSTEMS.filter((system) => !here.some((connection) => connection.system === system) && events.some((event) => recordsConnection(event, system, environment)));
  if (removed.length) return `the ${names(removed)} key${removed.length > 1 ? "s were" : " was"} removed`;
  return undefined;
}

/**
 * SEKO sets the accounts up, the merchant connects their keys: done while a
 * key SEKO accepted is connected in the chosen environment (production once
 * chosen), credited to whoever the activity log says connected it. Otherwise
 * waiting on SEKO from the moment steps 1 and 2 reached SEKO, or reopened
 * with the reason when a key that counted is gone, failing or in the other
 * environment.
 */
export function sekoAccountsFact(input: SekoAccountsFacts): StepFact {
  const { environment, connections, events = [], handedOverAt } = input;
  const counting = connections.filter((connection) => connection.environment === environment && connection.status === "connected").sort((a, b) => a.connectedAt.localeCompare(b.connectedAt));
  const first = counting[0];
  if (first) {
    const by = events.filter((event) => recordsConnection(event, first.system, environment)).sort((a, b) => b.at.localeCompare(a.at))[0]?.by;
    return {
      status: "done",
      completedBy: by,
      completedAt: first.connectedAt,
      note: `Connected to ${names(counting.map((connection) => connection.system))} (${ENVIRONMENT_LABEL[environment]}).`,
    };
  }
  const reopened = sekoReopened(input);
  if (reopened) return { status: "in_progress", reopened };
  if (handedOverAt) {
    return { status: "waiting_on_seko", since: handedOverAt, note: "SEKO is setting up your OmniReturns and OmniRPS accounts." };
  }
  return { status: "not_started" };
}

/** Australia: not applicable when AU returns are not offered or do not use the merchant's own account. */
export function australiaFact(onboarding: FormState, australia: QuestionnaireFacts): StepFact {
  const { countries } = returnSettings(onboarding);
  if (countries.length && !countries.includes("AU")) {
    return { status: "not_applicable", note: "You do not offer returns from Australia." };
  }
  const answer = allAnswers(australia.state).useOwnAccount;
  if (answer === "no") {
    const savedBy = australia.state.choice?.savedBy;
    return { status: "not_applicable", completedBy: savedBy, completedAt: australia.state.choice?.savedAt, note: "SEKO's own carrier account is used for Australian labels." };
  }
  return questionnaireFact(australia);
}

export type MemberFact = {
  status: MemberStatus;
  requestedAt: string | null;
  createdInSekoAt: string | null;
  name: string;
  /** When the member was put on the list; without it a reopened step cannot be told from one in progress. */
  addedAt?: string;
};

function count(n: number, noun: string) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * The members who joined the list after it was last complete (every member on
 * it had a login), or none when it never was. Removed members are gone from
 * the list, so only the ones still on it are weighed.
 */
function addedAfterCompletion(members: MemberFact[]): MemberFact[] {
  const completions = members
    .map((member) => member.createdInSekoAt)
    .filter((at): at is string => Boolean(at))
    .filter((at) => members.every((member) => !member.addedAt || member.addedAt > at || (member.createdInSekoAt !== null && member.createdInSekoAt <= at)))
    .sort();
  const lastComplete = completions[completions.length - 1];
  if (!lastComplete) return [];
  return members.filter((member) => member.status !== "created" && member.addedAt && member.addedAt > lastComplete);
}

/** System access is done when SEKO created a login for every member on the list. */
export function systemAccessFact(members: MemberFact[]): StepFact {
  if (!members.length) return { status: "not_started" };
  const created = members.filter((member) => member.status === "created");
  if (created.length === members.length) {
    const last = created.map((member) => member.createdInSekoAt ?? "").sort()[created.length - 1];
    return { status: "done", completedAt: last || undefined, note: `${count(created.length, "login")} created.` };
  }
  const newcomers = addedAfterCompletion(members);
  const reopened = newcomers.length ? `${newcomers.map((member) => member.name).join(", ")} ${newcomers.length === 1 ? "was added and has" : "were added and have"} no SEKO login yet` : undefined;
  const drafts = members.filter((member) => member.status === "draft");
  const requested = members.filter((member) => member.status === "requested");
  const madeSoFar = created.length ? `${count(created.length, "login")} created` : "";
  if (drafts.length) {
    const waiting = `${count(drafts.length, "team member")} not requested yet.`;
    return { status: "in_progress", note: madeSoFar ? `${madeSoFar}; ${waiting}` : "Team members added but not yet requested.", reopened };
  }
  const since = requested.map((member) => member.requestedAt ?? "").sort()[0];
  const note = madeSoFar ? `${madeSoFar}, ${requested.length} still to come.` : `${count(requested.length, "login")} requested from SEKO.`;
  return { status: "waiting_on_seko", since, note, reopened };
}

/** What the rule reads, as plain data (built by app/shopify/sync-view.server.ts; a type only, no I/O here). */
export type IntegrationFacts = IntegrationRecords;

/**
 * Step 5 is done when the backfill finished, order webhooks are live (the
 * shop granted read_orders, which the subscriptions in shopify.app.toml
 * need), and SEKO has the integration summary (emailed, or handed over by the
 * merchant and confirmed). The records come from app/shopify/sync-view.server.ts.
 */
export function integrationFact({ sync, scopes, summary }: IntegrationFacts): StepFact {
  const backfilled = Boolean(sync?.finishedAt);
  const webhooksLive = scopes.includes("read_orders");
  const deliveredAt = summary?.deliveryStatus === "sent" ? summary.deliveredAt : (sync?.summaryConfirmedAt ?? null);
  if (sync?.finishedAt && webhooksLive && deliveredAt) {
    // ISO times: the later of the two in string order.
    const completedAt = [sync.finishedAt, deliveredAt].sort()[1]!;
    return { status: "done", completedAt, completedBy: summary?.submittedBy ?? sync.summaryConfirmedBy ?? undefined };
  }
  if (!sync || sync.status === "idle") return { status: "not_started" };
  const note =
    sync.status === "failed"
      ? `The order sync stopped: ${sync.lastError ?? "unknown error"}`
      : !backfilled
        ? "Importing your orders from Shopify"
        : !webhooksLive
          ? "Order updates need the read_orders access"
          : summary?.deliveryStatus === "failed"
            ? `The summary could not be emailed to SEKO: ${summary.deliveryError ?? "unknown error"}`
            : "Send the integration summary to SEKO to finish this step";
  return { status: "in_progress", note, since: sync.startedAt ?? undefined };
}

export type LabelEmailFacts = {
  /** The countries step 1 offers returns from; empty while unanswered. */
  countries: string[];
  /** Countries whose template (own or default) checks and renders cleanly. */
  rendering: string[];
  /** When a label-email template was last saved; null when none ever was (the defaults are used). */
  lastChangeAt: string | null;
  handover?: TemplateHandoverFact;
  /** Per country, why its email does not render or could not be read (the step page's reasons), so the note can say what to change. */
  problems?: Record<string, string[]>;
};

function list(items: string[]) {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}` : (items[0] ?? "");
}

/**
 * Step 7 is done when every country step 1 offers has a label email (its own
 * or the default) that renders cleanly, and SEKO received the set in a
 * hand-over made after its last change and naming every one of those countries.
 */
export function labelEmailFact({ countries, rendering, lastChangeAt, handover, problems = {} }: LabelEmailFacts): StepFact {
  if (!countries.length) return { status: "not_started", note: "Answer step 1's return countries first: each needs a label email." };
  const broken = countries.filter((country) => !rendering.includes(country));
  if (broken.length) {
    // The same reason (a step 1 colour every default email shares) is said once.
    const reasons = [...new Set(broken.flatMap((country) => problems[country] ?? []))];
    const why = reasons.length ? ` ${reasons.slice(0, 2).join(" ")}${reasons.length > 2 ? ` (${reasons.length - 2} more on the step's page)` : ""}` : "";
    return { status: "in_progress", note: `The label email for ${list(broken)} does not render: fix it before handing the set over.${why}` };
  }
  if (!handover) return { status: lastChangeAt ? "in_progress" : "not_started", note: "Check the emails, then hand them over to SEKO." };
  const missing = countries.filter((country) => !handover.covered.includes(country));
  const changed = lastChangeAt !== null && lastChangeAt > handover.submittedAt;
  if (missing.length || changed) {
    const reason = missing.length ? `${list(missing)} ${missing.length === 1 ? "was" : "were"} not in the set SEKO has` : "a template changed after the last hand-over";
    return handover.deliveryStatus === "sent"
      ? { status: "in_progress", reopened: reason, note: "Hand the emails over again so SEKO has the current set." }
      : { status: "in_progress", note: `Hand the emails over again: ${reason}.` };
  }
  if (handover.deliveryStatus !== "sent") return { status: "submitted", since: handover.submittedAt, note: deliveryNote(handover) };
  return {
    status: "done",
    completedBy: handover.submittedBy,
    completedAt: handover.deliveredAt ?? handover.submittedAt,
    note: `${countries.length} ${countries.length === 1 ? "country" : "countries"} covered.`,
  };
}

export type NotificationsFacts = {
  skipped?: { at: string; by: string };
  /** The statuses switched on. */
  enabled: string[];
  lastChangeAt: string | null;
  handover?: TemplateHandoverFact;
  /**
   * The statuses switched on whose email customers could not read, each with what
   * app/notifications/readability.ts says to change (a step 1 branding colour reaches
   * every default email, with no template saved).
   */
  unreadable?: { label: string; problems: string[] }[];
};

/**
 * Step 8 (optional) is done when SEKO received, after the last change, a
 * template for every status switched on, and customers can read each of them;
 * or the merchant skipped it.
 */
export function notificationsFact({ skipped, enabled, lastChangeAt, handover, unreadable = [] }: NotificationsFacts): StepFact {
  if (skipped) return { status: "skipped", completedBy: skipped.by, completedAt: skipped.at, note: "Skipped: SEKO sends no tracking emails to your customers." };
  if (!enabled.length)
    return { status: lastChangeAt ? "in_progress" : "not_started", note: lastChangeAt ? "No status is switched on: switch some on and hand them over, or skip this step." : undefined };
  const hard = unreadable.filter((email) => email.problems.length);
  if (hard.length) {
    const note = hard.map((email) => `The ${email.label} email is hard to read: ${email.problems.join(" ")}`).join(" ");
    const reopened = `customers cannot read the ${list(hard.map((email) => email.label))} email${hard.length === 1 ? "" : "s"}`;
    return { status: "in_progress", note, reopened: handover?.deliveryStatus === "sent" ? reopened : undefined };
  }
  if (!handover) return { status: "in_progress", note: `${enabled.length} ${enabled.length === 1 ? "status" : "statuses"} switched on: hand them over to SEKO.` };
  const missing = enabled.filter((code) => !handover.covered.includes(code));
  const changed = lastChangeAt !== null && lastChangeAt > handover.submittedAt;
  if (missing.length || changed) {
    const reason = missing.length ? `SEKO has no template for ${list(missing)}` : "a template changed after the last hand-over";
    return handover.deliveryStatus === "sent"
      ? { status: "in_progress", reopened: reason, note: "Hand the notifications over again so SEKO has the current set." }
      : { status: "in_progress", note: `Hand the notifications over again: ${reason}.` };
  }
  if (handover.deliveryStatus !== "sent") return { status: "submitted", since: handover.submittedAt, note: deliveryNote(handover) };
  return { status: "done", completedBy: handover.submittedBy, completedAt: handover.deliveredAt ?? handover.submittedAt };
}

/** Step 9's status: done when every item that applies is ticked; credited to the last piece of evidence. */
export function testReturnsFact(input: TestReturnsInput): StepFact {
  const items = testReturnsChecklist(input).filter((item) => item.applies);
  const left = items.filter((item) => !item.done);
  if (left.length === 0) {
    const evidence = [
      ...input.returns.map((item) => ({ at: item.createdAt, by: item.createdBy })),
      ...(input.labelCosts ? [{ at: input.labelCosts.confirmedAt, by: input.labelCosts.confirmedBy }] : []),
    ].sort((a, b) => a.at.localeCompare(b.at));
    const last = evidence[evidence.length - 1];
    return { status: "done", completedAt: last?.at, completedBy: last?.by, note: `${input.returns.length} test return${input.returns.length === 1 ? "" : "s"}.` };
  }
  if (input.returns.length === 0 && !input.labelCosts) return { status: "not_started" };
  return { status: "in_progress", note: `Still to do: ${left.map((item) => item.label.charAt(0).toLowerCase() + item.label.slice(1)).join("; ")}.` };
}
