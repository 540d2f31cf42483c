import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { SEKO_SYSTEM_NAMES, type SekoEndpoint, type SekoSystem } from "./config";

/**
 * SEKO's failures as typed errors: the complaints SEKO writes in its answers
 * (even inside an HTTP 200), read out of the body, and the merchant-readable
 * message of each kind of failure, scrubbed of the credential. No I/O: the
 * transport (app/seko/transport.server.ts) decides which failure happened.
 */

export type Result<T, E = SekoError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

/** One complaint SEKO made about a request, from `Errors[]`, `ValidationErrors` or `Rejected[]`. */
export type SekoProblem = {
  source: "Errors" | "ValidationErrors" | "Rejected";
  message: string;
  /** The request field SEKO blames, e.g. "Destination.Address.CountryCode". */
  field?: string;
};

type ErrorBase = {
  /** Shown to the merchant as is: never contains a key. */
  message: string;
  system: SekoSystem;
  operation: string;
  /** Sent to SEKO as X-Correlation-Id and present in every log line of the call. */
  correlationId: string;
  /** How far a multi-request call got before it failed. */
  progress?: { done: number; total: number };
};

export type SekoError = ErrorBase &
  (
    | { kind: "http"; status: number; problems: SekoProblem[] }
    | { kind: "timeout"; timeoutMs: number }
    | { kind: "network" }
    | { kind: "invalid_response"; reason: string; status?: number }
    | { kind: "api"; problems: SekoProblem[]; status: number }
    | { kind: "rate_limited"; retryAfterMs?: number; source: "seko" | "client" }
    | { kind: "auth"; status: number }
    /** Our own payload failed its schema before anything was sent. */
    | { kind: "invalid_request"; reason: string }
    /** Nothing was sent: the host is not SEKO's, or its name leads to an address inside our network. */
    | { kind: "refused_host"; host: string }
  );

export type SekoErrorKind = SekoError["kind"];

/** Where a failure happened, repeated in every error of one call. */
type ErrorContext = { system: SekoSystem; operation: string; correlationId: string };

/** The errors of one call, worded for its SEKO system, credential and action. */
export function errorFactory(
  connection: { endpoint: Pick<SekoEndpoint, "system">; secrets: readonly string[]; timeoutMs: number; credentialLabel: string },
  call: { action: string; idempotent: boolean },
  context: ErrorContext,
) {
  const name = SEKO_SYSTEM_NAMES[connection.endpoint.system];
  const clean = (text: string) => scrub(text, connection.secrets);
  const cleanProblem = (problem: SekoProblem): SekoProblem => ({
    ...problem,
    message: clean(tidy(problem.message)),
    field: problem.field === undefined ? undefined : clean(tidy(problem.field, 100)),
  });
  // For a call that creates something, an unanswered request may still have succeeded at SEKO.
  const maybeDone = call.idempotent ? "" : ` ${name} may still have completed it: check there before trying again.`;
  return {
    http: (status: number, problems: SekoProblem[]): SekoError => {
      const cleaned = problems.map(cleanProblem);
      return {
        ...context,
        kind: "http",
        status,
        problems: cleaned,
        message:
          status >= 500
            ? `${name} had a problem while ${call.action} (HTTP ${status}). This is usually temporary.${maybeDone}`
            : `${name} refused the request while ${call.action} (HTTP ${status}).${summarise(cleaned)}`,
      };
    },
    timeout: (): SekoError => ({
      ...context,
      kind: "timeout",
      timeoutMs: connection.timeoutMs,
      message: `${name} did not answer within ${formatSeconds(connection.timeoutMs)} while ${call.action}.${maybeDone}`,
    }),
    network: (): SekoError => ({
      ...context,
      kind: "network",
      message: `Could not reach ${name} while ${call.action}. Check the connection settings and try again.`,
    }),
    invalid: (reason: string, status?: number): SekoError => ({
      ...context,
      kind: "invalid_response",
      reason: clean(reason),
      status,
      message: clean(`${name} sent an answer we could not read while ${call.action}: ${reason}.${maybeDone}`),
    }),
    api: (problems: SekoProblem[], status: number): SekoError => {
      const cleaned = problems.map(cleanProblem);
      return {
        ...context,
        kind: "api",
        status,
        problems: cleaned,
        message: `${name} rejected the request while ${call.action}.${summarise(cleaned)}`,
      };
    },
    rateLimited: (retryAfterMs?: number): SekoError => ({
      ...context,
      kind: "rate_limited",
      source: "seko",
      retryAfterMs,
      message: `${name} is limiting how fast we can call it.${retryAfterMs ? ` Try again in ${formatSeconds(retryAfterMs)}.` : " Try again in a minute."}`,
    }),
    auth: (status: number): SekoError => ({
      ...context,
      kind: "auth",
      status,
      message: `${name} did not accept the ${connection.credentialLabel}. Check it in the SEKO connection settings.`,
    }),
    refusedHost: (host: string, reason: string): SekoError => ({
      ...context,
      kind: "refused_host",
      host,
      message: `${name} was not called while ${call.action}: the host ${host} in the connection settings ${reason}. Nothing was sent; correct the host override in Settings.`,
    }),
  };
}

