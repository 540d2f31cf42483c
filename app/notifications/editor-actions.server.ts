/**
 * The editor's three requests, the same on steps 7 and 8: preview (render and
 * list problems), save (a new version, only when it renders cleanly) and
 * send a test to the person at the screen (not while customers could not read it).
 */
import { data } from "@remix-run/node";
import type { DateSetting } from "~/utils/format-date";
import type { StaffEmail } from "~/utils/staff.server";
import type { TemplateKind } from "./defaults";
import type { ParsedEditor } from "./editor-input";
import { previewReply, problemList } from "./preview.server";
import { testSendRefusal } from "./readability";
import { sendTestEmail } from "./test-send.server";
import { renderEmail, saveTemplate } from "./templates.server";
import type { TemplateData } from "./variables";

type Editor = Extract<ParsedEditor, { ok: true }>;

export async function editorIntent(
  intent: "preview" | "save" | "test",
  input: { shop: string; actorId: string; kind: TemplateKind; editor: Editor; sample: TemplateData; currency?: string; recipient: StaffEmail; dates: DateSetting },
) {
  const { shop, actorId, kind, editor, sample, currency } = input;
  if (intent === "preview") return data(await previewReply(shop, editor.input, sample, currency));
  if (intent === "save") {
    const saved = await saveTemplate(shop, { kind, scope: editor.scope, locale: editor.locale }, editor.input, actorId, sample);
    if (!saved.ok) return data({ intent, ok: false, message: "Not saved: the template has problems. The last good version is still used.", problems: problemList(saved.problems) }, { status: 400 });
    return data({ intent, ok: true, message: `Saved as version ${saved.version}.` });
  }
  const rendered = await renderEmail(shop, editor.input, sample, currency);
  if (!rendered.ok) return data({ intent, ok: false, message: "The template does not render: fix it first.", problems: problemList(rendered.problems) }, { status: 400 });
  const unreadable = testSendRefusal(editor.input);
  if (unreadable) return data({ intent, ok: false, message: unreadable }, { status: 400 });
  // Only to the requester's own address as Shopify verified it, never a typed or stored one.
  if (!input.recipient.ok) return data({ intent, ok: false, message: input.recipient.message }, { status: 400 });
  const to = input.recipient.email;
  const sent = await sendTestEmail({ shop, to, email: rendered.email, dates: input.dates });
  return data({ intent, ok: sent.ok, message: sent.ok ? `Test sent to ${to}.` : sent.message }, { status: sent.ok ? 200 : sent.status });
}
