/**
 * Questionnaire persistence (steps 1, 2's credit application and 4): each
 * section saves on its own, secrets are encrypted, and "Submit to SEKO" stores
 * an immutable version and delivers it.
 */
import { db } from "~/utils/db.server";
import { decrypt, encrypt, shownEnd } from "~/utils/crypto.server";
import { recordActivity } from "~/utils/activity.server";
import { emptySection, isAnswered, openQuestions, submissionProblems, summarize, summaryText, type Answers, type AnswerValue, type FormState, type Problem } from "./answers";
import { createSubmission, listSubmissions, type SubmissionView } from "~/outbox/submissions.server";
import { FORMS, sectionById, type FormId } from "./questions";
import { staffDirectory, type StaffDirectory } from "~/utils/staff.server";

function readSecrets(ciphertext: string | null): Record<string, string> {
  if (!ciphertext) return {};
  return JSON.parse(decrypt(ciphertext)) as Record<string, string>;
}

/** `staff`: the shop's directory when the caller has it already (one read per page, not per form). */
export async function loadFormState(shop: string, formId: FormId, directory?: StaffDirectory): Promise<FormState> {
  const [rows, staff] = await Promise.all([db.onboardingSection.findMany({ where: { shop, form: formId } }), directory ?? staffDirectory(shop)]);
  const state: FormState = {};
  for (const row of rows) {
    const secrets = readSecrets(row.secrets);
    state[row.section] = {
      answers: JSON.parse(row.answers) as Answers,
      askManager: JSON.parse(row.askManager) as string[],
      secretsLast4: Object.fromEntries(Object.entries(secrets).map(([id, value]) => [id, shownEnd(value)])),
      savedAt: row.updatedAt.toISOString(),
      savedBy: staff.label(row.savedBy),
    };
  }
  return state;
}

/**
 * Saves one section from its validated form values. Secret questions left
 * empty keep their stored value: the browser never has it to send back.
 */
export async function saveSection(shop: string, formId: FormId, sectionId: string, values: Record<string, unknown>, actor: string) {
  const form = FORMS[formId];
  const section = sectionById(form, sectionId);
  if (!section) throw new Response("Unknown section", { status: 400 });
  const existing = await db.onboardingSection.findUnique({ where: { shop_form_section: { shop, form: formId, section: sectionId } } });
  const secrets = readSecrets(existing?.secrets ?? null);
  const answers: Answers = {};
  for (const question of section.questions) {
    const value = values[question.id] as AnswerValue | undefined;
    if (question.type === "secret") {
      if (typeof value === "string" && value.trim()) secrets[question.id] = value.trim();
    } else if (isAnswered(value)) {
      answers[question.id] = value!;
    }
  }
  const askManager = ((values.askManager as string[] | undefined) ?? []).filter((id) => section.questions.some((q) => q.id === id));
  const data = {
    answers: JSON.stringify(answers),
    askManager: JSON.stringify(askManager),
    secrets: Object.keys(secrets).length ? encrypt(JSON.stringify(secrets)) : null,
    savedBy: actor,
  };
  await db.onboardingSection.upsert({
    where: { shop_form_section: { shop, form: formId, section: sectionId } },
    create: { shop, form: formId, section: sectionId, ...data },
    update: data,
  });
  await recordActivity(shop, { kind: "onboarding", actor, action: `Saved “${section.title}”`, detail: form.title });
}

/** The structured answers SEKO receives; secrets only as "provided, ending 1234". */
export function submissionPayload(formId: FormId, state: FormState, meta: { shop: string; version: number; submittedAt: Date; submittedBy: string; submittedByLabel: string }) {
  const form = FORMS[formId];
  const summary = summarize(form, state);
  return {
    schema: "seko-returns-onboarding/1",
    form: formId,
    documentName: form.documentName,
    version: meta.version,
    shop: meta.shop,
    submittedAt: meta.submittedAt.toISOString(),
    submittedBy: meta.submittedByLabel,
    // Only the sections still asked (a "no" can make a whole section moot).
    answers: Object.fromEntries(summary.map((section) => [section.id, state[section.id]?.answers ?? {}])),
    secretsProvided: Object.fromEntries(summary.flatMap((section) => Object.entries(state[section.id]?.secretsLast4 ?? {}).map(([id, end]) => [id, `provided, ending ${end}`]))),
    askAccountManager: openQuestions(form, state).map((question) => question.questionId),
    summary,
    summaryText: summaryText(summary),
  };
}

export type SubmitResult = { ok: true; version: number; delivered: boolean } | { ok: false; problems: Problem[] };

export async function submitForm(shop: string, formId: FormId, actor: string): Promise<SubmitResult> {
  const form = FORMS[formId];
  const staff = await staffDirectory(shop);
  const state = await loadFormState(shop, formId, staff);
  const problems = submissionProblems(form, state);
  if (problems.length) return { ok: false, problems };
  const result = await createSubmission(shop, formId, actor, (version, submittedAt) =>
    submissionPayload(formId, state, { shop, version, submittedAt, submittedBy: actor, submittedByLabel: staff.label(actor) }),
  );
  await recordActivity(shop, { kind: "onboarding", actor, action: `Submitted the ${form.title.toLowerCase()} to SEKO`, detail: `Version ${result.version}` });
  return { ok: true, version: result.version, delivered: result.status === "sent" };
}

export type FormOverview = {
  state: FormState;
  submissions: SubmissionView[];
  /** A section was saved after the latest submission: SEKO has an older version. */
  editedSinceSubmission: boolean;
};

export async function formOverview(shop: string, formId: FormId, staff?: StaffDirectory): Promise<FormOverview> {
  const [state, submissions] = await Promise.all([loadFormState(shop, formId, staff), listSubmissions(shop, [formId])]);
  const latest = submissions[0];
  const lastSaved = Object.values(state).reduce((max, section) => (section.savedAt && section.savedAt > max ? section.savedAt : max), "");
  return { state, submissions, editedSinceSubmission: Boolean(latest && lastSaved > latest.submittedAt) };
}

export { emptySection };
