import type { ZodType } from "zod";
import { unauthenticated } from "~/shopify.server";
import { log } from "~/utils/logger.server";
import type { AdminGraphql } from "./admin.server";
import type { BulkOperationStatusQuery, RunOrdersBulkMutation } from "~/types/admin.generated";
import { accessDenied, ShopifyResponseError, typed } from "./admin.server";
import { orderSyncSettings } from "./order-sync-config.server";
import { backoffMs } from "~/utils/backoff";

/**
 * Admin GraphQL for background work: every call backs off from Shopify's
 * throttling (a `THROTTLED` error with HTTP 200, read against the
 * throttleStatus it reports), 429s (their Retry-After) and 5xx answers, and
 * slows down before the bucket runs dry. Bulk operations and their JSONL
 * result files live here too.
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
 * for anything else.
 */
export async function callShopify<T>(graphql: AdminGraphql, query: string, schema: ZodType<T>, variables?: Record<string, unknown>): Promise<T> {
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

// ---------- bulk operations ----------

/**
 * The order and line item fields a return needs: one definition, typed by codegen, used by the paged
 * queries as fragments and inlined into the bulk export (whose query is data, not an operation).
 */
export const SYNC_ORDER_FRAGMENT = `#graphql
  fragment SyncOrderFields on Order {
    id
    name
    email
    createdAt
    processedAt
    updatedAt
    cancelledAt
    test
    displayFulfillmentStatus
    displayFinancialStatus
    currencyCode
    shippingAddress { firstName lastName name company address1 address2 city province provinceCode zip country countryCodeV2 }
    fulfillments(first: 10) { createdAt status }
  }
`;

export const SYNC_LINE_ITEM_FRAGMENT = `#graphql
  fragment SyncLineItemFields on LineItem {
    id
    sku
    title
    variantTitle
    quantity
    currentQuantity
    unfulfilledQuantity
    requiresShipping
    originalUnitPriceSet { shopMoney { amount } }
    image { url }
    product { id title tags }
    variant {
      id
      sku
      barcode
      title
      inventoryItem { harmonizedSystemCode countryCodeOfOrigin measurement { weight { value unit } } }
    }
  }
`;

/** Children (line items) arrive as lines with `__parentId`. `${filter}` narrows by creation date. */
function bulkOrdersDocument(filter: string) {
  return `#graphql (a bulk export: sent as the query argument, its fragments inlined)
{
  orders${filter} {
    edges {
      node {
        ...SyncOrderFields
        lineItems { edges { node { ...SyncLineItemFields } } }
      }
    }
  }
}
${SYNC_ORDER_FRAGMENT}
${SYNC_LINE_ITEM_FRAGMENT}`;
}

/** Replaces `...Name` spreads by the fragments' fields and drops the definitions: plain selections only. */
export function inlineFragments(document: string): string {
  const bodies = new Map<string, string>();
  let rest = document;
  for (;;) {
    const match = /fragment\s+(\w+)\s+on\s+\w+\s*\{/.exec(rest);
    if (!match) break;
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < rest.length && depth > 0; i++) depth += rest[i] === "{" ? 1 : rest[i] === "}" ? -1 : 0;
    bodies.set(match[1]!, rest.slice(match.index + match[0].length, i - 1));
    rest = rest.slice(0, match.index) + rest.slice(i);
  }
  let previous;
  do {
    previous = rest;
    rest = rest.replace(/\.\.\.\s*(\w+)/g, (spread, name: string) => bodies.get(name) ?? spread);
  } while (rest !== previous);
  return rest.replace(/^\s*#graphql.*$/gm, "").trim();
}

export function ordersBulkQuery(since: Date | null) {
  const filter = since ? `(query: "created_at:>='${since.toISOString()}'", sortKey: CREATED_AT)` : "(sortKey: CREATED_AT)";
  return inlineFragments(bulkOrdersDocument(filter));
}

const RUN_BULK = `#graphql
  mutation RunOrdersBulk($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export type StartedBulk = { ok: true; id: string } | { ok: false; busy: boolean; message: string };

export async function startBulkQuery(graphql: AdminGraphql, query: string): Promise<StartedBulk> {
  const result = (await callShopify(graphql, RUN_BULK, typed<RunOrdersBulkMutation>(), { query })).bulkOperationRunQuery;
  if (result?.bulkOperation && result.userErrors.length === 0) return { ok: true, id: result.bulkOperation.id };
  const error = result?.userErrors[0];
  const busy = error?.code === "OPERATION_IN_PROGRESS" || error?.code === "LIMIT_REACHED";
  return { ok: false, busy, message: error?.message ?? "Shopify did not start the export" };
}

const BULK_STATUS = `#graphql
  query BulkOperationStatus($id: ID!) {
    node(id: $id) {
      ... on BulkOperation { id status errorCode objectCount rootObjectCount url createdAt }
    }
  }
`;

export interface BulkStatus {
  id: string;
  status: string;
  errorCode: string | null;
  /** UnsignedInt64 arrives as a string. */
  objectCount: number;
  rootObjectCount: number;
  url: string | null;
  createdAt: string;
}

export async function bulkOperationStatus(graphql: AdminGraphql, id: string): Promise<BulkStatus | null> {
  const node = (await callShopify(graphql, BULK_STATUS, typed<BulkOperationStatusQuery>(), { id })).node;
  if (!node || !("status" in node)) return null;
  return { id: node.id, status: node.status, errorCode: node.errorCode ?? null, objectCount: Number(node.objectCount), rootObjectCount: Number(node.rootObjectCount), url: node.url ?? null, createdAt: node.createdAt };
}

export class BulkDownloadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "BulkDownloadError";
  }
}

/**
 * The result file as lines, read as it arrives: memory holds one network
 * chunk and one partial line, never the file.
 */
export async function* downloadLines(url: string): AsyncGenerator<string[]> {
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new BulkDownloadError(`The bulk result file could not be downloaded (HTTP ${response.status})`, response.status);
  }
  yield* splitLines(response.body as unknown as AsyncIterable<Uint8Array>);
}

/**
 * Splits a byte or text stream into lines (the JSONL record separator),
 * skipping blank ones. Yields the complete lines of each chunk together: one
 * await per chunk instead of one per line (400,000 lines in a large backfill).
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of chunks) {
    rest += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    const lines: string[] = [];
    let start = 0;
    let end = rest.indexOf("\n", start);
    while (end !== -1) {
      if (end > start) lines.push(rest.slice(start, end));
      start = end + 1;
      end = rest.indexOf("\n", start);
    }
    rest = rest.slice(start);
    if (lines.length) yield lines;
  }
  rest += decoder.decode();
  if (rest.trim()) yield [rest];
}

/** A shop's Admin GraphQL with its offline session, for background jobs. */
export async function adminFor(shop: string) {
  const { admin } = await unauthenticated.admin(shop);
  return admin.graphql as AdminGraphql;
}
