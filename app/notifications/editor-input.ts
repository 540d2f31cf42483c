/**
 * What the template editor posts, validated: the mode, the structured form
 * (JSON) or the raw Liquid, and where it belongs. Shared by steps 7 and 8.
 */
import { z } from "zod";
import { buildFromForm, templateFormSchema, type TemplateForm } from "./layout";
import type { TemplateInput } from "./templates.server";

const scope = z.string().regex(/^(default|[A-Z]{2})$/, "Unknown country");
const locale = z.string().regex(/^(default|[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,4})?)$/, "Unknown locale");

export const editorSchema = z.object({
  scope,
  locale,
  mode: z.enum(["form", "raw"]),
  form: z.string().max(20_000).optional(),
  subject: z.string().max(1_000).default(""),
  html: z.string().max(100_000).default(""),
  text: z.string().max(50_000).default(""),
  enabled: z.enum(["on", "off"]).default("on"),
});

export type EditorPost = z.infer<typeof editorSchema>;

export type ParsedEditor = { ok: true; scope: string; locale: string; input: TemplateInput } | { ok: false; message: string };

/** The posted template: in form mode the HTML and text are written from the validated fields, never taken as posted. */
export function readEditor(formData: FormData): ParsedEditor {
  const parsed = editorSchema.safeParse(Object.fromEntries([...formData.entries()].filter(([, value]) => typeof value === "string")));
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") };
  const post = parsed.data;
  let form: TemplateForm | null = null;
  if (post.mode === "form") {
    let json: unknown;
    try {
      json = JSON.parse(post.form ?? "");
    } catch {
      return { ok: false, message: "The form's fields could not be read" };
    }
    const fields = templateFormSchema.safeParse(json);
    if (!fields.success) return { ok: false, message: fields.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") };
    form = fields.data;
  }
  const source = form ? buildFromForm(form) : { subject: post.subject, html: post.html, text: post.text };
  if (!source.subject.trim()) return { ok: false, message: "Enter a subject" };
  return { ok: true, scope: post.scope, locale: post.locale, input: { ...source, mode: post.mode, form, enabled: post.enabled === "on" } };
}
