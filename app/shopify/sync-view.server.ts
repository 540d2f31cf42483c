import { db } from "~/utils/db.server";
import { syncProgress, type SyncProgress } from "./order-sync";

/**
 * What the step 5 page and the guide read about the sync: its state and
 * progress, the order webhooks' last deliveries, and the records step 5's
 * completion rule is decided from (app/onboarding/facts.ts).
 */

export const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "orders/fulfilled", "refunds/create"] as const;

export type SyncView = {
  status: "idle" | "queued" | "running" | "done" | "failed";
  phase: string | null;
  since: string | null;
  bulkStatus: string | null;
  bulkObjectCount: number;
  progress: SyncProgress;
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
    progress: syncProgress({
      ingested: state?.ordersIngested ?? 0,
      estimatedTotal: state?.estimatedTotal ?? null,
      ingestStartedAt: state?.ingestStartedAt ?? null,
      now,
      done: status === "done",
    }),
    attempts: state?.attempts ?? 0,
    startedAt: state?.startedAt?.toISOString() ?? null,
    finishedAt: state?.finishedAt?.toISOString() ?? null,
    lastError: state?.lastError ?? null,
    lastReconciledAt: state?.lastReconciledAt?.toISOString() ?? null,
    ordersStored,
  };
}

export async function webhookActivity(shop: string) {
  const rows = await db.webhookDelivery.groupBy({ by: ["topic"], where: { shop, topic: { in: [...ORDER_TOPICS] } }, _max: { receivedAt: true } });
  const last = new Map(rows.map((row) => [row.topic, row._max.receivedAt?.toISOString() ?? null]));
  return ORDER_TOPICS.map((topic) => ({ topic, lastDeliveredAt: last.get(topic) ?? null }));
}

export const SUMMARY_FORM = "integration-summary";

/** What step 5's completion rule (`integrationFact` in app/onboarding/facts.ts) reads, as plain data. */
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
