/**
 * Stored notification templates: every save is a version, only a template
 * that checks and renders cleanly is stored (so a broken one never replaces a
 * good one), and restoring copies an old version as the newest. Every query
 * is scoped to its shop.
 */
import type { NotificationTemplate } from "@prisma/client";
import { db } from "~/utils/db.server";
import { isUniqueViolation } from "~/utils/job-queue.server";
import { buildFromForm, templateFormSchema, type TemplateForm, type TemplateSource } from "./layout";
import { defaultForm, DEFAULT_LOCALE, type Branding, type TemplateKind } from "./defaults";
import { templateReadability } from "./readability";
import { checkTemplate, renderEmailParts, type TemplateProblem } from "./renderer.server";
import type { TemplateData } from "./variables";

export const DEFAULT_SCOPE = "default";

export type TemplateKey = { kind: TemplateKind; scope: string; locale: string };

export type StoredTemplate = TemplateSource & {
  id: string | null;
  version: number | null;
  mode: "form" | "raw";
  form: TemplateForm | null;
  enabled: boolean;
  savedBy: string | null;
  savedAt: string | null;
  restoredFrom: number | null;
  /** Where it came from: this key's own versions, a wider template it falls back to, or the app's default. */
  origin: "own" | "shop-default" | "built-in";
};

export type TemplateInput = TemplateSource & { mode: "form" | "raw"; form: TemplateForm | null; enabled: boolean };

/** What stops a template: each part's problems, and `colours` a customer could not read (readability.ts). */
export type PartProblems = Partial<Record<"subject" | "html" | "text" | "colours", TemplateProblem[]>>;

export type SaveResult = { ok: true; version: number } | { ok: false; problems: PartProblems };

function view(row: NotificationTemplate, origin: StoredTemplate["origin"]): StoredTemplate {
  let form: TemplateForm | null = null;
  if (row.form) {
    const parsed = templateFormSchema.safeParse(JSON.parse(row.form));
    form = parsed.success ? parsed.data : null;
  }
  return {
    id: row.id,
    version: row.version,
    mode: row.mode === "form" ? "form" : "raw",
    form,
    subject: row.subject,
    html: row.html,
    text: row.text,
    enabled: row.enabled,
    savedBy: row.savedBy,
    savedAt: row.savedAt.toISOString(),
    restoredFrom: row.restoredFrom,
    origin,
  };
}

export function builtInTemplate(kind: TemplateKind, locale: string, branding: Branding): StoredTemplate {
  const form = defaultForm(kind, locale, branding);
  return {
    ...buildFromForm(form),
    id: null,
    version: null,
    mode: "form",
    form,
    enabled: kind === "label-email",
    savedBy: null,
    savedAt: null,
    restoredFrom: null,
    origin: "built-in",
  };
}

/** The newest version of every stored template of these kinds. */
export async function latestTemplates(shop: string, kinds: TemplateKind[]): Promise<NotificationTemplate[]> {
  const rows = await db.notificationTemplate.findMany({ where: { shop, kind: { in: kinds } }, orderBy: { version: "desc" } });
  const latest = new Map<string, NotificationTemplate>();
  for (const row of rows) {
    const key = `${row.kind}|${row.scope}|${row.locale}`;
    if (!latest.has(key)) latest.set(key, row);
  }
  return [...latest.values()];
}

/**
 * The template used for a key: its own newest version; else, for a country,
 * the shop's default for that locale; a locale without one falls back to the
 * default locale; then the app's built-in default for the locale's language.
 */
export function resolveTemplate(rows: NotificationTemplate[], key: TemplateKey, branding: Branding): StoredTemplate {
  const find = (scope: string, locale: string) => rows.find((row) => row.kind === key.kind && row.scope === scope && row.locale === locale);
  const own = find(key.scope, key.locale);
  if (own) return view(own, "own");
  const candidates: Array<[string, string]> = [
    [key.scope, DEFAULT_LOCALE],
    [DEFAULT_SCOPE, key.locale],
    [DEFAULT_SCOPE, DEFAULT_LOCALE],
  ];
  for (const [scope, locale] of candidates) {
    if (scope === key.scope && locale === key.locale) continue;
    // The merchant's own words, even in the default language, beat the app's.
    const row = find(scope, locale);
    if (row) return view(row, "shop-default");
  }
  return builtInTemplate(key.kind, key.locale, branding);
}

export async function getTemplate(shop: string, key: TemplateKey, branding: Branding) {
  return resolveTemplate(await latestTemplates(shop, [key.kind]), key, branding);
}

