/**
 * Completion rules: each step's status read from the records that prove it,
 * never from a box someone ticked. Pure; guide.server.ts gathers the records.
 */
import { allAnswers, hasAnyAnswer, openQuestions, type FeeRow, type FormState } from "./answers";
import type { StepFact } from "./progress";
import { FORMS, type FormId } from "./questions";
import type { MemberStatus } from "./team";
import type { IntegrationRecords } from "~/shopify/sync-view.server";

export type SubmissionFact = {
  version: number;
  submittedAt: string;
  submittedBy: string;
  deliveryStatus: "pending" | "sending" | "sent" | "failed";
  deliveredAt: string | null;
  deliveryError: string | null;
};

export type QuestionnaireFacts = { formId: FormId; state: FormState; latest?: SubmissionFact; editedSinceSubmission: boolean };

function deliveryNote(latest: SubmissionFact) {
  return latest.deliveryStatus === "failed"
    ? `Not delivered to SEKO yet: ${latest.deliveryError ?? "the email failed"}. The app keeps retrying.`
    : "Submitted; the app is sending it to SEKO.";
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

export type SignatureFact = { document: string; title: string; signedBy?: string; signedAt?: string };

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

/** SEKO's step: waiting from the moment steps 1 and 2 reached SEKO until credentials are connected. */
export function sekoAccountsFact(input: { connectedAt?: string; system?: string; handedOverAt?: string }): StepFact {
  if (input.connectedAt) {
    return { status: "done", completedBy: "SEKO", completedAt: input.connectedAt, note: input.system ? `Connected to ${input.system}.` : undefined };
  }
  if (input.handedOverAt) {
    return { status: "waiting_on_seko", since: input.handedOverAt, note: "SEKO is setting up your OmniReturns and OmniRPS accounts." };
  }
  return { status: "not_started" };
}

/** The countries step 1 says returns come from, or undefined while that is unanswered. */
export function returnCountries(onboarding: FormState): string[] | undefined {
  const rows = allAnswers(onboarding).countryFees as FeeRow[] | undefined;
  return rows?.length ? rows.map((row) => row.country) : undefined;
}

/** Australia: not applicable when AU returns are not offered or do not use the merchant's own account. */
export function australiaFact(onboarding: FormState, australia: QuestionnaireFacts): StepFact {
  const countries = returnCountries(onboarding);
  if (countries && !countries.includes("AU")) {
    return { status: "not_applicable", note: "You do not offer returns from Australia." };
  }
  const answer = allAnswers(australia.state).useOwnAccount;
  if (answer === "no") {
    const savedBy = australia.state.choice?.savedBy;
    return { status: "not_applicable", completedBy: savedBy, completedAt: australia.state.choice?.savedAt, note: "SEKO's own carrier account is used for Australian labels." };
  }
  return questionnaireFact(australia);
}

export type MemberFact = { status: MemberStatus; requestedAt: string | null; createdInSekoAt: string | null; name: string };

/** System access is done when SEKO created at least one login. */
export function systemAccessFact(members: MemberFact[]): StepFact {
  const created = members.filter((member) => member.status === "created");
  if (created.length) {
    const first = [...created].sort((a, b) => (a.createdInSekoAt ?? "").localeCompare(b.createdInSekoAt ?? ""))[0]!;
    const pending = members.length - created.length;
    return {
      status: "done",
      completedAt: first.createdInSekoAt ?? undefined,
      note: `${created.length} login${created.length === 1 ? "" : "s"} created${pending ? `, ${pending} still to come` : ""}.`,
    };
  }
  const requested = members.filter((member) => member.status === "requested");
  if (requested.length) {
    const since = requested.map((member) => member.requestedAt ?? "").sort()[0];
    return { status: "waiting_on_seko", since, note: `${requested.length} login${requested.length === 1 ? "" : "s"} requested from SEKO.` };
  }
  return members.length ? { status: "in_progress", note: "Team members added but not yet requested." } : { status: "not_started" };
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
