import type { Prisma } from "@prisma/client";
import type { BackfillOrdersCountQuery, GrantedScopesQuery, OrderAccessProbeQuery } from "~/types/admin.generated";
import { APP_ACTOR } from "~/utils/staff.server";
import { recordActivity } from "~/utils/activity.server";
import { backoffMs } from "~/utils/backoff";
import { db } from "~/utils/db.server";
import { enqueueJob, type JobHandler } from "~/utils/job-queue.server";
import { kickJobs } from "~/utils/job-runner.server";
import { acquireLock, releaseLock } from "~/utils/leases.server";
import { log } from "~/utils/logger.server";
import { ShopifyAccessDeniedError, typed, type AdminGraphql } from "./admin.server";
import { adminFor, callShopify } from "./background-admin.server";
import { BulkDownloadError, downloadLines } from "./bulk-file.server";
import { bulkOperationStatus, CUSTOMER_SCOPE, ordersBulkQuery, startBulkQuery, SYNC_ORDER_CUSTOMER_FRAGMENT, SYNC_ORDER_FRAGMENT } from "./bulk.server";
import { orderSyncSettings } from "./order-sync-config.server";
import { ingestOrderLines } from "./order-ingest.server";
import { backfillSince } from "./order-sync";
import { formatDate } from "~/utils/format-date";
import { shopDateSetting } from "~/utils/shop-dates.server";

/**
 * The backfill (step 5's first import): a state machine run by the `backfill`
 * job, one step per run: start the bulk export, poll it, stream its file into
 * the database under the `backfill` lease, then hand over to reconciliation
 * and the upload. docs/order-sync.md, Lifecycle.
 */

type Tx = Prisma.TransactionClient;

const SCOPES_QUERY = `#graphql
  query GrantedScopes { currentAppInstallation { accessScopes { handle } } }
`;

export async function grantedScopes(graphql: AdminGraphql): Promise<string[]> {
  const result = await callShopify(graphql, SCOPES_QUERY, typed<GrantedScopesQuery>());
  return result.currentAppInstallation.accessScopes.map((scope) => scope.handle);
}

/**
 * Whether the grant lets the sync read whose order it is. A shop that has not accepted
 * read_customers yet (declared after it installed) is synced without customer ids rather than not
 * at all: the ids order webhooks bring are kept, the sync's activity says what is missing, and the
 * integration page lists the access as missing (REQUIRED_SCOPES in app/integration/summary.server.ts).
 */
export const customerIdsReadable = (scopes: readonly string[]) => scopes.includes(CUSTOMER_SCOPE);

/** What the finished sync's activity entry adds when it ran without read_customers. */
export const WITHOUT_CUSTOMER_IDS =
  "Customer ids were not imported: Shopify has not granted the app access to customers (read_customers) yet, so customers cannot start a return from these orders in their account. Open the app again from Shopify admin to grant it: the app then reads the customer of these orders by itself.";

const ORDERS_COUNT_QUERY = `#graphql
  query BackfillOrdersCount($query: String) { ordersCount(query: $query, limit: null) { count } }
`;

/**
 * How many orders the export will hold. Shopify counts in a second what it exports in minutes,
 * so the page's bar has its total from the start instead of from the finished export. A count
 * that fails costs only that: the export's own count replaces it when the export completes.
 */