/** Checks the three parts of a shop's template against the sample: the subject and plain text as text, the body as HTML. */
export async function checkParts(shop: string, input: TemplateSource, sample: TemplateData, currency?: string): Promise<PartProblems> {
  const [subject, html, text] = await Promise.all([
    checkTemplate(input.subject, sample, { shop, html: false, currency }),
    checkTemplate(input.html, sample, { shop, html: true, currency }),
    checkTemplate(input.text, sample, { shop, html: false, currency }),
  ]);
  const problems: PartProblems = {};
  if (!subject.ok) problems.subject = subject.problems;
  if (!html.ok) problems.html = html.problems;
  if (!text.ok) problems.text = text.problems;
  return problems;
}

/** Saves a new version, after it checked and rendered cleanly against `sample` and its colours are readable. */
export async function saveTemplate(shop: string, key: TemplateKey, input: TemplateInput, savedBy: string, sample: TemplateData, restoredFrom?: number): Promise<SaveResult> {
  const problems = await checkParts(shop, input, sample);
  const unreadable = templateReadability(input);
  if (unreadable.length) problems.colours = unreadable.map((problem) => ({ message: problem.message, line: null, column: null }));
  if (Object.keys(problems).length) return { ok: false, problems };
  // Two saves at once: the second gets the next number (the unique key refuses a duplicate).
  for (let attempt = 0; attempt < 3; attempt++) {
    const last = await db.notificationTemplate.findFirst({ where: { shop, ...key }, orderBy: { version: "desc" }, select: { version: true } });
    const version = (last?.version ?? 0) + 1;
    try {
      await db.notificationTemplate.create({
        data: {
          shop,
          ...key,
          version,
          mode: input.mode,
          form: input.form ? JSON.stringify(input.form) : null,
          subject: input.subject,
          html: input.html,
          text: input.text,
          enabled: input.enabled,
          savedBy,
          restoredFrom: restoredFrom ?? null,
        },
      });
      return { ok: true, version };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error("Could not save the template: too many saves at once");
}

export type VersionView = { id: string; version: number; savedBy: string; savedAt: string; mode: string; restoredFrom: number | null; subject: string; html: string; text: string; enabled: boolean };

export async function listVersions(shop: string, key: TemplateKey): Promise<VersionView[]> {
  const rows = await db.notificationTemplate.findMany({ where: { shop, ...key }, orderBy: { version: "desc" }, take: 50 });
  return rows.map((row) => ({
    id: row.id,
    version: row.version,
    savedBy: row.savedBy,
    savedAt: row.savedAt.toISOString(),
    mode: row.mode,
    restoredFrom: row.restoredFrom,
    subject: row.subject,
    html: row.html,
    text: row.text,
    enabled: row.enabled,
  }));
}

/** Makes an old version the newest again (checked again: the published variables may have changed since). */
export async function restoreVersion(shop: string, id: string, savedBy: string, sample: TemplateData): Promise<SaveResult | null> {
  const row = await db.notificationTemplate.findFirst({ where: { id, shop } });
  if (!row) return null;
  const old = view(row, "own");
  return saveTemplate(
    shop,
    { kind: row.kind as TemplateKind, scope: row.scope, locale: row.locale },
    { subject: old.subject, html: old.html, text: old.text, mode: old.mode, form: old.form, enabled: old.enabled },
    savedBy,
    sample,
    row.version,
  );
}

export type RenderedEmail = { subject: string; html: string; text: string };

/** A shop's template rendered with data: subject and text as text, the body as escaped HTML. */
export async function renderEmail(shop: string, template: TemplateSource, data: TemplateData, currency?: string): Promise<{ ok: true; email: RenderedEmail } | { ok: false; problems: PartProblems }> {
  const result = await renderEmailParts(template, data, { shop, currency });
  if (!result.ok) return { ok: false, problems: { [result.part]: [result.error] } };
  return { ok: true, email: { ...result.email, subject: result.email.subject.trim() } };
}

/** When any template of these kinds was last saved, or null when none ever was. */
export async function lastTemplateChange(shop: string, kinds: TemplateKind[]): Promise<string | null> {
  const row = await db.notificationTemplate.findFirst({ where: { shop, kind: { in: kinds } }, orderBy: { savedAt: "desc" }, select: { savedAt: true } });
  return row?.savedAt.toISOString() ?? null;
}

/** The key of one stored version of the shop (null when the shop has no such version). */
export async function versionKey(shop: string, id: string): Promise<TemplateKey | null> {
  const row = await db.notificationTemplate.findFirst({ where: { shop, id }, select: { kind: true, scope: true, locale: true } });
  return row ? { kind: row.kind as TemplateKind, scope: row.scope, locale: row.locale } : null;
}
