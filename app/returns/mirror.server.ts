/**
 * SEKO's live returns written into Shopify as native returns (docs/returns-in-shopify.md, decision
 * 028). The tracking receiver's route queues a `return-mirror` job per consignment a delivery
 * changed ({@link queueReturnMirror}); the job ({@link returnMirrorJob}) recomputes from the
 * consignment's stored events and its ShopifyReturn row what is missing in Shopify and does it,
 * so SEKO's duplicates, retries and out-of-order deliveries change nothing twice. The plan is pure
 * (./mirror-plan.ts); the Shopify operations are app/shopify/returns.server.ts.
 */
import type { ShopifyReturn, SyncJob } from "@prisma/client";
import { canonicalOrderNumber, echoNames } from "~/seko/order-number";
import { RETURN_STATUSES } from "~/seko/return-statuses";
import { ShopifyAccessDeniedError, type AdminGraphql } from "~/shopify/admin.server";
import { adminFor } from "~/shopify/background-admin.server";
import { grantedScopes } from "~/shopify/backfill.server";
import {
  createReturn,
  createReverseDelivery,
  orderForReturn,
  ordersNamed,
  orderTransactions,
  processReturn,
  readReturn,
  restockItems,
  RETURNS_SCOPE,
  returnReasonIds,
  ReturnUserErrors,
} from "~/shopify/returns.server";
import { liveSince } from "~/launch/go-live.server";
import { testConsignments } from "~/test-returns/test-returns.server";
import { recordActivity } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import { enqueueJob, type JobOutcome } from "~/utils/job-queue.server";
import { kickJobs } from "~/utils/job-runner.server";
import { log } from "~/utils/logger.server";
import { alreadyWritten, findMarkedReturn, itemsNotInReturn, matchLines, nextSteps, reasonHandle, refundPlan, summarise, type MatchedLine, type MirrorState, type Step } from "./mirror-plan";
import { getMirrorSettings, type MirrorSettings } from "./mirror-settings.server";

export const RETURN_MIRROR_JOB = "return-mirror" as const;

/** What the row says when the grant lacks write_returns: the merchant's one fix. */
export const MISSING_SCOPE =
  "Shopify has not granted the app access to returns (write_returns), so nothing was written. Turn on “Show SEKO returns in Shopify” again in Settings to grant access; the app then tries again by itself.";

/**
 * Queues the job for each of these consignments (one per consignment: queued again while waiting,
 * it runs once). Nothing when the setting is off, the shop's grant lacks write_returns, returns are
 * not live yet, or the consignment is a test return's (never written to Shopify). Returns how many.
 */
export async function queueReturnMirror(shop: string, consignmentNos: string[]): Promise<number> {
  const wanted = [...new Set(consignmentNos.map((no) => no.trim()).filter(Boolean))];
  if (!wanted.length) return 0;
  const settings = await getMirrorSettings(shop);
  if (!settings.enabled) return 0;
  const [live, granted, tests] = await Promise.all([liveSince(shop), shopGrants(shop), testConsignments(shop)]);
  if (!live || !granted) return 0;
  const skip = new Set(tests);
  const queued = wanted.filter((no) => !skip.has(no));
  for (const consignmentNo of queued) await enqueueJob({ shop, kind: RETURN_MIRROR_JOB, key: consignmentNo });
  return queued.length;
}

/** States after which nothing more is written unless SEKO sends something new. */
const SETTLED: MirrorState[] = ["received", "processed", "rejected", "closed"];

/**
 * Queues every live return the app holds that is not settled in Shopify yet: for when the setting is
 * turned on, or write_returns is granted (app/routes/webhooks.app.scopes_update.tsx), so returns SEKO
 * reported before that are written too. The same checks as {@link queueReturnMirror}. Returns how many.
 */
