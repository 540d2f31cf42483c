/**
 * Bulk operations once started: their status over time (CREATED, RUNNING, then COMPLETED, FAILED,
 * CANCELED or EXPIRED), their GraphQL view, their search fields, the result files served by the
 * msw handler in ../shopify.ts, and the root fields that read and cancel them. Starting one is
 * ./bulk-query-runner.ts.
 */
import { connection, type SortedArgs } from "./connections";
import { numericId, type Ctx, type Obj } from "./resolver-context";
import { applySearch, dateMatcher, idMatcher, type SearchFields } from "./search-syntax";
import type { BulkOperationRecord, BulkOperationStatus } from "./shop-runtime";

export const MAX_CONCURRENT_BULK_QUERIES = 5;
export const BULK_STORAGE_ORIGIN = "https://storage.shopifycloud.test";
const BULK_URL_LIFETIME_MS = 7 * 86_400_000;

// Bulk result files: stored when a bulk query starts (./bulk-query-runner.ts), served by the msw handler in ../shopify.ts.

export const bulkFiles = new Map<string, { record: BulkOperationRecord }>();

export function readBulkFile(fileName: string, nowMs = Date.now()): { status: "ok"; body: string } | { status: "missing" | "expired" } {
  const entry = bulkFiles.get(fileName);
  if (!entry) return { status: "missing" };
  const view = bulkStatus(entry.record, nowMs);
  if (view.status === "EXPIRED") return { status: "expired" };
  if (view.status !== "COMPLETED") return { status: "missing" };
  return { status: "ok", body: entry.record.jsonl };
}

export function resetBulkFiles() {
  bulkFiles.clear();
}

const BULK_SEARCH: SearchFields<BulkOperationRecord> = {
  fields: {
    status: (r, _c, v) => bulkStatus(r, Date.now()).status.toLowerCase() === v.toLowerCase(),
    operation_type: (r, _c, v) => r.type.toLowerCase() === v.toLowerCase(),
    created_at: dateMatcher((r) => new Date(r.createdAtMs).toISOString()),
    id: idMatcher((r) => r.id),
  },
  text: () => true,
};

export function bulkStatus(record: BulkOperationRecord, nowMs: number): { status: BulkOperationStatus; fraction: number; finishedAtMs: number | null } {
  if (record.canceledAtMs !== null) return { status: "CANCELED", fraction: 0, finishedAtMs: record.canceledAtMs };
  const elapsed = nowMs - record.createdAtMs;
  if (elapsed < record.durationMs) {
    const fraction = elapsed / record.durationMs;
    return { status: fraction < 0.2 ? "CREATED" : "RUNNING", fraction, finishedAtMs: null };
  }
  const finishedAtMs = record.createdAtMs + record.durationMs;
  if (record.failWith) return { status: "FAILED", fraction: 1, finishedAtMs };
  if (nowMs > finishedAtMs + BULK_URL_LIFETIME_MS) return { status: "EXPIRED", fraction: 1, finishedAtMs };
  return { status: "COMPLETED", fraction: 1, finishedAtMs };
}

export function bulkOperationView(record: BulkOperationRecord, nowMs: number, forceStatus?: BulkOperationStatus): Obj {
  const state = bulkStatus(record, nowMs);
  const status = forceStatus ?? state.status;
  const done = status === "COMPLETED";
  const objectCount =
    done || status === "EXPIRED" ? record.objectCount : status === "FAILED" ? Math.floor(record.objectCount / 2) : status === "RUNNING" ? Math.floor(record.objectCount * state.fraction) : 0;
  return {
    __typename: "BulkOperation",
    id: record.id,
    type: record.type,
    status,
    errorCode: status === "FAILED" ? record.failWith : null,
    query: record.query,
    createdAt: new Date(record.createdAtMs).toISOString(),
    completedAt: state.finishedAtMs !== null && (status === "COMPLETED" || status === "FAILED" || status === "EXPIRED" || status === "CANCELED") ? new Date(state.finishedAtMs).toISOString() : null,
    objectCount: String(objectCount),
    rootObjectCount: String(done || status === "EXPIRED" ? record.rootObjectCount : Math.floor(record.rootObjectCount * state.fraction)),
    fileSize: done && record.objectCount > 0 ? String(Buffer.byteLength(record.jsonl)) : null,
    // Shopify gives no URL when the query matched nothing.
    url: done && record.objectCount > 0 ? `${BULK_STORAGE_ORIGIN}/bulk/${record.fileName}` : null,
    partialDataUrl: null,
  };
}

/** The root fields that read bulk operations and cancel one. */
export const bulkOperationRootFields = {
  currentBulkOperation: (args: { type?: string }, ctx: Ctx) => {
    const latest = ctx.runtime.bulkOperations.filter((r) => r.type === (args.type ?? "QUERY")).at(-1);
    return latest ? bulkOperationView(latest, ctx.nowMs) : null;
  },
  bulkOperation: (args: { id: string }, ctx: Ctx) => {
    const record = ctx.runtime.bulkOperations.find((r) => r.id === args.id);
    return record ? bulkOperationView(record, ctx.nowMs) : null;
  },
  bulkOperations: (args: SortedArgs, ctx: Ctx) => {
    const records = applySearch(ctx.runtime.bulkOperations, args.query, BULK_SEARCH, ctx, "bulkOperations");
    const completed = args.sortKey === "COMPLETED_AT";
    return connection(
      records,
      args,
      ctx,
      (r) => [completed ? (bulkStatus(r, ctx.nowMs).finishedAtMs ?? 0) : r.createdAtMs, numericId(r.id)],
      (r) => bulkOperationView(r, ctx.nowMs),
      { defaultDescending: true },
    );
  },
  bulkOperationCancel: (args: { id: string }, ctx: Ctx) => {
    const record = ctx.runtime.bulkOperations.find((r) => r.id === args.id);
    if (!record) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    const status = bulkStatus(record, ctx.nowMs).status;
    if (status !== "CREATED" && status !== "RUNNING") {
      return { bulkOperation: bulkOperationView(record, ctx.nowMs), userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${status.toLowerCase()}` }] };
    }
    record.canceledAtMs = ctx.nowMs;
    return { bulkOperation: bulkOperationView(record, ctx.nowMs, "CANCELING"), userErrors: [] };
  },
};
