/**
 * What steps 7 (return label email) and 8 (customer notifications) share on
 * the server: the history their pages show (the edited template's versions,
 * the hand-overs to SEKO) and the intents both pages answer: the editor's
 * three, restoring a version, handing the set over and retrying its email.
 * Each step says what sets it apart through a {@link TemplateStep}.
 */
import { data } from "@remix-run/node";
import { listSubmissions, retrySubmission } from "~/outbox/submissions.server";
import type { DateSetting } from "~/utils/format-date";
import { staffDirectory, type StaffDirectory, type StaffEmail } from "~/utils/staff.server";
import type { TemplateKind } from "./defaults";
import { editorIntent } from "./editor-actions.server";
import { readEditor } from "./editor-input";
import type { NotificationContext } from "./label-email.server";
import { problemList } from "./preview.server";
import { listVersions, restoreVersion, versionKey, type TemplateKey } from "./templates.server";
import type { TemplateData } from "./variables";

/** The versions of the template on screen and the step's hand-overs, with staff names. */
export async function templateHistory(shop: string, key: TemplateKey, form: string, staff: StaffDirectory) {
  const [versions, submissions] = await Promise.all([listVersions(shop, key), listSubmissions(shop, [form])]);
  return {
    versions: versions.map((version) => ({ ...version, savedBy: staff.label(version.savedBy) })),
    submissions: submissions.map((submission) => ({ ...submission, submittedBy: staff.label(submission.submittedBy) })),
  };
}

type HandOverResult = { ok: false; message: string } | { ok: true; status: string; version: number };

export type TemplateStep = {
  /** The kind of template a post edits, or why it is refused (checked before the template itself). */
  kind(formData: FormData): { ok: true; kind: TemplateKind } | { ok: false; message: string };
  /** Why this step does not edit a template for that country (`scope`), if it does not. */
  refuseScope(scope: string): string | null;
  /** Whether a stored version is one of this step's: restoring another's is "No such version". */
  owns(key: TemplateKey): boolean;
  /** The data a template of that kind and country is rendered with. */
  sample(key: Pick<TemplateKey, "kind" | "scope">): Promise<TemplateData>;
  handOver(shop: string, staffId: string, staffName: string): Promise<HandOverResult>;
};

const SHARED_INTENTS = ["preview", "save", "test", "restore", "handover", "retry"] as const;
export type TemplateStepIntent = (typeof SHARED_INTENTS)[number];

export function isTemplateStepIntent(intent: string): intent is TemplateStepIntent {
  return (SHARED_INTENTS as readonly string[]).includes(intent);
}

/** Who is asking: their staff id, the address a test goes to (or why none) and how dates are written for them. */
export type TemplateStepRequester = { shop: string; actorId: string; recipient: StaffEmail; dates: DateSetting };

/** Answers one of the intents steps 7 and 8 share, for a caller that authenticated and read the form. */
export async function answerTemplateStep(intent: TemplateStepIntent, formData: FormData, input: TemplateStepRequester & { context: NotificationContext }, step: TemplateStep) {
  const { shop, actorId, context } = input;
  switch (intent) {
    case "preview":
    case "save":
    case "test": {
      const kind = step.kind(formData);
      if (!kind.ok) return data({ intent, ok: false, message: kind.message, problems: [] }, { status: 400 });
      const editor = readEditor(formData);
      if (!editor.ok) return data({ intent, ok: false, message: editor.message, problems: [editor.message] }, { status: 400 });
      const refused = step.refuseScope(editor.scope);
      if (refused) return data({ intent, ok: false, message: refused, problems: [] }, { status: 400 });
      const sample = await step.sample({ kind: kind.kind, scope: editor.scope });
      return editorIntent(intent, { shop, actorId, kind: kind.kind, editor, sample, currency: context.currency, recipient: input.recipient, dates: input.dates });
    }
    case "restore": {
      const id = String(formData.get("id") ?? "");
      const key = await versionKey(shop, id);
      if (!key || !step.owns(key)) throw new Response("No such version", { status: 404 });
      const restored = await restoreVersion(shop, id, actorId, await step.sample(key));
      if (!restored) throw new Response("No such version", { status: 404 });
      return data(
        restored.ok ? { ok: true, message: `Restored as version ${restored.version}.` } : { ok: false, message: `That version no longer renders: ${problemList(restored.problems).join("; ")}` },
        { status: restored.ok ? 200 : 400 },
      );
    }
    case "handover": {
      const staff = await staffDirectory(shop);
      const result = await step.handOver(shop, actorId, staff.label(actorId));
      if (!result.ok) return data({ intent, ok: false, message: result.message }, { status: 400 });
      return data({
        intent,
        ok: true,
        message: result.status === "sent" ? `Handed over to SEKO (version ${result.version}).` : "Handed over; the email to SEKO has not gone yet. The app keeps retrying.",
      });
    }
    case "retry": {
      const status = await retrySubmission(shop, String(formData.get("submissionId") ?? ""));
      if (!status) throw new Response("No such submission", { status: 404 });
      return data({ intent, ok: status === "sent" });
    }
  }
}
