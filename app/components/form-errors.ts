import type { SubmissionResult } from "@conform-to/react";

/**
 * The admin's one form convention: actions parse with conform's `parseWithZod` and answer with
 * `submission.reply()` (field errors under `error`, by field name; form-level ones under ""),
 * and pages show the first error of a field through Polaris' `error=` prop.
 */
export function fieldError(result: SubmissionResult | undefined | null, name: string): string | undefined {
  return result?.error?.[name]?.[0] ?? undefined;
}

/** The error that belongs to the whole form rather than one field (conform keeps it under ""). */
export function formError(result: SubmissionResult | undefined | null): string | undefined {
  return result?.error?.[""]?.[0] ?? undefined;
}
