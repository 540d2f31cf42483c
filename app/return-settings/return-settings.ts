/**
 * The shop's return settings: where returns are offered from and who pays, the return window, the
 * reasons and options customers choose from. One reading of step 1's answers, with one empty value
 * per setting, that the guide, test returns, go-live, notifications, the customer-account endpoint
 * and the storefront all use. Pure (return-settings.server.ts loads them for a shop).
 */
import { allAnswers, type FeeRow, type FormState } from "~/forms/answers";

function lines(value: unknown): string[] {
  if (typeof value !== "string") return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of value.split(/\r?\n/)) {
    const reason = line.trim();
    if (!reason || seen.has(reason.toLowerCase())) continue;
    seen.add(reason.toLowerCase());
    out.push(reason);
  }
  return out;
}

export type ReturnSettings = {
  /** The countries returns are offered from, in step 1's order; empty while step 1 names none. */
  countries: string[];
  /** Step 1's return reasons, in the merchant's order and spelling. */
  reasons: string[];
  /** The reasons that put a return on hold for review (the faulty-item flow); a subset of `reasons`. */
  reviewReasons: string[];
  /** Return options offered (refund, credit, exchange, none). */
  options: string[];
  /** Countries returns are offered from, with who pays. */
  fees: FeeRow[];
  /** The store currency step 1 gives (SEKO's rates are assumed to be in it). */
  currency?: string;
  /** Days a customer has to start a return: 0 means no limit; null while step 1 has no answer. */
  windowDays: number | null;
};

export function returnSettings(onboarding: FormState): ReturnSettings {
  const answers = allAnswers(onboarding);
  const reasons = lines(answers.returnReasons);
  const known = new Map(reasons.map((reason) => [reason.toLowerCase(), reason]));
  const reviewReasons = lines(answers.reviewReasons).flatMap((reason) => known.get(reason.toLowerCase()) ?? []);
  const options = Array.isArray(answers.returnOptions) ? (answers.returnOptions as string[]).filter((value) => typeof value === "string") : [];
  const fees = Array.isArray(answers.countryFees) ? (answers.countryFees as FeeRow[]) : [];
  const currency = typeof answers.currency === "string" && /^[A-Z]{3}$/.test(answers.currency) ? answers.currency : fees[0]?.currency;
  const windowDays = windowDaysFrom(answers.returnWindowDays);
  return { countries: fees.map((row) => row.country), windowDays, reasons, reviewReasons, options, fees, currency };
}

export const RETURN_OPTION_LABELS: Record<string, string> = {
  refund: "Refund",
  credit: "Credit note",
  exchange: "Exchange",
  none: "No action",
};

/** SEKO's ReturnAction spelling for each option (SEKO's exact spellings are unknown: docs/seko.md). */
export const RETURN_ACTION: Record<string, string> = { refund: "Refund", credit: "Credit Note", exchange: "Exchange", none: "No Action" };

export function needsReview(config: ReturnSettings, reason: string) {
  return config.reviewReasons.some((candidate) => candidate.toLowerCase() === reason.toLowerCase());
}

/** Step 1's answer as a whole number of days, or null when missing or not a number. */
export function windowDaysFrom(answer: unknown): number | null {
  const value = typeof answer === "string" && answer.trim() !== "" ? Number(answer) : answer;
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null;
}
