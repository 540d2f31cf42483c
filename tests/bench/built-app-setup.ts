/**
 * What the flood and soak benchmarks set up before the production build starts (./app-instance.ts)
 * and count once it has stopped: installed shops, SEKO tracking credentials, and what reached the
 * database. Runs in the orchestrator's process, after ./env chose the database, on the same
 * database the served build uses.
 */
import { DEMO_SCOPES } from "../setup/config";

/** An installed shop: its offline session (the token the served build's simulated Shopify is told to accept) and its row. */
export async function installShop(shop: string, token: string) {
  const { Session } = await import("@shopify/shopify-api");
  const { sessionStorage } = await import("~/shopify.server");
  const { db } = await import("~/utils/db.server");
  const session = new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, scope: DEMO_SCOPES });
  session.accessToken = token;
  await sessionStorage!.storeSession(session);
  await db.shop.upsert({ where: { shop }, create: { shop, scopes: DEMO_SCOPES }, update: {} });
}

/** New credentials for a shop's tracking webhook, as Settings makes them. */
export async function trackingCredentials(shop: string) {
  const { rotateTrackingCredentials } = await import("~/seko/tracking-receiver.server");
  return rotateTrackingCredentials(shop, "bench");
}

/** Waits until no order job is left for `shop` (the served build's job runner applies them), at most `timeoutMs`; answers how many are left. */
export async function waitForOrderJobs(shop: string, timeoutMs: number) {
  const { db } = await import("~/utils/db.server");
  const deadline = Date.now() + timeoutMs;
  let left = await db.syncJob.count({ where: { shop, kind: "order" } });
  while (left > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    left = await db.syncJob.count({ where: { shop, kind: "order" } });
  }
  return left;
}

/**
 * Orders acknowledged (200) against what was stored: lost = acknowledged orders with no row, and
 * acknowledged updates (Shopify's updated_at) the row does not carry; duplicated = rows beyond one per
 * order and line items beyond the order's own. Deliveries: the events recorded for the shop.
 */
export async function orderCounts(shop: string, prefix: string, acknowledgedOrderIds: Set<string>, acknowledgedEvents: number, linesPerOrder: number, acknowledgedUpdates = new Map<string, string>()) {
  const { db } = await import("~/utils/db.server");
  const rows = await db.order.findMany({ where: { shop, name: { startsWith: prefix } }, select: { shopifyId: true, shopifyUpdatedAt: true } });
  const stored = new Map(rows.map((r) => [r.shopifyId, r.shopifyUpdatedAt.getTime()]));
  const lineItems = await db.lineItem.count({ where: { order: { shop, name: { startsWith: prefix } } } });
  const lostUpdates = [...acknowledgedUpdates].filter(([id, at]) => stored.has(id) && stored.get(id)! < Date.parse(at)).length;
  return {
    acknowledgedOrders: acknowledgedOrderIds.size,
    storedOrders: stored.size,
    lost: [...acknowledgedOrderIds].filter((id) => !stored.has(id)).length + lostUpdates,
    lostUpdates,
    duplicated: rows.length - stored.size + Math.max(0, lineItems - stored.size * linesPerOrder),
    lineItems,
    acknowledgedEvents,
    deliveriesRecorded: await db.webhookDelivery.count({ where: { shop } }),
  };
}

/** Tracking events stored for a shop: rows, distinct event keys, and each row's identity as SEKO sent it (consignment, code, item, time). */
export async function trackingCounts(shop: string) {
  const { db } = await import("~/utils/db.server");
  const rows = await db.trackingEvent.findMany({ where: { shop }, select: { dedupeKey: true, consignmentNo: true, code: true, itemNo: true, eventAt: true } });
  return {
    rows: rows.length,
    distinct: new Set(rows.map((r) => r.dedupeKey)).size,
    sent: new Set(rows.map((r) => `${r.consignmentNo}|${r.code}|${r.itemNo ?? ""}|${r.eventAt}`)),
  };
}
