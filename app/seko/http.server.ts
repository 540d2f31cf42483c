import { createHash, randomUUID } from "node:crypto";
import type { z } from "zod";
import { log } from "~/utils/logger.server";
import { guardedHttpsPost, isInwardAddressError, type OutboundResponse, type Resolver, systemResolver } from "~/utils/outbound.server";
import { SEKO_SYSTEM_NAMES, type SekoConfig, type SekoEndpoint, type SekoSystem } from "./config";
import { sekoUrlProblem } from "./hosts";

/**
 * The one way the app calls SEKO: POST JSON, a timeout per attempt, a
 * correlation id in the request and in every log line, and failures turned
 * into typed, merchant-readable errors. Clients never see raw JSON or a thrown
 * network error. Only SEKO's hosts (or allow-listed ones) are called, and never
 * at an address inside our network (docs/security.md, SSRF).
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

export type RetryPolicy = SekoConfig["retry"];

/** Seams for tests: time, randomness and name resolution. */
export type SekoRuntime = {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  /** Resolves a host name at connect time; every address it gives is checked before connecting. */
  resolve: Resolver;
};

export const realRuntime: SekoRuntime = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
  resolve: systemResolver,
};

/** A client's fixed side of every call: where, who, how patient. */
export type SekoConnection = {
  endpoint: SekoEndpoint;
  /** SEKO_HOST_ALLOWLIST: hosts besides SEKO's own the endpoint may name. */
  allowedHosts: readonly string[];
  /** Header name → value, the key among them. */
  authHeaders: Record<string, string>;
  /** Values that must never reach a log line or an error message. */
  secrets: readonly string[];
  /** How the merchant knows the credential: "access key", "token and retailer name". */
  credentialLabel: string;
  timeoutMs: number;
  retry: RetryPolicy;
  runtime: SekoRuntime;
};

export type SekoCall<T> = {
  /** Path below the base URL, e.g. "/labels/printshipment". */
  path: string;
  body: unknown;
  schema: z.ZodType<T>;
  /**
   * Only calls that are safe to repeat are retried. Label creation is not: a
   * retry after a lost response would print a second label and bill it.
   */
  idempotent: boolean;
  /** What the merchant was doing, for messages: "creating the return label". */
  action: string;
  /** Finds errors SEKO delivered inside a successful HTTP answer. */
  problems?: (json: unknown) => SekoProblem[];
  /** Every attempt, retries included, takes a slot: SEKO counts them all. */
  limiter?: { bucket: TokenBucket; maxWaitMs: number };
};

export const CORRELATION_HEADER = "X-Correlation-Id";

export async function sekoRequest<T>(connection: SekoConnection, call: SekoCall<T>): Promise<Result<T>> {
  // One id per logical call, shared by its retries, so the log lines of one call read together.
  const correlationId = randomUUID();
  const attempts = call.idempotent ? connection.retry.attempts : 1;
  let last: SekoError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (call.limiter) {
      const slot = await call.limiter.bucket.take(call.limiter.maxWaitMs);
      if (!slot.ok) return fail(clientRateLimited(connection.endpoint.system, call.path, slot.retryAfterMs));
    }
    const outcome = await attemptOnce(connection, call, correlationId, attempt);
    if (outcome.result.ok) return outcome.result;
    last = outcome.result.error;
    const delay = attempt < attempts ? retryDelay(connection, last, attempt, outcome.retryAfterMs) : undefined;
    log.warn("seko call failed", {
      correlationId,
      system: connection.endpoint.system,
      operation: call.path,
      attempt,
      kind: last.kind,
      status: "status" in last ? last.status : undefined,
      willRetryInMs: delay,
    });
    if (delay === undefined) break;
    await connection.runtime.sleep(delay);
  }
  // The loop runs at least once and only leaves early with an error in hand.
  return fail(last as SekoError);
}

type Attempt<T> = { result: Result<T>; retryAfterMs?: number };

