/**
 * Shopify's Returns API for SEKO's returns written into Shopify (docs/returns-in-shopify.md): the
 * named operations and typed wrappers the `return-mirror` job (app/returns/mirror.server.ts) calls.
 * Every operation but the order lookup and the order's transactions needs `write_returns` (an
 * optional scope, checked before any is sent; tests/platform/admin-documents.test.ts holds each
 * against the published schema). A mutation's `userErrors` become a {@link ReturnUserErrors}, with
 * Shopify's codes and messages; customer notification is off everywhere (SEKO emails the customer).
 */
import type {
  ReturnMirrorCreateMutation,
  ReturnMirrorDeliveryMutation,
  ReturnMirrorDisposeMutation,
  ReturnMirrorOrderByNameQuery,
  ReturnMirrorOrderQuery,
  ReturnMirrorProcessMutation,
  ReturnMirrorReasonsQuery,
  ReturnMirrorReturnableQuery,
  ReturnMirrorReturnQuery,
  ReturnMirrorTransactionsQuery,
} from "~/types/admin.generated";
import { ShopifyResponseError, typed, type AdminGraphql } from "./admin.server";
import { callShopify } from "./background-admin.server";

/** The scope every returns operation needs (reading returns comes with it). */
export const RETURNS_SCOPE = "write_returns";

const ORDER_BY_NAME = `#graphql
  query ReturnMirrorOrderByName($query: String!) {
    orders(first: 10, query: $query) { nodes { id name } }
  }
`;

const ORDER = `#graphql
  query ReturnMirrorOrder($orderId: ID!) {
    order(id: $orderId) {
      id
      name
      returns(first: 25) {
        nodes {
          id
          status
          returnLineItems(first: 25) {
            nodes {
              returnReasonNote
            }
          }
        }
      }
    }
  }
`;

const RETURNABLE = `#graphql
  query ReturnMirrorReturnable($orderId: ID!) {
    returnableFulfillments(orderId: $orderId, first: 5) {
      nodes {
        returnableFulfillmentLineItems(first: 40) {
          nodes {
            quantity
            fulfillmentLineItem {
              id
              lineItem {
                id
                sku
                variant {
                  id
                  sku
                }
              }
            }
          }
        }
      }
    }
  }
`;

const REASONS = `#graphql
  query ReturnMirrorReasons($handles: [String!]!) {
    returnReasonDefinitions(first: 50, handles: $handles) { nodes { id handle deleted } }
  }
`;

const CREATE = `#graphql
  mutation ReturnMirrorCreate($returnInput: ReturnInput!) {
    returnCreate(returnInput: $returnInput) { return { id status } userErrors { code field message } }
  }
`;

const RETURN = `#graphql
  query ReturnMirrorReturn($id: ID!) {
    return(id: $id) {
      id
      status
      returnLineItems(first: 30) {
        nodes {
          id
          quantity
          processableQuantity
          ... on ReturnLineItem { fulfillmentLineItem { id } withCodeDiscountedTotalPriceSet { presentmentMoney { amount currencyCode } } }
        }
      }
      reverseFulfillmentOrders(first: 3) {
        nodes {
          id
          lineItems(first: 30) { nodes { id totalQuantity fulfillmentLineItem { id } dispositions { quantity type } } }
          reverseDeliveries(first: 3) { nodes { id } }
        }
      }
    }
  }
`;

const DELIVERY = `#graphql
  mutation ReturnMirrorDelivery($reverseFulfillmentOrderId: ID!, $lineItems: [ReverseDeliveryLineItemInput!]!, $tracking: ReverseDeliveryTrackingInput, $label: ReverseDeliveryLabelInput) {
    reverseDeliveryCreateWithShipping(reverseFulfillmentOrderId: $reverseFulfillmentOrderId, reverseDeliveryLineItems: $lineItems, trackingInput: $tracking, labelInput: $label, notifyCustomer: false) {
      reverseDelivery { id }
      userErrors { code field message }
    }
  }
`;

const DISPOSE = `#graphql
  mutation ReturnMirrorDispose($inputs: [ReverseFulfillmentOrderDisposeInput!]!) {
    reverseFulfillmentOrderDispose(dispositionInputs: $inputs) { reverseFulfillmentOrderLineItems { id } userErrors { code field message } }
  }
`;

const TRANSACTIONS = `#graphql
  query ReturnMirrorTransactions($orderId: ID!) {
    order(id: $orderId) { id transactions(first: 25) { id kind status gateway maximumRefundableV2 { amount currencyCode } } }
  }
`;

const PROCESS = `#graphql
  mutation ReturnMirrorProcess($input: ReturnProcessInput!) {
    returnProcess(input: $input) { return { id status } userErrors { code field message } }
  }
`;

export type ReturnUserError = { code: string | null; field: string[] | null; message: string };