/** A rate limit decided on our side, before the request was sent. */
export function clientRateLimited(system: SekoSystem, operation: string, retryAfterMs: number): SekoError {
  return {
    kind: "rate_limited",
    source: "client",
    system,
    operation,
    correlationId: randomUUID(),
    retryAfterMs,
    message: `${SEKO_SYSTEM_NAMES[system]} allows only a limited number of requests per minute. Try again in ${formatSeconds(retryAfterMs)}.`,
  };
}

export function invalidRequest(system: SekoSystem, operation: string, problem: z.ZodError | string): SekoError {
  const reason = typeof problem === "string" ? problem : describeIssue(problem);
  return {
    kind: "invalid_request",
    system,
    operation,
    correlationId: randomUUID(),
    reason,
    message: `The details to send to ${SEKO_SYSTEM_NAMES[system]} are incomplete: ${reason}.`,
  };
}

// SEKO answers a bad key in a 200 on some hosts; the wording is the only signal.
const AUTH_WORDING =
  /unauthori[sz]ed|not authori[sz]ed|authenticat|forbidden|(access|authori[sz]ation|permission)\b.*\bdenied|(access[\s_-]?key|api[\s_-]?key|token|retailer)\b.*\b(invalid|not valid|missing|expired|required|not found|not recogni[sz]ed)|(invalid|missing|unknown|wrong)\s+(access[\s_-]?key|api[\s_-]?key|token|retailer)/i;

export function authOrApi(error: ReturnType<typeof errorFactory>, problems: SekoProblem[], status: number): SekoError {
  if (problems.some((problem) => AUTH_WORDING.test(problem.message))) return error.auth(status);
  return error.api(problems, status);
}

function summarise(problems: SekoProblem[]) {
  if (problems.length === 0) return "";
  const shown = problems.slice(0, 3).map((problem) => problem.message.replace(/\.$/, ""));
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : "";
  return ` ${shown.join("; ")}${more}.`;
}

/**
 * SEKO's own words reach the merchant (they name the field to fix), but only
 * as plain, short text: no markup, no control characters, never a page.
 */