async function attemptOnce<T>(
  connection: SekoConnection,
  call: SekoCall<T>,
  correlationId: string,
  attempt: number,
): Promise<Attempt<T>> {
  const { endpoint, runtime } = connection;
  const url = `${endpoint.baseUrl}${call.path}`;
  const context = { system: endpoint.system, operation: call.path, correlationId };
  const error = errorFactory(connection, call, context);
  const started = runtime.now();
  // Checked again here, not only when the settings were saved: a config can come from elsewhere,
  // and a host taken off SEKO_HOST_ALLOWLIST must stop receiving the key at once.
  const refused = sekoUrlProblem(endpoint.baseUrl, connection.allowedHosts);
  if (refused) {
    log.warn("seko request refused: host not allowed", { ...context, host: hostOf(endpoint.baseUrl) });
    return { result: fail(error.refusedHost(hostOf(endpoint.baseUrl), "is not one of SEKO's hosts")) };
  }
  log.info("seko request", { ...context, url, attempt, idempotent: call.idempotent });

  let response: OutboundResponse;
  // Covers reading the body too: a host that sends headers then stalls still times out.
  const signal = AbortSignal.timeout(connection.timeoutMs);
  try {
    // Node's https client never follows a redirect: one would carry the key header to whatever
    // host it names, and it usually ends on a login page. A 3xx is read as a failure below.
    response = await guardedHttpsPost(url, {
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "User-Agent": "seko-returns-shopify",
        [CORRELATION_HEADER]: correlationId,
        ...connection.authHeaders,
      },
      body: JSON.stringify(call.body),
      signal,
      resolve: runtime.resolve,
    });
  } catch (thrown) {
    if (isInwardAddressError(thrown)) {
      // The name resolved inside our network: nothing was sent, the key included.
      log.warn("seko request refused: host resolves to an inward address", { ...context, host: thrown.hostname, scope: thrown.scope });
      return { result: fail(error.refusedHost(thrown.hostname, "leads to a private or local network address")) };
    }
    const name = thrown instanceof Error ? thrown.name : "";
    const timedOut = signal.aborted || name === "TimeoutError" || name === "AbortError";
    log.info("seko response", { ...context, attempt, durationMs: runtime.now() - started, outcome: timedOut ? "timeout" : "network" });
    return { result: fail(timedOut ? error.timeout() : error.network()) };
  }
  const text = response.text;

  log.info("seko response", {
    ...context,
    attempt,
    status: response.status,
    contentType: response.headers.get("content-type"),
    durationMs: runtime.now() - started,
  });

  const json = parseJson(text);
  const status = response.status;
  if (status === 401 || status === 403) return { result: fail(error.auth(status)) };
  if (status >= 300 && status < 400) {
    return { result: fail(error.invalid("it redirected the request elsewhere, usually to a login page (is the address in the connection settings right?)", status)) };
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), runtime.now());
    return { result: fail(error.rateLimited(retryAfterMs)), retryAfterMs };
  }
  if (status < 200 || status > 299) {
    const problems = json.ok ? findProblems(json.value) : [];
    if ((status === 400 || status === 422) && problems.length > 0) {
      return { result: fail(authOrApi(error, problems, status)) };
    }
    return { result: fail(error.http(status, problems)) };
  }
  if (!json.ok) return { result: fail(error.invalid(json.reason, status)) };
  // A 2xx with nothing in it is not an answer: SEKO always says something, even "saved".
  if (json.value === null) return { result: fail(error.invalid("it sent an empty answer", status)) };

  const problems = (call.problems ?? findProblems)(json.value);
  if (problems.length > 0) return { result: fail(authOrApi(error, problems, status)) };

  const parsed = call.schema.safeParse(json.value);
  if (!parsed.success) return { result: fail(error.invalid(describeIssue(parsed.error), status)) };
  return { result: ok(parsed.data) };
}

function retryDelay(connection: SekoConnection, error: SekoError, attempt: number, retryAfterMs?: number) {
  const retryable =
    error.kind === "timeout" ||
    error.kind === "network" ||
    (error.kind === "rate_limited" && error.source === "seko") ||
    (error.kind === "http" && (error.status >= 500 || error.status === 408));
  if (!retryable) return undefined;
  const { baseDelayMs, maxDelayMs } = connection.retry;
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  // Half fixed, half random: spreads out shops that failed together without ever retrying instantly.
  const backoff = Math.round(ceiling / 2 + (connection.runtime.random() * ceiling) / 2);
  if (retryAfterMs === undefined) return backoff;
  // SEKO asked for a longer pause than we are willing to hold a request open for.
  if (retryAfterMs > maxDelayMs) return undefined;
  return Math.max(backoff, retryAfterMs);
}

