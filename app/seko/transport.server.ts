import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { log } from "~/utils/logger.server";
import { guardedHttpsPost, isInwardAddressError, type OutboundResponse, type Resolver, systemResolver } from "~/utils/outbound.server";
import type { SekoConfig, SekoEndpoint } from "./config";
import { authOrApi, clientRateLimited, describeIssue, errorFactory, fail, findProblems, ok, type Result, type SekoError, type SekoProblem } from "./errors";
import { sekoUrlProblem } from "./hosts";
import type { TokenBucket } from "./token-bucket";

/**
 * The one way the app calls SEKO: POST JSON, a timeout per attempt, a
 * correlation id in the request and in every log line, and failures turned
 * into typed, merchant-readable errors. Clients never see raw JSON or a thrown
 * network error. Only SEKO's hosts (or allow-listed ones) are called, and never
 * at an address inside our network (docs/security.md, SSRF).
 */

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

async function attemptOnce<T>(connection: SekoConnection, call: SekoCall<T>, correlationId: string, attempt: number): Promise<Attempt<T>> {
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
    error.kind === "timeout" || error.kind === "network" || (error.kind === "rate_limited" && error.source === "seko") || (error.kind === "http" && (error.status >= 500 || error.status === 408));
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

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return "(unreadable address)";
  }
}

// ---------- reading the answer ----------

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

function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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