function tidy(text: string, max = 200) {
  const plain = text
    .replace(/<[^>]*>/g, " ")
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

function formatSeconds(ms: number) {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

/** Replaces every credential value in a text SEKO wrote (it sometimes echoes the key back). */
export function scrub(text: string, secrets: readonly string[]) {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join("[redacted]");
  }
  return result;
}

export function describeIssue(error: z.ZodError) {
  const issue = error.issues[0];
  if (!issue) return "the response does not have the expected shape";
  const where = issue.path.length > 0 ? issue.path.join(".") : "the response";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : "";
  return `${where}: ${issue.message}${more}`.slice(0, 200);
}

/**
 * Errors SEKO delivers inside HTTP 200. `Errors`/`Error` are arrays of
 * {Property, Message} or strings; `ValidationErrors` is one such object, an
 * array of them, or a map of field → messages depending on the endpoint.
 * Bodies that are nothing but a verdict count too: a failure flag
 * (`success: false`, `status: "error"`, `Status: 401`...), or a body of only
 * words (ASP.NET's `{ Message }`, what SEKO's .NET hosts send with a 401 or
 * 500) whose message reads as a refusal.
 */
export function findProblems(json: unknown, options: { rejected?: boolean; item?: boolean } = {}): SekoProblem[] {
  if (!isRecord(json)) {
    // Items of a list answer (statusv2) are data: a consignment's Status is not a verdict on the call.
    return Array.isArray(json) ? json.flatMap((item) => findProblems(item, { ...options, item: true })) : [];
  }
  const problems: SekoProblem[] = [];
  for (const key of ["Errors", "Error", "errors", "error"]) {
    problems.push(...problemsFrom(json[key], "Errors"));
  }
  problems.push(...problemsFrom(json.ValidationErrors, "ValidationErrors"));
  if (options.rejected && Array.isArray(json.Rejected)) {
    for (const item of json.Rejected) {
      if (!isRecord(item)) continue;
      const who = [item.CarrierName, item.DeliveryType].filter((part) => typeof part === "string" && part).join(" ");
      const reason = typeof item.Reason === "string" && item.Reason ? item.Reason : "rejected";
      problems.push({ source: "Rejected", message: who ? `${who}: ${reason}` : reason });
    }
  }
  if (problems.length === 0 && !options.item) {
    const verdict = verdictOnly(json);
    if (verdict) problems.push({ source: "Errors", message: verdict });
  }
  return problems;
}

const MESSAGE_KEYS = ["Message", "message", "ErrorMessage", "errorMessage", "error_description"] as const;
/** Keys of a body that carries a verdict and no data. */
const VERDICT_KEYS = new Set([
  ...MESSAGE_KEYS,
  "MessageDetail",
  "ExceptionMessage",
  "ExceptionType",
  "StackTrace",
  "InnerException",
  "status",
  "Status",
  "StatusCode",
  "statusCode",
  "code",
  "Code",
  "success",
  "Success",
  "IsSuccess",
  "isSuccess",
  "HasErrors",
  "title",
  "traceId",
  "type",
]);
const FAILED_STATUS = /^(error|errors|fail|failed|failure|denied|unauthori[sz]ed|forbidden|invalid|rejected)$/i;
const ERROR_WORDING =
  /\b(error|errors|fail(s|ed|ure)?|invalid|denied|unauthori[sz]ed|forbidden|not (allowed|authori[sz]ed|found|valid|accepted)|required|missing|expired|exception|refused|rejected)\b/i;

/** The failure a body states about itself, or undefined when it states none. */
function verdictOnly(json: Record<string, unknown>): string | undefined {
  const message = MESSAGE_KEYS.map((key) => json[key]).find((value): value is string => typeof value === "string" && value.trim() !== "");
  const statuses = [json.status, json.Status, json.StatusCode, json.statusCode, json.code, json.Code];
  const failed =
    [json.success, json.Success, json.IsSuccess, json.isSuccess, json.status, json.Status].includes(false) ||
    json.HasErrors === true ||
    statuses.some((value) => (typeof value === "number" && value >= 400) || (typeof value === "string" && FAILED_STATUS.test(value.trim())));
  if (failed) return message ?? "the request was not accepted";
  const succeeded = [json.success, json.Success, json.IsSuccess, json.isSuccess, json.status, json.Status].includes(true);
  if (succeeded || message === undefined) return undefined;
  // Nothing but words: ASP.NET's error object, or a message that reads as a refusal
  // ("Authorization has been denied for this request."). A bare "Deleted" stays a success.
  const onlyWords = Object.keys(json).every((key) => VERDICT_KEYS.has(key));
  const aspNetError = "ExceptionMessage" in json || "MessageDetail" in json || "StackTrace" in json;
  if (onlyWords && (aspNetError || ERROR_WORDING.test(message) || AUTH_WORDING.test(message))) return message;
  return undefined;
}

function problemsFrom(value: unknown, source: SekoProblem["source"]): SekoProblem[] {
  if (value === null || value === undefined || value === "" || value === false) return [];
  if (typeof value === "string") return [{ source, message: value }];
  if (Array.isArray(value)) return value.flatMap((item) => problemsFrom(item, source));
  if (!isRecord(value)) return [];
  const message = value.Message ?? value.message ?? value.ErrorMessage;
  if (typeof message === "string" && message) {
    const field = value.Property ?? value.Key ?? value.field;
    return [{ source, message, field: typeof field === "string" && field ? field : undefined }];
  }
  // ASP.NET ModelState style: { "Destination.Address.CountryCode": ["is required"] }.
  return Object.entries(value).flatMap(([field, messages]) =>
    (Array.isArray(messages) ? messages : [messages]).filter((item): item is string => typeof item === "string" && item.length > 0).map((item) => ({ source, field, message: `${field}: ${item}` })),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