export async function queueLiveReturns(shop: string): Promise<number> {
  const created = await db.trackingEvent.findMany({ where: { shop, code: "RC" }, distinct: ["consignmentNo"], select: { consignmentNo: true } });
  const settled = new Set((await db.shopifyReturn.findMany({ where: { shop, state: { in: SETTLED } }, select: { consignmentNo: true } })).map((row) => row.consignmentNo));
  const queued = await queueReturnMirror(
    shop,
    created.map((row) => row.consignmentNo).filter((no) => !settled.has(no)),
  );
  if (queued) kickJobs();
  return queued;
}

/** The grant as the app last heard it (install, the app/scopes_update webhook); the job asks Shopify itself before writing. */
async function shopGrants(shop: string) {
  const row = await db.shop.findUnique({ where: { shop }, select: { scopes: true } });
  return (row?.scopes ?? "").split(",").some((scope) => scope.trim() === RETURNS_SCOPE);
}

/** "Retry" on the Returns page: runs the consignment's job again now, unmatched or failed alike. */
export async function retryReturnMirror(shop: string, consignmentNo: string, by: string): Promise<boolean> {
  const row = await db.shopifyReturn.findUnique({ where: { shop_consignmentNo: { shop, consignmentNo } }, select: { id: true } });
  if (!row) return false;
  await db.shopifyReturn.update({ where: { id: row.id }, data: { attempts: 0 } });
  await enqueueJob({ shop, kind: RETURN_MIRROR_JOB, key: consignmentNo });
  await recordActivity(shop, { kind: "returns-in-shopify.retried", actor: by, action: `Retried writing SEKO return ${consignmentNo} into Shopify` });
  kickJobs();
  return true;
}

type RowUpdate = Partial<Pick<ShopifyReturn, "orderKey" | "orderId" | "orderName" | "returnId" | "reverseFulfillmentOrderId" | "reverseDeliveryId" | "shopifyStatus" | "reason" | "lines">> & {
  state: MirrorState;
};

async function saveRow(shop: string, consignmentNo: string, update: RowUpdate, outcome: { error?: string } = {}) {
  const now = new Date();
  const tried = outcome.error === undefined ? { lastError: null, attempts: 0 } : { lastError: outcome.error.slice(0, 1000), attempts: { increment: 1 } };
  return db.shopifyReturn.upsert({
    where: { shop_consignmentNo: { shop, consignmentNo } },
    create: { shop, consignmentNo, ...update, lastError: tried.lastError, attempts: outcome.error === undefined ? 0 : 1, lastTriedAt: now },
    update: { ...update, ...tried, lastTriedAt: now },
  });
}

/** A failure the merchant can read on the Returns page, then thrown so the queue retries with its back-off. */
class MirrorFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MirrorFailure";
  }
}

function failureMessage(error: unknown) {
  if (error instanceof ShopifyAccessDeniedError && error.denied.some((denied) => /returns/.test(denied.requiredAccess ?? ""))) return MISSING_SCOPE;
  if (error instanceof ReturnUserErrors) return error.message;
  return `Shopify could not be reached or answered with an error (${error instanceof Error ? error.message : String(error)}); the app tries again by itself.`;
}

