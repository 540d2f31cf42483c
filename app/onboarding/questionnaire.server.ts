/**
 * Loader and action shared by the questionnaire pages (steps 1, 2 and 4), so
 * each route stays a few lines: authenticate → validate → call domain → respond.
 */
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";
import { sectionSchema, type Problem } from "./answers";
import { resumeDeliveries } from "~/jobs.server";
import { retrySubmission } from "./delivery.server";
import { questionnaireFact } from "./facts";
import { formOverview, saveSection, submitForm } from "./forms.server";
import { issueHandover } from "./handover.server";
import { readPrefill } from "./prefill.server";
import { FORMS, sectionById, type FormId, type Section } from "./questions";
import { staffDirectory, staffFrom, type Staff } from "./staff.server";

export async function loadQuestionnaire(request: Request, formId: FormId) {
  const { admin, session } = await authenticate.admin(request);
  await resumeDeliveries(session.shop);
  const staff = await staffDirectory(session.shop);
  const [overview, prefill] = await Promise.all([formOverview(session.shop, formId, staff), readPrefill(admin.graphql)]);
  const latest = overview.submissions[0];
  const fact = questionnaireFact({
    formId,
    state: overview.state,
    editedSinceSubmission: overview.editedSinceSubmission,
    latest: latest && { ...latest, submittedBy: staff.label(latest.submittedBy) },
  });
  return {
    shop: session.shop,
    formId,
    state: overview.state,
    submissions: overview.submissions.map((submission) => ({ ...submission, submittedBy: staff.label(submission.submittedBy) })),
    editedSinceSubmission: overview.editedSinceSubmission,
    fact,
    prefill: prefill.values,
    countries: prefill.countries,
    currency: prefill.currency,
  };
}

export type QuestionnaireActionData =
  | { intent: "save-section"; section: string; result: SubmissionResult<string[]> }
  | { intent: "submit"; ok: true; version: number; delivered: boolean }
  | { intent: "submit"; ok: false; problems: Problem[] }
  | { intent: "retry"; ok: boolean; delivered: boolean };

export async function questionnaireAction(request: Request, formId: FormId) {
  const { session, sessionToken } = await authenticate.admin(request);
  return handleQuestionnaire({ shop: session.shop, staff: staffFrom(sessionToken) }, formId, await readForm(request));
}

/** What a submitted secret is replaced with in a reply: the browser never gets a secret back. */
export function maskSecret(value: unknown): string {
  const text = typeof value === "string" ? value.trim() : "";
  // Short values would be revealed by their last four characters.
  return text.length >= 12 ? `••••${text.slice(-4)}` : "••••";
}

/**
 * Conform's reply echoes what was posted (for redisplay); secret answers are
 * replaced by masks, on success and on a validation error alike.
 */
function replyWithoutSecrets(section: Section, reply: SubmissionResult<string[]>): SubmissionResult<string[]> {
  const initialValue = reply.initialValue ? { ...reply.initialValue } : reply.initialValue;
  if (initialValue) {
    for (const question of section.questions) {
      if (question.type === "secret" && question.id in initialValue) initialValue[question.id] = maskSecret(initialValue[question.id]);
    }
  }
  return { ...reply, initialValue };
}

/** The questionnaire intents, for a caller that already authenticated and read the form. */
export async function handleQuestionnaire(context: { shop: string; staff: Staff }, formId: FormId, body: FormData) {
  const { shop, staff } = context;
  const intent = String(body.get("intent") ?? "");
  const form = FORMS[formId];

  if (intent === "save-section") {
    const section = sectionById(form, String(body.get("section") ?? ""));
    if (!section) throw new Response("Unknown section", { status: 400 });
    const submission = parseWithZod(body, { schema: sectionSchema(section) });
    if (submission.status !== "success") {
      return data({ intent, section: section.id, result: replyWithoutSecrets(section, submission.reply()) } satisfies QuestionnaireActionData, { status: 400 });
    }
    await saveSection(shop, formId, section.id, submission.value, staff.id);
    return data({ intent, section: section.id, result: replyWithoutSecrets(section, submission.reply()) } satisfies QuestionnaireActionData);
  }

  if (intent === "submit") {
    const result = await submitForm(shop, formId, staff.id);
    // The Australia Post key and secret reach SEKO by a one-time link, never in the email itself.
    if (result.ok && formId === "australia-post") await issueHandover(shop, staff.id, { onlyIfSecrets: true });
    return data({ intent, ...result } satisfies QuestionnaireActionData, { status: result.ok ? 200 : 400 });
  }

  if (intent === "retry") {
    const status = await retrySubmission(shop, String(body.get("submissionId") ?? ""));
    if (!status) throw new Response("No such submission", { status: 404 });
    return data({ intent, ok: true, delivered: status === "sent" } satisfies QuestionnaireActionData);
  }

  throw new Response(`Unknown intent "${intent}"`, { status: 400 });
}
