/**
 * Answers to the questionnaires: validation (one zod schema per section, built
 * from the catalogue), the rules for when a form may be submitted, and the
 * readable summary SEKO receives. Pure, shared by server and browser.
 */
import { z } from "zod";
import type { FormDefinition, Question, Section } from "./questions";
import { countryIssue, currencyIssue, goLiveIssue, httpsUrlIssue, phoneIssue, returnsAboveOrders, RETURNS_ABOVE_ORDERS_MESSAGE, taxNumberIssue, wholeNumber } from "./validation";

export type FeeRow = { country: string; paidBy: "retailer" | "customer"; amount?: number; currency: string };
export type AnswerValue = string | number | string[] | FeeRow[];
export type Answers = Record<string, AnswerValue>;

/** One saved section as the app holds it; secrets appear only as their last four characters. */
export type SectionState = {
  answers: Answers;
  askManager: string[];
  secretsLast4: Record<string, string>;
  savedAt?: string;
  savedBy?: string;
};

export type FormState = Record<string, SectionState>;

export const emptySection = (): SectionState => ({ answers: {}, askManager: [], secretsLast4: {} });

const PAID_BY = ["retailer", "customer"] as const;

function optionValues(question: Question): [string, ...string[]] {
  const values = (question.options ?? []).map((option) => option.value);
  if (values.length === 0) throw new Error(`Question ${question.id} has no options`);
  return values as [string, ...string[]];
}

/** A zod refinement from one of validation.ts's checks (message or undefined). */
const by = (issue: (value: string) => string | undefined) => (value: string, context: z.RefinementCtx) => {
  const message = issue(value);
  if (message) context.addIssue({ code: "custom", message });
};

export type SchemaOptions = { now?: Date };

function questionSchema(question: Question, options: SchemaOptions): z.ZodType {
  switch (question.type) {
    case "text":
      return z.string().trim().max(300, "Keep this under 300 characters");
    case "tel":
      return z.string().trim().max(40, "Keep this under 40 characters").superRefine(by(phoneIssue));
    case "textarea":
      return z.string().trim().max(5000, "Keep this under 5,000 characters");
    case "secret":
      return z.string().trim().min(4, "Enter the full value").max(500, "That is too long for this field");
    case "email":
      return z.email("Enter an email address like name@example.com");
    case "url":
      return z.string().trim().max(2000, "That address is too long").superRefine(by(httpsUrlIssue));
    case "date":
      return question.notInPast
        ? z
            .string()
            .trim()
            .superRefine(by((value) => goLiveIssue(value, options.now)))
        : z.iso.date("Enter a date as YYYY-MM-DD");
    case "color":
      return z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a hex colour like #1A2B3C");
    case "number":
      return wholeNumber({ min: question.min, max: question.max });
    case "select":
      return z.enum(optionValues(question), "Choose one of the options");
    case "currency":
      return z.string().trim().superRefine(by(currencyIssue));
    case "country":
      return z.string().trim().superRefine(by(countryIssue));
    case "multi":
      return z.array(z.enum(optionValues(question), "Choose from the options"));
    case "country-fees":
      return z.array(
        z
          .object({
            country: z.string().regex(/^[A-Z]{2}$/, "Use a two-letter country code"),
            paidBy: z.enum(PAID_BY, "Choose who pays"),
            amount: z
              .preprocess(
                (value) => (typeof value === "string" ? (value.trim() === "" ? undefined : Number(value.trim().replace(/,/g, ""))) : value),
                z.number({ error: "Enter an amount" }).min(0, "Enter 0 or more").max(10_000, "Enter 10,000 or less"),
              )
              .optional(),
            currency: z.string().superRefine(by(currencyIssue)),
          })
          .superRefine((row, context) => {
            if (row.paidBy === "customer" && row.amount === undefined) {
              context.addIssue({ code: "custom", path: ["amount"], message: "Enter what the customer pays" });
            }
          }),
      );
  }
}

/** The confirmation a merchant ticks to keep an answer a section check questions. */
export const CONFIRM_RETURNS_ABOVE_ORDERS = "returnsAboveOrders";

/**
 * A section's answers as submitted by its form. Everything is optional here:
 * partial answers are normal and are saved; completeness is checked only when
 * the whole form is submitted (submissionProblems).
 */
