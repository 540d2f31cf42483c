import type { ZodType } from "zod";
import { unauthenticated } from "~/shopify.server";
import { log } from "~/utils/logger.server";
import type { AdminGraphql } from "./admin.server";
import { accessDenied, ShopifyResponseError } from "./admin.server";
import { orderSyncSettings } from "./order-sync-config.server";
import { backoffMs } from "~/utils/backoff";

/**
 * Admin GraphQL for background work (jobs, webhooks' follow-ups, the customer-account endpoint):
 * the shop's offline session ({@link adminFor}) and one caller ({@link callShopify}) that backs
 * off from Shopify's throttling (a `THROTTLED` error with HTTP 200, read against the
 * throttleStatus it reports), 429s (their Retry-After) and 5xx answers, and slows down before the
 * bucket runs dry. Bulk operations are app/shopify/bulk.server.ts.
 */

type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
type GraphqlBody = { data?: unknown; errors?: unknown; extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds until the bucket holds `needed` points again. */
function refillWaitMs(status: ThrottleStatus | undefined, needed: number) {
  if (!status || status.restoreRate <= 0) return 0;
  return Math.max(0, ((needed - status.currentlyAvailable) / status.restoreRate) * 1000);
}

type Classified = { retry: true; waitMs: number; reason: string } | { retry: false };

function graphqlErrorsOf(error: unknown): { codes: string[]; body: GraphqlBody | undefined; list: unknown[] } {
  if (typeof error !== "object" || error === null) return { codes: [], body: undefined, list: [] };
  const body = (error as { body?: GraphqlBody & { errors?: { graphQLErrors?: unknown[] } } }).body;
  const list = (body?.errors as { graphQLErrors?: unknown[] } | undefined)?.graphQLErrors ?? (Array.isArray(body?.errors) ? (body?.errors as unknown[]) : []);
  const codes = list.map((item) => String((item as { extensions?: { code?: unknown } })?.extensions?.code ?? ""));
  return { codes, body, list };
}

function classify(error: unknown, attempt: number): Classified {
  const { codes, body } = graphqlErrorsOf(error);
  const base = backoffMs(attempt, orderSyncSettings.baseDelayMs, orderSyncSettings.maxDelayMs);
  if (codes.includes("THROTTLED")) {
    const requested = body?.extensions?.cost?.requestedQueryCost ?? 0;
    const wait = refillWaitMs(body?.extensions?.cost?.throttleStatus, requested);
    return { retry: true, waitMs: Math.min(orderSyncSettings.maxDelayMs, Math.max(wait, base)), reason: "THROTTLED" };
  }
  const status = (error as { response?: { code?: number; retryAfter?: number } })?.response;
  if (status?.code === 429) {
    const after = (status.retryAfter ?? 0) * 1000;
    return { retry: true, waitMs: Math.min(orderSyncSettings.maxDelayMs, Math.max(after, base)), reason: "HTTP 429" };
  }
  if (status?.code && status.code >= 500) return { retry: true, waitMs: base, reason: `HTTP ${status.code}` };
  // The client gives up on a 429/5xx it was told to retry with this error.
  if (error instanceof Error && error.name === "HttpMaxRetriesError") return { retry: true, waitMs: base, reason: error.message };
  return { retry: false };
}

export class ShopifyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShopifyUnavailableError";
  }
}

/**
 * One GraphQL operation with back-off. Throws ShopifyUnavailableError when
 * Shopify kept refusing (the job is then retried later), ShopifyResponseError
 * for anything else. `unsafeToRepeat`: a mutation that must not run twice (a return created) is
 * sent again only when Shopify refused it unread (THROTTLED, 429); after a 5xx, when it may have
 * run, the caller is told (ShopifyUnavailableError) and checks before trying again.
 */
export async function callShopify<T>(graphql: AdminGraphql, query: string, schema: ZodType<T>, variables?: Record<string, unknown>, { unsafeToRepeat = false } = {}): Promise<T> {
  let lastReason = "";
  for (let attempt = 1; attempt <= orderSyncSettings.callAttempts; attempt++) {
    let body: GraphqlBody;
    try {
      const response = await graphql(query, variables ? { variables } : undefined);
      body = (await response.json()) as GraphqlBody;
    } catch (error) {
      const verdict = classify(error, attempt);
      if (!verdict.retry) {
        const { body: errorBody, list } = graphqlErrorsOf(error);
        throw accessDenied(list) ?? new ShopifyResponseError(error instanceof Error ? error.message : "Shopify answered with errors", errorBody?.errors ?? error);
      }
      if (unsafeToRepeat && verdict.reason !== "THROTTLED" && verdict.reason !== "HTTP 429") {
        throw new ShopifyUnavailableError(`Shopify answered ${verdict.reason}; whether the change was made is checked before it is tried again`);
      }
      lastReason = verdict.reason;
      log.warn("shopify: backing off", { reason: verdict.reason, waitMs: verdict.waitMs, attempt });
      await sleep(verdict.waitMs);
      continue;
    }
    if (body.errors) throw accessDenied(body.errors) ?? new ShopifyResponseError("Shopify answered with errors", body.errors);
    // Keep some headroom so the next call is not the one that gets throttled.
    const status = body.extensions?.cost?.throttleStatus;
    if (status && status.currentlyAvailable < status.maximumAvailable * 0.1) {
      await sleep(Math.min(orderSyncSettings.maxDelayMs, refillWaitMs(status, status.maximumAvailable * 0.2)));
    }
    const parsed = schema.safeParse(body.data);
    if (!parsed.success) throw new ShopifyResponseError("Unexpected response from Shopify", parsed.error.issues);
    return parsed.data;
  }
  throw new ShopifyUnavailableError(`Shopify kept refusing (${lastReason}); will try again later`);
}

/** A shop's Admin GraphQL with its offline session, for background jobs. */
export async function adminFor(shop: string) {
  const { admin } = await unauthenticated.admin(shop);
  return admin.graphql as AdminGraphql;
}
