import type { BulkOperationStatusQuery, RunOrdersBulkMutation } from "~/types/admin.generated";
import type { AdminGraphql } from "./admin.server";
import { typed } from "./admin.server";
import { callShopify } from "./background-admin.server";

/**
 * Bulk operations: the order export's query, starting it, its status, and reading its JSONL
 * result file. Calls go through the background caller (app/shopify/background-admin.server.ts).
 */

/**
 * The order and line item fields a return needs: one definition, typed by codegen, used by the paged
 * queries as fragments and inlined into the bulk export (whose query is data, not an operation).
 */
export const SYNC_ORDER_FRAGMENT = `#graphql
  fragment SyncOrderFields on Order {
    id
    name
    email
    createdAt
    processedAt
    updatedAt
    cancelledAt
    test
    displayFulfillmentStatus
    displayFinancialStatus
    currencyCode
    shippingAddress { firstName lastName name company address1 address2 city province provinceCode zip country countryCodeV2 }
    fulfillments(first: 10) { createdAt status }
  }
`;

/**
 * Whose order it is, for the customer-account endpoint's ownership check
 * (app/customer-account/order-returns.server.ts): the customer's id and nothing else of the
 * customer. `Order.customer` returns `Customer`, which needs `read_customers` (docs/scopes.md).
 * A fragment of its own so that a shop which has not granted that scope yet is still synced,
 * without it ({@link CUSTOMER_SCOPE}).
 */
export const SYNC_ORDER_CUSTOMER_FRAGMENT = `#graphql
  fragment SyncOrderCustomer on Order {
    customer { id }
  }
`;

/** The access `Order.customer` needs; the sync reads the customer's id only when it is granted. */
export const CUSTOMER_SCOPE = "read_customers";

export const SYNC_LINE_ITEM_FRAGMENT = `#graphql
  fragment SyncLineItemFields on LineItem {
    id
    sku
    title
    variantTitle
    quantity
    currentQuantity
    unfulfilledQuantity
    requiresShipping
    originalUnitPriceSet { shopMoney { amount } }
    image { url }
    product { id title tags }
    variant {
      id
      sku
      barcode
      title
      inventoryItem { harmonizedSystemCode countryCodeOfOrigin measurement { weight { value unit } } }
    }
  }
`;

/** Children (line items) arrive as lines with `__parentId`. `${filter}` narrows by creation date. */
function bulkOrdersDocument(filter: string) {
  return `#graphql (a bulk export: sent as the query argument, its fragments inlined)
{
  orders${filter} {
    edges {
      node {
        ...SyncOrderFields
        ...SyncOrderCustomer
        lineItems { edges { node { ...SyncLineItemFields } } }
      }
    }
  }
}
${SYNC_ORDER_FRAGMENT}
${SYNC_ORDER_CUSTOMER_FRAGMENT}
${SYNC_LINE_ITEM_FRAGMENT}`;
}

/**
 * Replaces `...Name` spreads by the fragments' fields and drops the definitions: plain selections
 * only. The spreads of fragments named in `leaveOut` are removed with their fields.
 */
export function inlineFragments(document: string, leaveOut: readonly string[] = []): string {
  const bodies = new Map<string, string>();
  let rest = document;
  for (;;) {
    const match = /fragment\s+(\w+)\s+on\s+\w+\s*\{/.exec(rest);
    if (!match) break;
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < rest.length && depth > 0; i++) depth += rest[i] === "{" ? 1 : rest[i] === "}" ? -1 : 0;
    bodies.set(match[1]!, rest.slice(match.index + match[0].length, i - 1));
    rest = rest.slice(0, match.index) + rest.slice(i);
  }
  let previous;
  do {
    previous = rest;
    rest = rest.replace(/\.\.\.\s*(\w+)/g, (spread, name: string) => (leaveOut.includes(name) ? "" : (bodies.get(name) ?? spread)));
  } while (rest !== previous);
  return rest.replace(/^\s*#graphql.*$/gm, "").trim();
}

/** The export's query; without `withCustomer` (the grant lacks {@link CUSTOMER_SCOPE}) it leaves out whose order it is. */
export function ordersBulkQuery(since: Date | null, withCustomer: boolean) {
  const filter = since ? `(query: "created_at:>='${since.toISOString()}'", sortKey: CREATED_AT)` : "(sortKey: CREATED_AT)";
  return inlineFragments(bulkOrdersDocument(filter), withCustomer ? [] : ["SyncOrderCustomer"]);
}

const RUN_BULK = `#graphql
  mutation RunOrdersBulk($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export type StartedBulk = { ok: true; id: string } | { ok: false; busy: boolean; message: string };

export async function startBulkQuery(graphql: AdminGraphql, query: string): Promise<StartedBulk> {
  const result = (await callShopify(graphql, RUN_BULK, typed<RunOrdersBulkMutation>(), { query })).bulkOperationRunQuery;
  if (result?.bulkOperation && result.userErrors.length === 0) return { ok: true, id: result.bulkOperation.id };
  const error = result?.userErrors[0];
  const busy = error?.code === "OPERATION_IN_PROGRESS" || error?.code === "LIMIT_REACHED";
  return { ok: false, busy, message: error?.message ?? "Shopify did not start the export" };
}

const BULK_STATUS = `#graphql
  query BulkOperationStatus($id: ID!) {
    node(id: $id) {
      ... on BulkOperation { id status errorCode objectCount rootObjectCount url createdAt }
    }
  }
`;

export interface BulkStatus {
  id: string;
  status: string;
  errorCode: string | null;
  /** UnsignedInt64 arrives as a string. */
  objectCount: number;
  rootObjectCount: number;
  url: string | null;
  createdAt: string;
}

export async function bulkOperationStatus(graphql: AdminGraphql, id: string): Promise<BulkStatus | null> {
  const node = (await callShopify(graphql, BULK_STATUS, typed<BulkOperationStatusQuery>(), { id })).node;
  if (!node || !("status" in node)) return null;
  return {
    id: node.id,
    status: node.status,
    errorCode: node.errorCode ?? null,
    objectCount: Number(node.objectCount),
    rootObjectCount: Number(node.rootObjectCount),
    url: node.url ?? null,
    createdAt: node.createdAt,
  };
}