/** Shopify refused a returns mutation: its userErrors, in its words. Not retried by itself (the same input is refused again). */
export class ReturnUserErrors extends ShopifyResponseError {
  constructor(
    readonly operation: string,
    readonly errors: ReturnUserError[],
  ) {
    super(`Shopify refused ${operation}: ${errors.map((error) => error.message).join(" ")}`, errors);
    this.name = "ReturnUserErrors";
  }
}

function refusedIf(operation: string, errors: readonly { code?: string | null; field?: readonly string[] | null; message: string }[] | undefined) {
  if (errors?.length)
    throw new ReturnUserErrors(
      operation,
      errors.map((error) => ({ code: error.code ?? null, field: error.field ? [...error.field] : null, message: error.message })),
    );
}

/** Orders whose name is exactly this (`#1001` or `1001` both find "#1001"). */
export async function ordersNamed(graphql: AdminGraphql, name: string) {
  const data = await callShopify(graphql, ORDER_BY_NAME, typed<ReturnMirrorOrderByNameQuery>(), { query: `name:${JSON.stringify(name)}` });
  return data.orders.nodes;
}

export type ReturnableLine = { fulfillmentLineItemId: string; lineItemId: string; sku: string | null; variantId: string | null; variantSku: string | null; quantity: number };
export type ExistingReturn = { id: string; status: string; notes: string[] };

/** The order, the returns it already has (with their lines' notes) and what can still be returned; null when Shopify has no such order. */
export async function orderForReturn(graphql: AdminGraphql, orderId: string): Promise<{ id: string; name: string; returns: ExistingReturn[]; returnable: ReturnableLine[] } | null> {
  const data = await callShopify(graphql, ORDER, typed<ReturnMirrorOrderQuery>(), { orderId });
  if (!data.order) return null;
  const lines = await callShopify(graphql, RETURNABLE, typed<ReturnMirrorReturnableQuery>(), { orderId });
  const returnable = lines.returnableFulfillments.nodes.flatMap((fulfillment) =>
    fulfillment.returnableFulfillmentLineItems.nodes.map((node) => ({
      fulfillmentLineItemId: node.fulfillmentLineItem.id,
      lineItemId: node.fulfillmentLineItem.lineItem.id,
      sku: node.fulfillmentLineItem.lineItem.sku ?? null,
      variantId: node.fulfillmentLineItem.lineItem.variant?.id ?? null,
      variantSku: node.fulfillmentLineItem.lineItem.variant?.sku ?? null,
      quantity: node.quantity,
    })),
  );
  return {
    id: data.order.id,
    name: data.order.name,
    returns: data.order.returns.nodes.map((item) => ({ id: item.id, status: item.status, notes: item.returnLineItems.nodes.map((line) => line.returnReasonNote) })),
    returnable,
  };
}

/** The return reason definitions among these handles that are not deleted, by handle. */
export async function returnReasonIds(graphql: AdminGraphql, handles: string[]): Promise<Map<string, string>> {
  if (!handles.length) return new Map();
  const data = await callShopify(graphql, REASONS, typed<ReturnMirrorReasonsQuery>(), { handles });
  return new Map(data.returnReasonDefinitions.nodes.filter((node) => !node.deleted).map((node) => [node.handle, node.id]));
}

export type ReturnLineInput = { fulfillmentLineItemId: string; quantity: number; returnReasonDefinitionId?: string; returnReasonNote: string };

/**
 * Opens a return at once (`returnCreate`). Sent once per try: after a 5xx the caller reads the
 * order's returns for its marker before trying again (callShopify's `unsafeToRepeat`).
 */
export async function createReturn(graphql: AdminGraphql, orderId: string, lines: ReturnLineInput[], requestedAt?: string) {
  const returnInput = { orderId, returnLineItems: lines, ...(requestedAt ? { requestedAt } : {}) };
  const data = await callShopify(graphql, CREATE, typed<ReturnMirrorCreateMutation>(), { returnInput }, { unsafeToRepeat: true });
  refusedIf("the return", data.returnCreate?.userErrors);
  const created = data.returnCreate?.return;
  if (!created) throw new ShopifyResponseError("Shopify created no return and said nothing of why");
  return created;
}

export type ShopifyReturnSnapshot = {
  id: string;
  status: string;
  lines: { id: string; fulfillmentLineItemId: string | null; quantity: number; processableQuantity: number; total: { amount: string; currencyCode: string } | null }[];
  reverseFulfillmentOrders: {
    id: string;
    lines: { id: string; fulfillmentLineItemId: string | null; totalQuantity: number; disposed: number }[];
    deliveries: string[];
  }[];
};

