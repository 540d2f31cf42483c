/**
 * The questionnaire pages' data and intents (steps 1, 2 and 4), for routes
 * that authenticated and read the form: each takes the shop (and the Admin
 * GraphQL client where Shopify's answers prefill the form) and returns plain
 * data with the HTTP status the route answers with.
 */
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { AdminGraphql } from "~/shopify/admin.server";
import { allAnswers, isAnswered, sectionIsAsked, sectionSchema, type AnswerValue, type Answers, type Problem } from "~/forms/answers";
import { retrySubmission } from "~/outbox/submissions.server";
import { questionnaireFact } from "./facts";
import { formOverview, loadFormState, saveSection, submitForm } from "~/forms/form-state.server";
import { issueHandover } from "~/handover/secret-handover.server";
import { readPrefill, type Prefill } from "~/forms/prefill.server";
import { FORMS, sectionById, type FormDefinition, type FormId, type Section } from "~/forms/questions";
import { unknownIntent } from "~/utils/form.server";
import { staffDirectory, type Staff } from "~/utils/staff.server";
import { codeLists } from "~/forms/validation";

/** Step 1's answers for the questions that carry them (`carry`), so the credit application is not typed twice. */
export async function carriedAnswers(shop: string, form: FormDefinition): Promise<Record<string, AnswerValue>> {
  const carrying = form.sections.flatMap((section) => section.questions).filter((question) => question.carry);
  if (carrying.length === 0 || form.id === "onboarding") return {};
  const step1 = allAnswers(await loadFormState(shop, "onboarding"));
  const carried: Record<string, AnswerValue> = {};
  for (const question of carrying) {
    const value = step1[question.carry!];
    if (value !== undefined && isAnswered(value)) carried[question.id] = value;
  }
  return carried;
}

export async function loadQuestionnaire(context: { shop: string; graphql: AdminGraphql }, formId: FormId) {
  const { shop, graphql } = context;
  const staff = await staffDirectory(shop);
  const [overview, prefill, carried] = await Promise.all([formOverview(shop, formId, staff), readPrefill(graphql), carriedAnswers(shop, FORMS[formId])]);
  const latest = overview.submissions[0];
  const fact = questionnaireFact({
    formId,
    state: overview.state,
    editedSinceSubmission: overview.editedSinceSubmission,
    latest: latest && { ...latest, submittedBy: staff.label(latest.submittedBy) },
  });
  return {
    shop,
    formId,
    state: overview.state,
    submissions: overview.submissions.map((submission) => ({ ...submission, submittedBy: staff.label(submission.submittedBy) })),
    editedSinceSubmission: overview.editedSinceSubmission,
    fact,
    prefill: prefill.values,
    carried,
    countries: prefill.countries,
    currency: prefill.currency,
    codeLists: codeLists(),
  };
}

export type QuestionnaireActionData =
  | { intent: "save-section"; section: string; result: SubmissionResult<string[]> }
  | { intent: "submit"; ok: true; version: number; delivered: boolean }
  | { intent: "submit"; ok: false; problems: Problem[] }
  | { intent: "retry"; ok: boolean; delivered: boolean };

/**
 * What a never-saved section shows filled in (step 1's answer, else
 * Shopify's), as its answers: "Submit" saves them with the section, so a
 * value the merchant saw on the page counts as given. A value its question
 * refuses is left out and asked for like any unanswered one.
 */
export function sectionDefaults(section: Section, prefill: Prefill["values"], carried: Record<string, AnswerValue>): Answers {
  const values: Answers = {};
  for (const question of section.questions) {
    const value = (question.carry ? carried[question.id] : undefined) ?? (question.prefill ? prefill[question.prefill] : undefined);
    if (value !== undefined && isAnswered(value)) values[question.id] = value;
  }
  if (Object.keys(values).length === 0) return values;
  const schema = sectionSchema(section);
  const parsed = schema.safeParse(values);
  if (parsed.success) return values;
  for (const issue of parsed.error.issues) delete values[String(issue.path[0])];
  return schema.safeParse(values).success ? values : {};
}

async function saveDefaults(shop: string, formId: FormId, graphql: AdminGraphql, actor: string) {
  const form = FORMS[formId];
  const state = await loadFormState(shop, formId);
  const answers = allAnswers(state);
  const unsaved = form.sections.filter((section) => !state[section.id] && sectionIsAsked(section, answers));
  if (!unsaved.some((section) => section.questions.some((question) => question.prefill || question.carry))) return;
  const [prefill, carried] = await Promise.all([readPrefill(graphql), carriedAnswers(shop, form)]);
  for (const section of unsaved) {
    const values = sectionDefaults(section, prefill.values, carried);
    if (Object.keys(values).length) await saveSection(shop, formId, section.id, values, actor);
  }
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

export type QuestionnaireReply = { body: QuestionnaireActionData; status: number };

/** The questionnaire intents, for a caller that already authenticated and read the form. */
export async function handleQuestionnaire(context: { shop: string; staff: Staff; graphql: AdminGraphql }, formId: FormId, body: FormData): Promise<QuestionnaireReply> {
  const { shop, staff } = context;
  const intent = String(body.get("intent") ?? "");
  const form = FORMS[formId];

  if (intent === "save-section") {
    const section = sectionById(form, String(body.get("section") ?? ""));
    if (!section) throw new Response("Unknown section", { status: 400 });
    const submission = parseWithZod(body, { schema: sectionSchema(section) });
    if (submission.status !== "success") {
      return { body: { intent, section: section.id, result: replyWithoutSecrets(section, submission.reply()) }, status: 400 };
    }
    await saveSection(shop, formId, section.id, submission.value, staff.id);
    return { body: { intent, section: section.id, result: replyWithoutSecrets(section, submission.reply()) }, status: 200 };
  }

  if (intent === "submit") {
    await saveDefaults(shop, formId, context.graphql, staff.id);
    const result = await submitForm(shop, formId, staff.id);
    // The Australia Post key and secret reach SEKO by a one-time link, never in the email itself.
    if (result.ok && formId === "australia-post") await issueHandover(shop, staff.id, { onlyIfSecrets: true });
    return { body: { intent, ...result }, status: result.ok ? 200 : 400 };
  }

  if (intent === "retry") {
    const status = await retrySubmission(shop, String(body.get("submissionId") ?? ""));
    if (!status) throw new Response("No such submission", { status: 404 });
    return { body: { intent, ok: true, delivered: status === "sent" }, status: 200 };
  }

  return unknownIntent(intent);
}
