/**
 * The editor's live preview: the email rendered with the sample, every problem
 * in its Liquid that would stop a save, and apart from those the colours a
 * customer could not read (they stop a save too; the preview shows them over the email).
 */
import { templateReadability } from "./readability";
import { checkParts, renderEmail, type PartProblems, type TemplateInput } from "./templates.server";
import { describeProblem } from "./renderer.server";
import type { TemplateData } from "./variables";

const PART: Record<string, string> = { subject: "Subject", html: "HTML", text: "Plain text", colours: "Colours" };

export function problemList(problems: PartProblems): string[] {
  return Object.entries(problems).flatMap(([part, list]) => (list ?? []).map((problem) => `${PART[part]}: ${describeProblem(problem)}`));
}

export async function previewReply(shop: string, input: TemplateInput, sample: TemplateData, currency?: string) {
  const [checked, rendered] = await Promise.all([checkParts(shop, input, sample, currency), renderEmail(shop, input, sample, currency)]);
  const problems = problemList(checked);
  const readability = templateReadability(input);
  if (!rendered.ok) return { intent: "preview" as const, ok: false as const, problems: problems.length ? problems : problemList(rendered.problems), readability };
  return { intent: "preview" as const, ok: true as const, subject: rendered.email.subject, html: rendered.email.html, problems, readability };
}
