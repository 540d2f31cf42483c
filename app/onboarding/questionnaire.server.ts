/**
 * Loader and action shared by the questionnaire pages (steps 1, 2 and 4), so
 * each route stays a few lines: authenticate → validate → call domain → respond.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { sectionSchema, type Problem } from "./answers";
import { resumeDeliveries } from "~/shopify/order-sync-worker.server";
import { deliverSubmission } from "./delivery.server";
import { questionnaireFact } from "./facts";
import { formOverview, saveSection, submitForm } from "./forms.server";
import { readPrefill } from "./prefill.server";
import { FORMS, sectionById, type FormId } from "./questions";
import { staffFrom, staffLabel } from "./staff.server";

export async function loadQuestionnaire(request: Request, formId: FormId) {
  const { admin, session } = await authenticate.admin(request);
  await resumeDeliveries(session.shop);
  const [overview, prefill] = await Promise.all([
    formOverview(session.shop, formId),
    readPrefill(admin.graphql),
  ]);
  const latest = overview.submissions[0];
  const fact = questionnaireFact({
    formId,
    state: overview.state,
    editedSinceSubmission: overview.editedSinceSubmission,
    latest: latest && { ...latest, submittedBy: staffLabel(latest.submittedBy) },
  });
  return {
    shop: session.shop,
    formId,
    state: overview.state,
    submissions: overview.submissions.map((submission) => ({ ...submission, submittedBy: staffLabel(submission.submittedBy) })),
    editedSinceSubmission: overview.editedSinceSubmission,
    fact,
    prefill: prefill.values,
    countries: prefill.countries,
    currency: prefill.currency,
  };
}

export type QuestionnaireActionData =
  | { intent: "save-section"; section: string; result: ReturnType<Awaited<ReturnType<typeof parseWithZod>>["reply"]> }
  | { intent: "submit"; ok: true; version: number; delivered: boolean }
  | { intent: "submit"; ok: false; problems: Problem[] }
  | { intent: "retry"; ok: boolean; delivered: boolean };

export async function questionnaireAction(request: Request, formId: FormId, formData?: FormData) {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = staffFrom(sessionToken);
  const body = formData ?? (await request.formData());
  const intent = String(body.get("intent") ?? "");
  const form = FORMS[formId];

  if (intent === "save-section") {
    const section = sectionById(form, String(body.get("section") ?? ""));
    if (!section) throw new Response("Unknown section", { status: 400 });
    const submission = parseWithZod(body, { schema: sectionSchema(section) });
    if (submission.status !== "success") {
      return data({ intent, section: section.id, result: submission.reply() } satisfies QuestionnaireActionData, { status: 400 });
    }
    await saveSection(session.shop, formId, section.id, submission.value, staff.id);
    return data({ intent, section: section.id, result: submission.reply() } satisfies QuestionnaireActionData);
  }

  if (intent === "submit") {
    const result = await submitForm(session.shop, formId, staff.id);
    return data({ intent, ...result } satisfies QuestionnaireActionData, { status: result.ok ? 200 : 400 });
  }

  if (intent === "retry") {
    const status = await deliverSubmission(session.shop, String(body.get("submissionId") ?? ""));
    return data({ intent, ok: true, delivered: status === "sent" } satisfies QuestionnaireActionData);
  }

  throw new Response(`Unknown intent "${intent}"`, { status: 400 });
}