/** The job: one consignment brought in line with Shopify. */
export async function returnMirrorJob(job: SyncJob): Promise<JobOutcome> {
  const { shop, key: consignmentNo } = job;
  const settings = await getMirrorSettings(shop);
  // Turned off since it was queued, or a test return: nothing is written.
  if (!settings.enabled || (await testConsignments(shop)).includes(consignmentNo)) return;
  const events = await db.trackingEvent.findMany({
    where: { shop, consignmentNo },
    select: { code: true, eventAt: true, itemNo: true, returnReason: true, returnAction: true, trackingNo: true, orderNo: true, orderKey: true, label: true, receivedAt: true },
  });
  const summary = summarise(events);
  const row = await db.shopifyReturn.findUnique({ where: { shop_consignmentNo: { shop, consignmentNo } } });
  if (!summary.created) {
    if (!row?.returnId)
      await saveRow(shop, consignmentNo, { state: "waiting", orderKey: summary.orderKey, reason: `Waiting for SEKO's ${RETURN_STATUSES.RC.label} event, which says what is returned.` });
    return;
  }
  // Nothing new for Shopify (a DS scan after the reverse delivery, SEKO's repeat): not one call.
  if (row && alreadyWritten(summary, row)) return;
  try {
    const graphql = await adminFor(shop);
    if (!(await grantedScopes(graphql)).includes(RETURNS_SCOPE)) throw new MirrorFailure(MISSING_SCOPE);
    let current = row;
    if (!current?.returnId) {
      const created = await createInShopify(shop, consignmentNo, graphql, summary);
      if (!created) return;
      current = created;
    }
    await bringUpToDate(shop, consignmentNo, graphql, summary, current, settings);
  } catch (error) {
    const message = error instanceof MirrorFailure ? error.message : failureMessage(error);
    await saveRow(shop, consignmentNo, { state: "failed", orderKey: summary.orderKey }, { error: message });
    log.warn("return mirror: failed; will retry", { shop, consignmentNo, message });
    throw error instanceof MirrorFailure ? error : new MirrorFailure(message);
  }
}

/** The consignment's order in Shopify: the synced orders first (by canonical number, SEKO's prefix allowed), then Shopify by name. */
async function findOrder(shop: string, graphql: AdminGraphql, orderKey: string) {
  const digits = /(\d+)\D*$/.exec(orderKey)?.[1];
  const synced = digits ? await db.order.findMany({ where: { shop, name: { contains: digits } }, select: { shopifyId: true, name: true }, take: 200 }) : [];
  const named = (name: string) => {
    const key = canonicalOrderNumber(name);
    return key !== null && echoNames(orderKey, key);
  };
  const exact = synced.filter((order) => canonicalOrderNumber(order.name) === orderKey);
  const candidates = exact.length ? exact : synced.filter((order) => named(order.name));
  if (candidates.length === 1) return { id: candidates[0]!.shopifyId, name: candidates[0]!.name };
  if (candidates.length > 1) return null;
  const found = (await ordersNamed(graphql, orderKey)).filter((order) => canonicalOrderNumber(order.name) === orderKey);
  return found.length === 1 ? found[0]! : null;
}

async function unmatched(shop: string, consignmentNo: string, update: Omit<RowUpdate, "state">) {
  await saveRow(shop, consignmentNo, { ...update, state: "unmatched" });
  log.info("return mirror: unmatched", { shop, consignmentNo, reason: update.reason });
  return null;
}

/** Finds the order and opens its return, unless the marker says this job already did; null when unmatched. */
async function createInShopify(shop: string, consignmentNo: string, graphql: AdminGraphql, summary: ReturnType<typeof summarise>) {
  const orderKey = summary.orderKey;
  if (!orderKey) return unmatched(shop, consignmentNo, { orderKey, reason: "SEKO sent no order number with this return." });
  const found = await findOrder(shop, graphql, orderKey);
  if (!found) return unmatched(shop, consignmentNo, { orderKey, reason: `No one Shopify order is named ${summary.orderNo ?? orderKey} (as SEKO wrote it).` });
  const order = await orderForReturn(graphql, found.id);
  if (!order) return unmatched(shop, consignmentNo, { orderKey, orderId: found.id, reason: `Shopify no longer has order ${found.name}.` });
  const base = { orderKey, orderId: order.id, orderName: order.name };
  // A return created before whose answer was lost: its lines carry this consignment's marker.
  const marked = findMarkedReturn(order.returns, consignmentNo);
  if (marked) return saveRow(shop, consignmentNo, { ...base, returnId: marked.id, shopifyStatus: marked.status, state: "open", reason: null });
  const match = matchLines(consignmentNo, order.name, summary, order.returnable);
  if (!match.ok) return unmatched(shop, consignmentNo, { ...base, reason: match.reasons.join(" ") });
  const reasons = await returnReasonIds(graphql, [...new Set(match.lines.map((line) => reasonHandle(line.returnReason)))]);
  const created = await createReturn(
    graphql,
    order.id,
    match.lines.map((line) => {
      const definition = reasons.get(reasonHandle(line.returnReason));
      return { fulfillmentLineItemId: line.fulfillmentLineItemId, quantity: line.quantity, returnReasonNote: line.note, ...(definition ? { returnReasonDefinitionId: definition } : {}) };
    }),
  );
  log.info("return mirror: return created", { shop, consignmentNo, returnId: created.id });
  return saveRow(shop, consignmentNo, { ...base, returnId: created.id, shopifyStatus: created.status, lines: JSON.stringify(match.lines), state: "open", reason: null });
}

