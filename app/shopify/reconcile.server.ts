import { z } from "zod";
import type { SyncLineItemFieldsFragment, SyncOrderCustomerFragment, SyncOrderFieldsFragment } from "~/types/admin.generated";
import { db } from "~/utils/db.server";
import type { JobHandler } from "~/utils/job-queue.server";
import type { AdminGraphql } from "./admin.server";
import { adminFor, callShopify } from "./background-admin.server";
import { customerIdsReadable, grantedScopes } from "./backfill.server";
import { SYNC_LINE_ITEM_FRAGMENT, SYNC_ORDER_CUSTOMER_FRAGMENT, SYNC_ORDER_FRAGMENT } from "./bulk.server";
import { orderSyncSettings } from "./order-sync-config.server";
import { applyOrders } from "./order-ingest.server";
import { gqlLineItemSchema, gqlOrderSchema, orderFromGql, variantFromGql, type OrderRecord, type VariantRecord } from "./order-sync";

/**
 * Single orders and reconciliation through paged GraphQL: an order read
 * again (refunds), and the `reconcile` job that catches what webhooks missed.
 */

/**
 * The paged queries share the bulk file's parser (zod: the file is data from a URL). What codegen
 * says Shopify sends for the fragments must fit that parser, so a field that changes type in
 * Shopify's schema breaks the build here rather than a sync.
 */
function fragmentsFitParsers(
  order: SyncOrderFieldsFragment & Partial<SyncOrderCustomerFragment>,
  line: SyncLineItemFieldsFragment,
): [z.input<typeof gqlOrderSchema>, z.input<typeof gqlLineItemSchema>] {
  return [order, line];
}
void fragmentsFitParsers;

const orderNode = gqlOrderSchema.extend({
  lineItems: z.object({ nodes: z.array(gqlLineItemSchema), pageInfo: z.object({ hasNextPage: z.boolean() }) }),
});

// `$withCustomer`: whether the grant holds read_customers ({@link customerIdsReadable}).
const ORDER_BY_ID = `#graphql
  query SyncOrder($id: ID!, $withCustomer: Boolean!) {
    order(id: $id) {
      ...SyncOrderFields
      ...SyncOrderCustomer @include(if: $withCustomer)
      lineItems(first: 100) { nodes { ...SyncLineItemFields } pageInfo { hasNextPage } }
    }
  }
  ${SYNC_ORDER_FRAGMENT}
  ${SYNC_ORDER_CUSTOMER_FRAGMENT}
  ${SYNC_LINE_ITEM_FRAGMENT}
`;

/** Page size chosen so one page (25 lines per order) stays under Shopify's 1,000-point query cost. */
export const RECONCILE_PAGE = 4;

const UPDATED_ORDERS = `#graphql
  query SyncUpdatedOrders($first: Int!, $query: String!, $after: String, $withCustomer: Boolean!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ...SyncOrderFields
        ...SyncOrderCustomer @include(if: $withCustomer)
        lineItems(first: 25) { nodes { ...SyncLineItemFields } pageInfo { hasNextPage } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${SYNC_ORDER_FRAGMENT}
  ${SYNC_ORDER_CUSTOMER_FRAGMENT}
  ${SYNC_LINE_ITEM_FRAGMENT}
`;

function recordsFrom(nodes: z.infer<typeof orderNode>[]) {
  const orders: OrderRecord[] = [];
  const variants: VariantRecord[] = [];
  const incomplete: string[] = [];
  for (const node of nodes) {
    if (node.lineItems.pageInfo.hasNextPage) incomplete.push(node.id);
    orders.push(orderFromGql(node, node.lineItems.nodes));
    for (const line of node.lineItems.nodes) {
      const variant = variantFromGql(line);
      if (variant) variants.push(variant);
    }
  }
  return { orders, variants, incomplete };
}

export async function syncOneOrder(shop: string, graphql: AdminGraphql, orderId: string, withCustomer?: boolean) {
  const variables = { id: orderId, withCustomer: withCustomer ?? customerIdsReadable(await grantedScopes(graphql)) };
  const result = await callShopify(graphql, ORDER_BY_ID, z.object({ order: orderNode.nullable() }), variables);
  if (!result.order) return 0;
  const { orders, variants } = recordsFrom([result.order]);
  return applyOrders(shop, orders, variants);
}

/**
 * Orders updated since the last sync, page by page: catches webhooks that
 * never arrived. The next run starts from this run's start time.
 */
export async function reconcile(shop: string) {
  const state = await db.orderSyncState.findUnique({ where: { shop } });
  if (!state?.watermark || state.status !== "done") return 0;
  const graphql = await adminFor(shop);
  const withCustomer = customerIdsReadable(await grantedScopes(graphql));
  const startedAt = new Date();
  const query = `updated_at:>='${state.watermark.toISOString()}'`;
  let after: string | null = null;
  let total = 0;
  const schema = z.object({ orders: z.object({ nodes: z.array(orderNode), pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }) }) });
  do {
    const page: z.infer<typeof schema> = await callShopify(graphql, UPDATED_ORDERS, schema, { first: RECONCILE_PAGE, query, after, withCustomer });
    const { orders, variants, incomplete } = recordsFrom(page.orders.nodes);
    total += await applyOrders(shop, orders, variants);
    // Orders with more lines than a page holds are fetched whole.
    for (const id of incomplete) await syncOneOrder(shop, graphql, id, withCustomer);
    after = page.orders.pageInfo.hasNextPage ? (page.orders.pageInfo.endCursor ?? null) : null;
  } while (after);
  await db.orderSyncState.update({ where: { shop }, data: { watermark: new Date(startedAt.getTime() - 60_000), lastReconciledAt: new Date() } });
  return total;
}

export const reconcileJob: JobHandler = async (job) => {
  await reconcile(job.shop);
  return { rerunAt: new Date(Date.now() + orderSyncSettings.reconcileEveryMs) };
};
