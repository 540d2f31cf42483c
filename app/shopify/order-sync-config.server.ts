import { configureJobs } from "~/utils/job-queue.server";

/**
 * Tuning of the order sync. Production uses the defaults; tests shorten the
 * waits and run the job queue by hand (`runner: "manual"`) so nothing runs
 * behind a test's back.
 */
export type OrderSyncSettings = {
  /** "auto": jobs run in-process after responses and on timers; "manual": only when drained explicitly. */
  runner: "auto" | "manual";
  /** Shopify back-off (THROTTLED, 429, 5xx): first wait and ceiling. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts per GraphQL call before the job itself is retried later. */
  callAttempts: number;
  /** Bulk operation polling: first interval and ceiling. */
  pollMs: number;
  maxPollMs: number;
  /** Orders per database transaction while ingesting (two batches are in memory at once: one written, one parsed). */
  ingestBatch: number;
  /** The same while order webhooks are arriving: they wait for the ingest's current transaction. */
  ingestBatchBusy: number;
  /** How long a job or lease is held before another process may take it over. */
  leaseMs: number;
  /** Failed or expired bulk operations are started again this many times. */
  maxBulkAttempts: number;
  /** Time between reconciliations ("nightly"). */
  reconcileEveryMs: number;
  /** Order webhooks received within this time are applied together. */
  webhookBatchMs: number;
};

const defaults: OrderSyncSettings = {
  runner: "auto",
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  callAttempts: 6,
  pollMs: 1_000,
  maxPollMs: 30_000,
  ingestBatch: 500,
  ingestBatchBusy: 100,
  leaseMs: 60_000,
  maxBulkAttempts: 5,
  reconcileEveryMs: 24 * 3_600_000,
  webhookBatchMs: 250,
};

export const orderSyncSettings: OrderSyncSettings = { ...defaults };

/** The job queue (app/utils/job-queue.server.ts) runs with the sync's runner mode, lease and retry timing. */
function configureQueue() {
  const { runner, leaseMs, baseDelayMs, webhookBatchMs } = orderSyncSettings;
  configureJobs({ runner, leaseMs, retryMs: baseDelayMs * 5, batchWindowMs: webhookBatchMs });
}

export function configureOrderSync(changes: Partial<OrderSyncSettings>) {
  Object.assign(orderSyncSettings, changes);
  configureQueue();
}

export function resetOrderSyncSettings() {
  Object.assign(orderSyncSettings, defaults);
  configureQueue();
}

let lastOrderWebhookAt = 0;

/** Called by the order webhooks: for a few seconds the ingest commits in smaller batches. */
export function noteOrderWebhook(now = Date.now()) {
  lastOrderWebhookAt = now;
}

/**
 * How many orders the ingest puts in its next transaction: smaller while
 * order webhooks are arriving, so each waits less for the connection
 * (docs/benchmarks.md: p99 during a 100,000-order backfill).
 */
export function ingestBatchSize(now = Date.now()) {
  const { ingestBatch, ingestBatchBusy } = orderSyncSettings;
  return now - lastOrderWebhookAt < 5_000 ? Math.min(ingestBatchBusy, ingestBatch) : ingestBatch;
}
