/**
 * When the shop grants read_customers after its orders were imported, those orders still have no
 * customer id and the endpoint answers 404 for them (order-returns.server.ts). This queues the
 * `customer-ids` job (app/shopify/customer-ids.server.ts) that reads whose order it is for the
 * orders in the return window: from the scopes_update webhook when the grant gains the scope, and
 * when the app opens and finds the scope granted but such orders left (a webhook that never came,
 * or a shop granted before this existed). docs/customer-accounts.md, "Orders imported before read_customers".
 */
import { loadReturnSettings } from "~/return-settings/return-settings.server";
import { CUSTOMER_SCOPE } from "~/shopify/bulk.server";
import { ordersWithoutCustomer, type CustomerIdsPayload } from "~/shopify/customer-ids.server";
import { db } from "~/utils/db.server";
import { enqueueJob } from "~/utils/job-queue.server";
import { kickJobs } from "~/utils/job-runner.server";

const DAY_MS = 86_400_000;

/**
 * The oldest order a customer may still start a return on: the return window back from now, or
 * null (every order) when step 1 sets no limit (0 days) or has no window yet.
 */
export async function ownershipWindowStart(shop: string, now = new Date()): Promise<Date | null> {
  const { windowDays } = await loadReturnSettings(shop);
  return windowDays ? new Date(now.getTime() - windowDays * DAY_MS) : null;
}

/**
 * Queues the job when `scopes` (the grant as Shopify last told us) hold read_customers and an
 * order in the return window has no customer id. True when it queued one. Queuing again while one
 * waits only brings it forward (one job per shop).
 */
export async function queueOwnershipBackfill(shop: string, scopes: readonly string[], now = new Date()): Promise<boolean> {
  if (!scopes.includes(CUSTOMER_SCOPE)) return false;
  const since = await ownershipWindowStart(shop, now);
  const missing = await db.order.findFirst({ where: ordersWithoutCustomer(shop, since), select: { id: true } });
  if (!missing) return false;
  const payload: CustomerIdsPayload = { since: since?.toISOString() ?? null };
  await enqueueJob({ shop, kind: "customer-ids", payload });
  kickJobs();
  return true;
}

/** Shops checked by this process when the app opened: guest orders never gain a customer, so the check runs once per process, not on every page. */
const checkedOnLoad = new Set<string>();

/** The check when the app opens (Home's loader), with the grant stored for the shop; at most once per shop and process. */
export async function queueOwnershipBackfillOnLoad(shop: string): Promise<boolean> {
  if (checkedOnLoad.has(shop)) return false;
  checkedOnLoad.add(shop);
  const record = await db.shop.findUnique({ where: { shop }, select: { scopes: true } });
  return queueOwnershipBackfill(shop, (record?.scopes ?? "").split(","));
}