export function sectionSchema(section: Section, options: SchemaOptions = {}) {
  const shape: Record<string, z.ZodType> = {};
  for (const question of section.questions) shape[question.id] = questionSchema(question, options).optional();
  const ids = section.questions.map((question) => question.id) as [string, ...string[]];
  shape.askManager = z.array(z.enum(ids)).optional();
  shape.confirm = z.array(z.enum([CONFIRM_RETURNS_ABOVE_ORDERS])).optional();
  const checks = section.checks ?? [];
  return z.object(shape).superRefine((values, context) => {
    if (checks.includes("returns-vs-orders")) {
      const confirmed = (values.confirm as string[] | undefined)?.includes(CONFIRM_RETURNS_ABOVE_ORDERS);
      if (!confirmed && returnsAboveOrders(values.monthlyOrders, values.monthlyReturns)) {
        context.addIssue({ code: "custom", path: ["monthlyReturns"], message: RETURNS_ABOVE_ORDERS_MESSAGE });
      }
    }
    if (checks.includes("tax-number") && typeof values.taxNumber === "string" && values.taxNumber.trim()) {
      const message = taxNumberIssue(values.registeredCountry as string | undefined, values.taxNumber);
      if (message) context.addIssue({ code: "custom", path: ["taxNumber"], message });
    }
  });
}

export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (typeof value === "number") return Number.isFinite(value);
  return value.length > 0;
}

/** All answers of a form, across sections, for `when` conditions. */
export function allAnswers(state: FormState): Answers {
  return Object.assign({}, ...Object.values(state).map((section) => section.answers));
}

export function sectionIsAsked(section: Section, answers: Answers): boolean {
  if (!section.when) return true;
  return answers[section.when.question] === section.when.equals;
}

export type Problem = { sectionId: string; questionId: string; label: string; message: string };

/**
 * Why the form cannot be submitted yet: required questions neither answered
 * nor left for the account manager. Sections not asked (their `when` is
 * false) need nothing.
 */
export function submissionProblems(form: FormDefinition, state: FormState): Problem[] {
  const answers = allAnswers(state);
  const problems: Problem[] = [];
  for (const section of form.sections) {
    if (!sectionIsAsked(section, answers)) continue;
    const saved = state[section.id] ?? emptySection();
    for (const question of section.questions) {
      if (!question.required) continue;
      const answered = question.type === "secret" ? Boolean(saved.secretsLast4[question.id]) : isAnswered(saved.answers[question.id]);
      if (answered || saved.askManager.includes(question.id)) continue;
      problems.push({
        sectionId: section.id,
        questionId: question.id,
        label: question.label,
        message: "Answer this, or tick “Ask my account manager”",
      });
    }
  }
  return problems;
}

/** Questions left for the account manager, in catalogue order. */
export function openQuestions(form: FormDefinition, state: FormState): { sectionId: string; questionId: string; label: string }[] {
  const answers = allAnswers(state);
  return form.sections
    .filter((section) => sectionIsAsked(section, answers))
    .flatMap((section) =>
      section.questions.filter((question) => state[section.id]?.askManager.includes(question.id)).map((question) => ({ sectionId: section.id, questionId: question.id, label: question.label })),
    );
}

export function hasAnyAnswer(state: FormState): boolean {
  return Object.values(state).some((section) => Object.values(section.answers).some(isAnswered) || section.askManager.length > 0 || Object.keys(section.secretsLast4).length > 0);
}

const countryNames = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region" }) : undefined;

export function countryName(code: string): string {
  try {
    return countryNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

function display(question: Question, value: AnswerValue | undefined, last4: string | undefined): string {
  if (question.type === "secret") return last4 ? `provided (ending ${last4})` : "";
  if (!isAnswered(value)) return "";
  const label = (raw: string) => question.options?.find((option) => option.value === raw)?.label ?? raw;
  if (question.type === "country-fees") {
    return (value as FeeRow[])
      .map((row) => (row.paidBy === "retailer" ? `${countryName(row.country)}: free label (paid by retailer)` : `${countryName(row.country)}: customer pays ${row.amount?.toFixed(2)} ${row.currency}`))
      .join("; ");
  }
  if (Array.isArray(value)) return (value as string[]).map(label).join(", ");
  if (question.type === "country") return countryName(String(value));
  return label(String(value));
}

export type SummarySection = {
  id: string;
  title: string;
  rows: { id: string; label: string; value: string; askManager: boolean }[];
};

/** The form as a person reads it: every asked question, its answer or that the account manager is asked. */
export function summarize(form: FormDefinition, state: FormState): SummarySection[] {
  const answers = allAnswers(state);
  return form.sections
    .filter((section) => sectionIsAsked(section, answers))
    .map((section) => {
      const saved = state[section.id] ?? emptySection();
      return {
        id: section.id,
        title: section.title,
        rows: section.questions.map((question) => ({
          id: question.id,
          label: question.label,
          value: display(question, saved.answers[question.id], saved.secretsLast4[question.id]),
          askManager: saved.askManager.includes(question.id),
        })),
      };
    });
}

export function summaryText(sections: SummarySection[]): string {
  return sections
    .map((section) => [section.title.toUpperCase(), ...section.rows.map((row) => `  ${row.label}: ${row.askManager ? "(please ask the account manager)" : row.value || "(not answered)"}`)].join("\n"))
    .join("\n\n");
}
