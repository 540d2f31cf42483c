/**
 * What a questionnaire section shows on screen, and where it comes from: the
 * saved answers, else step 1's answer or what Shopify knows (app/forms/questions.ts
 * `carry` and `prefill`). Pure: no I/O and no DOM, used by the section card.
 */
import { CONFIRM_RETURNS_ABOVE_ORDERS, isAnswered, type AnswerValue, type FeeRow, type SectionState } from "~/forms/answers";
import type { FormId, PrefillKey, Question, Section } from "~/forms/questions";
import { currencyForCountry, returnsAboveOrders } from "~/forms/validation";

export type FeeUi = { country: string; offered: boolean; paidBy: string; amount: string; currency: string };
export type UiValue = string | string[] | FeeUi[];
export type UiState = { values: Record<string, UiValue>; askManager: string[]; confirm: string[] };
/** Where a value on screen came from when the section was never saved. */
export type Source = "shopify" | "step1";

/** What a never-saved section starts from (the questionnaire's props carry these). */
export type Offered = {
  prefill: Partial<Record<PrefillKey, AnswerValue>>;
  /** Answers from the on-boarding form (step 1) for questions that carry them, by question id. */
  carried?: Record<string, AnswerValue>;
  countries: string[];
  currency: string;
};

function toUi(question: Question, value: AnswerValue | undefined, countries: string[], currency: string): UiValue {
  switch (question.type) {
    case "multi":
      return Array.isArray(value) ? (value as string[]) : [];
    case "country-fees": {
      const saved = Array.isArray(value) ? (value as FeeRow[]) : [];
      const codes = [...new Set([...saved.map((row) => row.country), ...countries])];
      return codes.map((country) => {
        const row = saved.find((candidate) => candidate.country === country);
        return {
          country,
          offered: Boolean(row),
          paidBy: row?.paidBy ?? "retailer",
          amount: row?.amount === undefined ? "" : String(row.amount),
          currency: row?.currency ?? currencyForCountry(country, currency),
        };
      });
    }
    case "secret":
      return "";
    default:
      return value === undefined ? "" : String(value);
  }
}

/** What a never-saved question starts with: step 1's answer, else what Shopify knows. */
export function defaultFor(question: Question, props: Pick<Offered, "prefill" | "carried">): { value: AnswerValue; source: Source } | undefined {
  const carried = question.carry ? props.carried?.[question.id] : undefined;
  if (carried !== undefined && isAnswered(carried)) return { value: carried, source: "step1" };
  const prefilled = question.prefill ? props.prefill[question.prefill] : undefined;
  if (prefilled !== undefined && isAnswered(prefilled)) return { value: prefilled, source: "shopify" };
  return undefined;
}

export function initialUi(section: Section, saved: SectionState | undefined, props: Offered): UiState {
  const values: Record<string, UiValue> = {};
  for (const question of section.questions) {
    // Prefill only what was never saved: a saved empty answer stays empty.
    const value = saved ? saved.answers[question.id] : defaultFor(question, props)?.value;
    values[question.id] = toUi(question, value, props.countries, props.currency);
  }
  // Saved numbers that look odd were confirmed when saved (the server refuses them otherwise).
  const confirmed = section.checks?.includes("returns-vs-orders") && saved && returnsAboveOrders(saved.answers.monthlyOrders, saved.answers.monthlyReturns);
  return { values, askManager: saved?.askManager ?? [], confirm: confirmed ? [CONFIRM_RETURNS_ABOVE_ORDERS] : [] };
}

/** Whether what is on screen answers a question (for the submit problems, which clear once it does). */
export function uiAnswered(value: UiValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (value.length === 0) return false;
  return typeof value[0] === "string" || (value as FeeUi[]).some((row) => row.offered);
}

/** The element a problem link moves to: the question's first control. */
export const questionAnchor = (formId: FormId, questionId: string) => `question-${formId}-${questionId}`;