// ---------- errors ----------

function errorFactory(
  connection: SekoConnection,
  call: Pick<SekoCall<unknown>, "action" | "idempotent">,
  context: { system: SekoSystem; operation: string; correlationId: string },
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

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return "(unreadable address)";
  }
}

/** A rate limit decided on our side, before the request was sent. */
function clientRateLimited(system: SekoSystem, operation: string, retryAfterMs: number): SekoError {
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

function authOrApi(error: ReturnType<typeof errorFactory>, problems: SekoProblem[], status: number): SekoError {
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

// ---------- parsing ----------

type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Parses whatever the content type says: some SEKO hosts label JSON as text/html.
 * An empty body (or a literal `null`) parses to null, which no successful answer may be.
 */
function parseJson(text: string): Parsed {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    if (trimmed.startsWith("<")) {
      return { ok: false, reason: "it sent a web page instead of data (is the address in the connection settings right?)" };
    }
    return { ok: false, reason: "the response is not valid JSON" };
  }
}

export function describeIssue(error: z.ZodError) {
  const issue = error.issues[0];
  if (!issue) return "the response does not have the expected shape";
  const where = issue.path.length > 0 ? issue.path.join(".") : "the response";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : "";
  return `${where}: ${issue.message}${more}`.slice(0, 200);
}

function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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
    (Array.isArray(messages) ? messages : [messages])
      .filter((item): item is string => typeof item === "string" && item.length > 0)
      .map((item) => ({ source, field, message: `${field}: ${item}` })),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------- client-side rate limiting ----------

export type TokenBucket = {
  /**
   * Reserves one request slot. Resolves once it may be sent, or at once with
   * `{ ok: false }` when the wait would exceed `maxWaitMs`; nothing is
   * reserved then.
   */
  take: (maxWaitMs: number) => Promise<{ ok: true; waitedMs: number } | { ok: false; retryAfterMs: number }>;
};

/**
 * A token bucket whose balance may go negative: each negative token is a
 * caller already queued, so the wait for the next one is exact without a
 * queue structure.
 */
export function createTokenBucket(options: {
  capacity: number;
  refillPerMinute: number;
  runtime?: Pick<SekoRuntime, "now" | "sleep">;
}): TokenBucket {
  const runtime = options.runtime ?? realRuntime;
  const perMs = options.refillPerMinute / 60_000;
  let tokens = options.capacity;
  let updatedAt = runtime.now();

  return {
    async take(maxWaitMs) {
      const now = runtime.now();
      tokens = Math.min(options.capacity, tokens + (now - updatedAt) * perMs);
      updatedAt = now;
      const waitMs = tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perMs);
      if (waitMs > maxWaitMs) return { ok: false, retryAfterMs: waitMs };
      tokens -= 1;
      if (waitMs > 0) await runtime.sleep(waitMs);
      return { ok: true, waitedMs: waitMs };
    },
  };
}

const buckets = new Map<string, TokenBucket>();

/**
 * SEKO counts requests per account, and clients are created per request, so
 * the bucket lives here, keyed by a hash of host and key (the key itself is
 * not kept as a map key where a heap dump would show it next to its purpose).
 */
export function sharedBucket(scope: string, secret: string, refillPerMinute: number): TokenBucket {
  const id = createHash("sha256").update(`${scope}\n${secret}\n${refillPerMinute}`).digest("hex");
  let bucket = buckets.get(id);
  if (!bucket) {
    bucket = createTokenBucket({ capacity: refillPerMinute, refillPerMinute });
    buckets.set(id, bucket);
  }
  return bucket;
}

/** Builds the fixed part of a client's calls from the shop's configuration. */
export function connectionFor(
  config: SekoConfig,
  endpoint: SekoEndpoint,
  auth: { headers: Record<string, string>; secrets: readonly string[]; credentialLabel: string },
  runtime: Partial<SekoRuntime> = {},
): SekoConnection {
  return {
    endpoint,
    allowedHosts: config.allowedHosts,
    authHeaders: auth.headers,
    secrets: auth.secrets,
    credentialLabel: auth.credentialLabel,
    timeoutMs: config.timeoutMs,
    retry: config.retry,
    runtime: { ...realRuntime, ...runtime },
  };
}
