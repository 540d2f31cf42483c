import { db } from "~/utils/db.server";
import { syncProgress, type SyncProgress } from "./order-sync";

/**
 * What the step 5 page and the guide read about the sync: its state and
 * progress, the order webhooks' last deliveries, and the records step 5's
 * completion rule is decided from (app/guide/facts.ts).
 */

export const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "orders/fulfilled", "refunds/create"] as const;

export type SyncView = {
  status: "idle" | "queued" | "running" | "done" | "failed";
  phase: string | null;
  since: string | null;
  bulkStatus: string | null;
  /** Orders Shopify has exported so far (the bulk operation's rootObjectCount). */
  bulkObjectCount: number;
  progress: SyncProgress & {
    /** 0..1 across the whole backfill: Shopify's export, then the import. */
    bar: number;
  };
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  lastError: string | null;
  lastReconciledAt: string | null;
  ordersStored: number;
};

export async function syncView(shop: string, now = new Date()): Promise<SyncView> {
  const [state, ordersStored] = await Promise.all([db.orderSyncState.findUnique({ where: { shop } }), db.order.count({ where: { shop } })]);
  const status = (state?.status ?? "idle") as SyncView["status"];
  return {
    status,
    phase: state?.phase ?? null,
    since: state?.since?.toISOString() ?? null,
    bulkStatus: state?.bulkStatus ?? null,
    bulkObjectCount: state?.bulkObjectCount ?? 0,
    progress: withBar(
      syncProgress({
        ingested: state?.ordersIngested ?? 0,
        estimatedTotal: state?.estimatedTotal ?? null,
        ingestStartedAt: state?.ingestStartedAt ?? null,
        now,
        done: status === "done",
      }),
      { status, phase: state?.phase ?? null, exported: state?.bulkObjectCount ?? 0 },
    ),
    attempts: state?.attempts ?? 0,
    startedAt: state?.startedAt?.toISOString() ?? null,
    finishedAt: state?.finishedAt?.toISOString() ?? null,
    lastError: state?.lastError ?? null,
    lastReconciledAt: state?.lastReconciledAt?.toISOString() ?? null,
    ordersStored,
  };
}

/**
 * Shopify's export takes most of a backfill (the import runs at thousands of orders a second,
 * docs/benchmarks.md), so it fills most of the bar.
 */
const EXPORT_SHARE = 0.8;

export function withBar(progress: SyncProgress, sync: { status: SyncView["status"]; phase: string | null; exported: number }): SyncView["progress"] {
  const total = progress.estimatedTotal;
  let bar = 0;
  if (sync.status === "done") bar = 1;
  else if (sync.phase === "ingesting") bar = EXPORT_SHARE + (1 - EXPORT_SHARE) * (progress.fraction ?? 0);
  else if (total) bar = EXPORT_SHARE * Math.min(1, sync.exported / total);
  else if (total === 0 && sync.status !== "idle") bar = EXPORT_SHARE;
  return { ...progress, bar: Math.round(bar * 1000) / 1000 };
}

/** The page's per-shop settings of the sync: the non-returnable tags, and whether the merchant confirmed handing over the summary. */
export async function syncSettings(shop: string) {
  const row = await db.orderSyncState.findUnique({ where: { shop }, select: { nonReturnableTags: true, summaryConfirmedAt: true } });
  return { nonReturnableTags: row?.nonReturnableTags ?? "final-sale", summaryConfirmed: Boolean(row?.summaryConfirmedAt) };
}

export async function webhookActivity(shop: string) {
  const rows = await db.webhookDelivery.groupBy({ by: ["topic"], where: { shop, topic: { in: [...ORDER_TOPICS] } }, _max: { receivedAt: true } });
  const last = new Map(rows.map((row) => [row.topic, row._max.receivedAt?.toISOString() ?? null]));
  return ORDER_TOPICS.map((topic) => ({ topic, lastDeliveredAt: last.get(topic) ?? null }));
}

export const SUMMARY_FORM = "integration-summary";

/** What step 5's completion rule (`integrationFact` in app/guide/facts.ts) reads, as plain data. */
export type IntegrationRecords = {
  sync: {
    status: string;
    startedAt: string | null;
    finishedAt: string | null;
    lastError: string | null;
    summaryConfirmedAt: string | null;
    summaryConfirmedBy: string | null;
  } | null;
  /** The shop's granted scopes. */
  scopes: string[];
  /** The newest integration summary sent to SEKO by email. */
  summary: { deliveryStatus: string; deliveredAt: string | null; deliveryError: string | null; submittedBy: string } | null;
};

export async function integrationRecords(shop: string): Promise<IntegrationRecords> {
  const [state, shopRow, summary] = await Promise.all([
    db.orderSyncState.findUnique({ where: { shop } }),
    db.shop.findUnique({ where: { shop }, select: { scopes: true } }),
    db.onboardingSubmission.findFirst({ where: { shop, form: SUMMARY_FORM }, orderBy: { version: "desc" } }),
  ]);
  return {
    sync: state && {
      status: state.status,
      startedAt: state.startedAt?.toISOString() ?? null,
      finishedAt: state.finishedAt?.toISOString() ?? null,
      lastError: state.lastError,
      summaryConfirmedAt: state.summaryConfirmedAt?.toISOString() ?? null,
      summaryConfirmedBy: state.summaryConfirmedBy,
    },
    scopes: (shopRow?.scopes ?? "").split(","),
    summary: summary && {
      deliveryStatus: summary.deliveryStatus,
      deliveredAt: summary.deliveredAt?.toISOString() ?? null,
      deliveryError: summary.deliveryError,
      submittedBy: summary.submittedBy,
    },
  };
}