async function expectedOrders(shop: string, graphql: AdminGraphql, since: Date | null): Promise<number | null> {
  try {
    const query = since ? `created_at:>='${since.toISOString()}'` : null;
    const result = await callShopify(graphql, ORDERS_COUNT_QUERY, typed<BackfillOrdersCountQuery>(), { query });
    return result.ordersCount?.count ?? null;
  } catch (error) {
    log.warn("order sync: could not count the orders to import", { shop, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

/**
 * Starts (or restarts) the backfill. A backfill already under way is left
 * alone: clicking twice, or two admins clicking at once, starts one.
 */
export async function startBackfill(shop: string, by: string = APP_ACTOR) {
  const now = new Date();
  const state = await db.orderSyncState.findUnique({ where: { shop } });
  if (state && (state.status === "queued" || state.status === "running")) return false;
  const reset = {
    status: "queued",
    phase: "starting",
    bulkOperationId: null,
    bulkStatus: null,
    bulkObjectCount: 0,
    linesProcessed: 0,
    ordersIngested: 0,
    estimatedTotal: null,
    attempts: 0,
    startedAt: now,
    ingestStartedAt: null,
    finishedAt: null,
    lastError: null,
  };
  await db.orderSyncState.upsert({ where: { shop }, create: { shop, ...reset }, update: reset });
  await recordActivity(shop, { kind: "sync.started", actor: by, action: state?.finishedAt ? "Started the order sync again" : "Started the order sync" });
  await enqueueJob({ shop, kind: "backfill" });
  kickJobs();
  return true;
}

const pollDelay = (startedAt: Date | null, now: Date) => {
  const elapsed = startedAt ? now.getTime() - startedAt.getTime() : 0;
  return Math.min(orderSyncSettings.maxPollMs, Math.max(orderSyncSettings.pollMs, Math.round(elapsed / 10)));
};

async function retryBulk(shop: string, attempts: number, reason: string) {
  const next = attempts + 1;
  if (next >= orderSyncSettings.maxBulkAttempts) {
    log.warn("order sync: backfill gave up", { shop, reason, attempts: next });
    await db.orderSyncState.update({ where: { shop }, data: { status: "failed", phase: null, attempts: next, lastError: reason } });
    await recordActivity(shop, { kind: "sync.failed", actor: APP_ACTOR, action: "The order sync stopped", detail: reason });
    return;
  }
  log.warn("order sync: bulk operation failed; starting it again", { shop, reason, attempts: next });
  await db.orderSyncState.update({
    where: { shop },
    data: { phase: "starting", attempts: next, lastError: reason, bulkOperationId: null, linesProcessed: 0, ordersIngested: 0 },
  });
  return { rerunAt: new Date(Date.now() + backoffMs(next, orderSyncSettings.pollMs, orderSyncSettings.maxPollMs)) };
}

const ORDER_ACCESS_PROBE = `#graphql
  query OrderAccessProbe { orders(first: 1) { nodes { ...SyncOrderFields ...SyncOrderCustomer } } }
  ${SYNC_ORDER_FRAGMENT}
  ${SYNC_ORDER_CUSTOMER_FRAGMENT}
`;

/**
 * A bulk operation that ends ACCESS_DENIED says no more than that. The same order fields asked for
 * one order say which access is missing: a scope, or protected customer data approval. The probe
 * always asks whose order it is, so read_customers is named too when the grant lost it meanwhile.
 */
async function whyAccessDenied(graphql: AdminGraphql) {
  try {
    await callShopify(graphql, ORDER_ACCESS_PROBE, typed<OrderAccessProbeQuery>());
  } catch (error) {
    if (error instanceof ShopifyAccessDeniedError) return error.message;
  }
  return "Shopify refused the order export (ACCESS_DENIED) without saying which access is missing.";
}

/** One step of the backfill's state machine; the job runs it again until it is done. */
export async function runBackfillStep(shop: string, owner: string): Promise<{ rerunAt: Date } | void> {
  const state = await db.orderSyncState.findUnique({ where: { shop } });
  if (!state || (state.status !== "queued" && state.status !== "running")) return;
  const graphql = await adminFor(shop);
  const now = new Date();

  if (state.phase === "starting" || !state.bulkOperationId) {
    const scopes = await grantedScopes(graphql);
    const since = backfillSince(scopes.includes("read_all_orders"), now);
    const withCustomer = customerIdsReadable(scopes);
    if (!withCustomer) log.warn("order sync: read_customers not granted; exporting orders without their customer ids", { shop });
    const [started, expected] = await Promise.all([startBulkQuery(graphql, ordersBulkQuery(since, withCustomer)), expectedOrders(shop, graphql, since)]);
    if (!started.ok) {
      if (started.busy) {
        await db.orderSyncState.update({ where: { shop }, data: { status: "running", lastError: `Waiting for Shopify: ${started.message}` } });
        return { rerunAt: new Date(Date.now() + orderSyncSettings.maxPollMs) };
      }
      return retryBulk(shop, state.attempts, started.message);
    }
    await db.orderSyncState.update({
      where: { shop },
      data: { status: "running", phase: "exporting", bulkOperationId: started.id, bulkStatus: "CREATED", since, linesProcessed: 0, ordersIngested: 0, estimatedTotal: expected, lastError: null },
    });
    return { rerunAt: new Date(Date.now() + orderSyncSettings.pollMs) };
  }

  const operation = await bulkOperationStatus(graphql, state.bulkOperationId);
  if (!operation) return retryBulk(shop, state.attempts, "Shopify no longer knows the export");
  if (operation.status === "CREATED" || operation.status === "RUNNING") {
    // The orders exported so far (rootObjectCount), not Shopify's objects (orders and their line items): the page counts orders.
    await db.orderSyncState.update({ where: { shop }, data: { bulkStatus: operation.status, bulkObjectCount: operation.rootObjectCount } });
    return { rerunAt: new Date(Date.now() + pollDelay(state.startedAt, now)) };
  }
  if (operation.status === "FAILED" && operation.errorCode === "ACCESS_DENIED") {
    // Trying again cannot help until the access is granted: stop and say what is missing.
    const reason = await whyAccessDenied(graphql);
    log.warn("order sync: access denied", { shop, reason });
    await db.orderSyncState.update({ where: { shop }, data: { status: "failed", phase: null, lastError: reason } });
    await recordActivity(shop, { kind: "sync.failed", actor: APP_ACTOR, action: "The order sync stopped", detail: reason });
    return;
  }
  if (operation.status !== "COMPLETED") {
    return retryBulk(shop, state.attempts, `Shopify's export ended ${operation.status.toLowerCase()}${operation.errorCode ? ` (${operation.errorCode})` : ""}`);
  }

  if (state.phase !== "ingesting") {
    await db.orderSyncState.update({
      where: { shop },
      data: { phase: "ingesting", bulkStatus: "COMPLETED", bulkObjectCount: operation.rootObjectCount, estimatedTotal: operation.rootObjectCount, ingestStartedAt: new Date() },
    });
  }
  // Read before the ingest: a failure here retries the step, after the finish it would lose the activity entry.
  const customerIds = customerIdsReadable(await grantedScopes(graphql));
  const finish = () =>
    db.orderSyncState.update({
      where: { shop },
      data: {
        status: "done",
        phase: null,
        finishedAt: new Date(),
        lastError: null,
        // Orders changed after the export started may be missing: reconciliation reads from here.
        watermark: new Date(Date.parse(operation.createdAt) - 60_000),
      },
    });
  let done: Awaited<ReturnType<typeof finish>>;
  if (operation.url) {
    if (!(await acquireLock(shop, "backfill", owner))) return { rerunAt: new Date(Date.now() + orderSyncSettings.leaseMs / 2) };
    try {
      const fresh = await db.orderSyncState.findUniqueOrThrow({ where: { shop } });
      // Another instance finished this export (or the merchant started a new sync) while this one waited for the lease.
      if (fresh.status !== "running" || fresh.bulkOperationId !== state.bulkOperationId) return;
      await ingestOrderLines(shop, downloadLines(operation.url), {
        skip: fresh.linesProcessed,
        lease: owner,
      });
      // Marked done while the lease is held: an instance taking the lease next finds the export finished.
      done = await finish();
    } catch (error) {
      if (error instanceof BulkDownloadError && error.status >= 400 && error.status < 500) {
        // The file expired or vanished: export again; what was ingested stays (writes are idempotent).
        return retryBulk(shop, state.attempts, error.message);
      }
      throw error;
    } finally {
      await releaseLock(shop, "backfill", owner);
    }
  } else {
    done = await finish();
  }
  await enqueueJob({ shop, kind: "reconcile" });
  await enqueueJob({ shop, kind: "upload" });
  log.info("order sync: backfill done", { shop });
  const imported = `${done.ordersIngested} order${done.ordersIngested === 1 ? "" : "s"} imported`;
  // The day in the shop's zone and locale (app/utils/shop-dates.server.ts), as the log shows it.
  const detail = done.since ? `${imported}, from ${formatDate(done.since, "date", await shopDateSetting(shop))}` : `${imported}, the whole history`;
  await recordActivity(shop, {
    kind: "sync.finished",
    actor: APP_ACTOR,
    action: "The order sync finished",
    detail: customerIds ? detail : `${detail}. ${WITHOUT_CUSTOMER_IDS}`,
  });
}

/** bulk_operations/finish: poll the operation now instead of at the next interval. */
export async function bulkOperationFinished(tx: Tx, shop: string, operationId: string) {
  const state = await tx.orderSyncState.findUnique({ where: { shop }, select: { bulkOperationId: true } });
  if (state?.bulkOperationId !== operationId) return;
  await enqueueJob({ shop, kind: "backfill" }, tx);
}

export const backfillJob: JobHandler = (job, owner) => runBackfillStep(job.shop, owner);