/** Reads the return as Shopify has it and does what the plan says is left. */
async function bringUpToDate(shop: string, consignmentNo: string, graphql: AdminGraphql, summary: ReturnType<typeof summarise>, row: ShopifyReturn, settings: MirrorSettings) {
  const snapshot = await readReturn(graphql, row.returnId!);
  if (!snapshot) {
    await saveRow(shop, consignmentNo, { state: "closed", reason: "The return is no longer in Shopify; nothing more is written." });
    return;
  }
  const plan = nextSteps(consignmentNo, summary, snapshot, { ...settings, chosenAt: settings.updatedAt });
  const ids: Pick<RowUpdate, "reverseFulfillmentOrderId" | "reverseDeliveryId"> = { reverseFulfillmentOrderId: row.reverseFulfillmentOrderId ?? snapshot.reverseFulfillmentOrders[0]?.id ?? null };
  const existing = snapshot.reverseFulfillmentOrders.flatMap((order) => order.deliveries)[0];
  if (existing) ids.reverseDeliveryId = existing;
  let reason = plan.reason;
  let state = plan.state;
  for (const step of plan.steps) {
    const outcome = await perform(graphql, row, step);
    if (outcome.deliveryId) ids.reverseDeliveryId = outcome.deliveryId;
    if (outcome.leftForStaff) {
      state = "received";
      reason = outcome.leftForStaff;
    }
  }
  const extra = itemsNotInReturn(summary, parseLines(row.lines));
  if (extra.length && row.lines !== "[]")
    reason = [reason, `SEKO reported more items after the return was made in Shopify (${extra.join(", ")}); add them in Shopify if they came back.`].filter(Boolean).join(" ");
  await saveRow(shop, consignmentNo, { ...ids, state, reason, shopifyStatus: snapshot.status });
}

function parseLines(text: string): Pick<MatchedLine, "sku" | "quantity">[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? (value as MatchedLine[]) : [];
  } catch {
    return [];
  }
}

async function perform(graphql: AdminGraphql, row: ShopifyReturn, step: Step): Promise<{ deliveryId?: string; leftForStaff?: string }> {
  switch (step.kind) {
    case "deliver": {
      // SEKO's tracking number; no tracking URL and no label file are known for a portal return (docs/returns-in-shopify.md).
      const delivery = await createReverseDelivery(graphql, {
        reverseFulfillmentOrderId: step.reverseFulfillmentOrderId,
        lineItems: step.lineItems,
        tracking: { number: step.trackingNumber },
        labelUrl: null,
      });
      return { deliveryId: delivery.id };
    }
    case "restock":
      await restockItems(graphql, step.lines, step.locationId);
      return {};
    case "process": {
      const refund = refundPlan(step.lines, await orderTransactions(graphql, row.orderId!));
      // No refund that cannot be made exactly: the return waits for staff, with why.
      if (!refund.ok) return { leftForStaff: refund.reason };
      await processReturn(graphql, { returnId: row.returnId!, lines: step.lines.map(({ id, quantity }) => ({ id, quantity })), refund: refund.transactions.length ? refund.transactions : null });
      return {};
    }
  }
}
