/**
 * Whose order it is, for orders imported before the shop granted read_customers: the backfill and
 * the paged queries leave `customer { id }` out while the grant lacks it (customerIdsReadable in
 * backfill.server.ts), so those orders have no customer id and the customer-account endpoint
 * cannot prove they are the customer's (docs/customer-accounts.md). The `customer-ids` job reads
 * `Order.customer { id }` again for them once the scope is granted, 250 orders a call, and nothing
 * else of the order or the customer (docs/scopes.md). Idempotent: it fills only ids still missing,
 * so a second run, or one racing an order webhook, changes nothing that is already known.
 */
import { z } from "zod";
import type { OrderCustomerIdsQuery } from "~/types/admin.generated";
import { recordActivity } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import type { JobHandler } from "~/utils/job-queue.server";
import { log } from "~/utils/logger.server";
import { APP_ACTOR } from "~/utils/staff.server";
import { typed, type AdminGraphql } from "./admin.server";
import { adminFor, callShopify } from "./background-admin.server";
import { customerIdsReadable, grantedScopes } from "./backfill.server";
import { SYNC_ORDER_CUSTOMER_FRAGMENT } from "./bulk.server";

/** Shopify's limit on the ids of one `nodes` call. */
export const CUSTOMER_IDS_PAGE = 250;

const ORDER_CUSTOMER_IDS = `#graphql
  query OrderCustomerIds($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Order { id ...SyncOrderCustomer } }
  }
  ${SYNC_ORDER_CUSTOMER_FRAGMENT}
`;

/** The orders whose owner is still unknown: no customer id, placed (or processed) since `since` (every order when null). */
export function ordersWithoutCustomer(shop: string, since: Date | null) {
  return { shop, customerId: null, ...(since ? { OR: [{ orderCreatedAt: { gte: since } }, { processedAt: { gte: since } }] } : {}) };
}

/**
 * Reads the customer of every stored order without one (since `since`) from Shopify and stores
 * its id. Guest orders have none and stay without. Returns how many orders were asked about and
 * how many gained their customer.
 */
export async function linkOrderCustomers(shop: string, graphql: AdminGraphql, since: Date | null): Promise<{ checked: number; linked: number }> {
  let after: string | undefined;
  let checked = 0;
  let linked = 0;
  for (;;) {
    const page = await db.order.findMany({
      where: { ...ordersWithoutCustomer(shop, since), ...(after ? { shopifyId: { gt: after } } : {}) },
      orderBy: { shopifyId: "asc" },
      select: { shopifyId: true },
      take: CUSTOMER_IDS_PAGE,
    });
    if (!page.length) break;
    after = page[page.length - 1]!.shopifyId;
    checked += page.length;
    const result = await callShopify(graphql, ORDER_CUSTOMER_IDS, typed<OrderCustomerIdsQuery>(), { ids: page.map((order) => order.shopifyId) });
    for (const node of result.nodes) {
      // Null for an order Shopify no longer has; no customer for a guest's order.
      const customerId = node?.customer?.id;
      if (!node || !customerId) continue;
      // Only where it is still missing: an order webhook that stored it meanwhile wins.
      const updated = await db.order.updateMany({ where: { shop, shopifyId: node.id, customerId: null }, data: { customerId } });
      linked += updated.count;
    }
    if (page.length < CUSTOMER_IDS_PAGE) break;
  }
  return { checked, linked };
}

const payload = z.object({ since: z.string().datetime().nullable() });

/** What the job is queued with: the oldest order date that still matters (the return window's start), or null for every order. */
export type CustomerIdsPayload = z.infer<typeof payload>;

/**
 * The `customer-ids` job. Shopify's grant is read first (the webhook or the page that queued it
 * may be stale): without read_customers there is nothing it may read, and it ends.
 */
export const customerIdsJob: JobHandler = async (job) => {
  const parsed = payload.safeParse(job.payload ? JSON.parse(job.payload) : {});
  const since = parsed.success && parsed.data.since ? new Date(parsed.data.since) : null;
  const graphql = await adminFor(job.shop);
  if (!customerIdsReadable(await grantedScopes(graphql))) {
    log.info("customer ids: read_customers not granted; nothing to read", { shop: job.shop });
    return;
  }
  const { checked, linked } = await linkOrderCustomers(job.shop, graphql, since);
  log.info("customer ids: orders linked to their customers", { shop: job.shop, checked, linked });
  if (!linked) return;
  await recordActivity(job.shop, {
    kind: "sync.customers",
    actor: APP_ACTOR,
    action: `Linked ${linked} order${linked === 1 ? "" : "s"} to ${linked === 1 ? "its customer" : "their customers"}`,
    detail: "Imported before the app had access to customers (read_customers): customers can now start a return on them from their account.",
  });
};