/** A return as Shopify has it now: its lines, its reverse fulfillment orders, their deliveries and dispositions. */
export async function readReturn(graphql: AdminGraphql, id: string): Promise<ShopifyReturnSnapshot | null> {
  const data = await callShopify(graphql, RETURN, typed<ReturnMirrorReturnQuery>(), { id });
  const found = data.return;
  if (!found) return null;
  return {
    id: found.id,
    status: found.status,
    lines: found.returnLineItems.nodes.map((line) => {
      const full = "fulfillmentLineItem" in line ? line : null;
      const money = full?.withCodeDiscountedTotalPriceSet?.presentmentMoney;
      return {
        id: line.id,
        fulfillmentLineItemId: full?.fulfillmentLineItem?.id ?? null,
        quantity: line.quantity,
        processableQuantity: line.processableQuantity,
        total: money ? { amount: String(money.amount), currencyCode: String(money.currencyCode) } : null,
      };
    }),
    reverseFulfillmentOrders: found.reverseFulfillmentOrders.nodes.map((order) => ({
      id: order.id,
      lines: order.lineItems.nodes.map((line) => ({
        id: line.id,
        fulfillmentLineItemId: line.fulfillmentLineItem?.id ?? null,
        totalQuantity: line.totalQuantity,
        disposed: line.dispositions.reduce((sum, disposition) => sum + disposition.quantity, 0),
      })),
      deliveries: order.reverseDeliveries.nodes.map((delivery) => delivery.id),
    })),
  };
}

/** The parcel on its way back: SEKO's tracking (and label, where there is one), without telling the customer. */
export async function createReverseDelivery(
  graphql: AdminGraphql,
  input: {
    reverseFulfillmentOrderId: string;
    lineItems: { reverseFulfillmentOrderLineItemId: string; quantity: number }[];
    tracking: { number?: string; url?: string } | null;
    labelUrl: string | null;
  },
) {
  const data = await callShopify(
    graphql,
    DELIVERY,
    typed<ReturnMirrorDeliveryMutation>(),
    {
      reverseFulfillmentOrderId: input.reverseFulfillmentOrderId,
      lineItems: input.lineItems,
      tracking: input.tracking,
      label: input.labelUrl ? { fileUrl: input.labelUrl } : null,
    },
    { unsafeToRepeat: true },
  );
  refusedIf("the return's tracking", data.reverseDeliveryCreateWithShipping?.userErrors);
  const delivery = data.reverseDeliveryCreateWithShipping?.reverseDelivery;
  if (!delivery) throw new ShopifyResponseError("Shopify created no reverse delivery and said nothing of why");
  return delivery;
}

/** Marks returned items received and restocked at a location. */
export async function restockItems(graphql: AdminGraphql, lines: { reverseFulfillmentOrderLineItemId: string; quantity: number }[], locationId: string) {
  const inputs = lines.map((line) => ({ ...line, dispositionType: "RESTOCKED" as const, locationId }));
  const data = await callShopify(graphql, DISPOSE, typed<ReturnMirrorDisposeMutation>(), { inputs }, { unsafeToRepeat: true });
  refusedIf("restocking the items", data.reverseFulfillmentOrderDispose?.userErrors);
}

export type OrderTransaction = { id: string; kind: string; status: string; gateway: string | null; maximumRefundable: { amount: string; currencyCode: string } | null };

/** The order's payment transactions (what a refund to the original payment goes back through). */
export async function orderTransactions(graphql: AdminGraphql, orderId: string): Promise<OrderTransaction[]> {
  const data = await callShopify(graphql, TRANSACTIONS, typed<ReturnMirrorTransactionsQuery>(), { orderId });
  return (data.order?.transactions ?? []).map((transaction) => ({
    id: transaction.id,
    kind: String(transaction.kind),
    status: String(transaction.status),
    gateway: transaction.gateway ?? null,
    maximumRefundable: transaction.maximumRefundableV2 ? { amount: String(transaction.maximumRefundableV2.amount), currencyCode: String(transaction.maximumRefundableV2.currencyCode) } : null,
  }));
}

/** Processes the return: its items confirmed and, when given, a refund to the original payment. */
export async function processReturn(
  graphql: AdminGraphql,
  input: { returnId: string; lines: { id: string; quantity: number }[]; refund: { parentId: string; transactionAmount: { amount: string; currencyCode: string } }[] | null },
) {
  const processInput = {
    returnId: input.returnId,
    returnLineItems: input.lines,
    notifyCustomer: false,
    ...(input.refund ? { financialTransfer: { issueRefund: { orderTransactions: input.refund } } } : {}),
  };
  const data = await callShopify(graphql, PROCESS, typed<ReturnMirrorProcessMutation>(), { input: processInput }, { unsafeToRepeat: true });
  refusedIf("processing the return", data.returnProcess?.userErrors);
  return data.returnProcess?.return ?? null;
}
