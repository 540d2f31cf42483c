/**
 * The simulated Shopify's Returns API (tests/mocks/shopify/return-resolvers.ts, return-mutations.ts):
 * only the rules the app relies on, pinned to Shopify's documentation (cited per test).
 */
import { afterEach, describe, expect, test } from "vitest";
import type { DemoOrder } from "../fixtures/demo-store";
import { DEMO_SCOPES, DEMO_SHOP } from "../setup/config";
import { issueAccessToken, resetShopify, shopifyStore } from "./shopify";

afterEach(() => resetShopify());

const WITH_RETURNS = `${DEMO_SCOPES},write_returns`;

type Body = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number } } };

async function admin(token: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`https://${DEMO_SHOP}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Body;
}

/** A recent, delivered, paid order with two or more units to return. */
function returnableOrder(): DemoOrder {
  const orders = shopifyStore().data.orders;
  const order = orders.find(
    (o) =>
      o.displayFinancialStatus === "PAID" &&
      o.fulfillments.length === 1 &&
      Date.parse(o.createdAt) > Date.now() - 30 * 86_400_000 &&
      o.lineItems.every((li) => li.requiresShipping) &&
      o.lineItems.length >= 2,
  );
  if (!order) throw new Error("the demo store has no returnable order");
  return order;
}

const RETURNABLE = /* GraphQL */ `
  query Returnable($orderId: ID!) {
    returnableFulfillments(orderId: $orderId, first: 5) {
      nodes {
        fulfillment {
          id
        }
        returnableFulfillmentLineItems(first: 20) {
          nodes {
            quantity
            fulfillmentLineItem {
              id
              lineItem {
                id
                sku
              }
            }
          }
        }
      }
    }
  }
`;

const CREATE = /* GraphQL */ `
  mutation Create($input: ReturnInput!) {
    returnCreate(returnInput: $input) {
      return {
        id
        name
        status
        reverseFulfillmentOrders(first: 5) {
          nodes {
            id
            lineItems(first: 20) {
              nodes {
                id
                totalQuantity
                fulfillmentLineItem {
                  id
                }
              }
            }
          }
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

async function returnable(token: string, orderId: string) {
  const body = await admin(token, RETURNABLE, { orderId });
  expect(body.errors).toBeUndefined();
  return (body.data!.returnableFulfillments.nodes as any[]).flatMap((f) =>
    f.returnableFulfillmentLineItems.nodes.map((n: any) => ({ id: n.fulfillmentLineItem.id as string, quantity: n.quantity as number })),
  );
}

describe("returnableFulfillments", () => {
  test("lists each fulfilled line with what is left to return; a return takes its quantity", async () => {
    const order = returnableOrder();
    const token = issueAccessToken(DEMO_SHOP, { scopes: WITH_RETURNS });
    const before = await returnable(token, order.id);
    expect(before).toEqual(order.lineItems.map((li) => ({ id: `gid://shopify/FulfillmentLineItem/${li.id.split("/").pop()}`, quantity: li.quantity })));
    const first = before[0]!;
    const created = await admin(token, CREATE, { input: { orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: first.id, quantity: 1, returnReasonNote: "Too small" }] } });
    expect(created.data!.returnCreate.userErrors).toEqual([]);
    const after = await returnable(token, order.id);
    expect(after.find((l) => l.id === first.id)?.quantity ?? 0).toBe(first.quantity - 1);
  });

  // https://shopify.dev/docs/api/admin-graphql/2026-10/objects/ReturnableFulfillment: read_orders, "Also: Requires the read_returns access scope".
  test("without read_returns the field is ACCESS_DENIED", async () => {
    const order = returnableOrder();
    const body = await admin(issueAccessToken(DEMO_SHOP, { scopes: DEMO_SCOPES }), RETURNABLE, { orderId: order.id });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "ACCESS_DENIED" });
  });
});

const lineIds = (order: DemoOrder) => order.lineItems.map((li) => `gid://shopify/FulfillmentLineItem/${li.id.split("/").pop()}`);

// https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/returnCreate (ReturnUserError: code, field as the input path, message)
describe("returnCreate", () => {
  test("refuses what the order cannot return, by field, and creates nothing", async () => {
    const order = returnableOrder();
    const token = issueAccessToken(DEMO_SHOP, { scopes: WITH_RETURNS });
    const [first] = lineIds(order);
    const body = await admin(token, CREATE, {
      input: {
        orderId: order.id,
        returnLineItems: [
          { fulfillmentLineItemId: "gid://shopify/FulfillmentLineItem/1", quantity: 1 },
          { fulfillmentLineItemId: first, quantity: 0 },
          { fulfillmentLineItemId: first, quantity: order.lineItems[0]!.quantity + 1 },
        ],
      },
    });
    expect(body.data!.returnCreate.return).toBeNull();
    expect(body.data!.returnCreate.userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field.join(".")])).toEqual([
      ["NOT_FOUND", "returnInput.returnLineItems.0.fulfillmentLineItemId"],
      ["GREATER_THAN", "returnInput.returnLineItems.1.quantity"],
      ["LESS_THAN_OR_EQUAL_TO", "returnInput.returnLineItems.2.quantity"],
    ]);
    const unknown = await admin(token, CREATE, { input: { orderId: "gid://shopify/Order/1", returnLineItems: [{ fulfillmentLineItemId: first, quantity: 1 }] } });
    expect(unknown.data!.returnCreate.userErrors).toMatchObject([{ code: "NOT_FOUND", field: ["returnInput", "orderId"] }]);
    expect(order.returns ?? []).toEqual([]);
  });

  // https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/returnCreate: requires write_returns; mutations cost 10 (https://shopify.dev/docs/api/usage/rate-limits).
  test("without write_returns it is ACCESS_DENIED; it costs 10", async () => {
    const order = returnableOrder();
    const input = { orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: lineIds(order)[0], quantity: 1 }] };
    const denied = await admin(issueAccessToken(DEMO_SHOP, { scopes: DEMO_SCOPES }), CREATE, { input });
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: "ACCESS_DENIED" });
    expect(order.returns ?? []).toEqual([]);
    const allowed = await admin(issueAccessToken(DEMO_SHOP, { scopes: WITH_RETURNS }), CREATE, { input });
    expect(allowed.data!.returnCreate.return.status).toBe("OPEN");
    expect(allowed.extensions!.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
  });
});

const DELIVERY = /* GraphQL */ `
  mutation Delivery($rfo: ID!, $lines: [ReverseDeliveryLineItemInput!]!, $tracking: ReverseDeliveryTrackingInput, $label: ReverseDeliveryLabelInput) {
    reverseDeliveryCreateWithShipping(reverseFulfillmentOrderId: $rfo, reverseDeliveryLineItems: $lines, trackingInput: $tracking, labelInput: $label, notifyCustomer: false) {
      reverseDelivery {
        id
        deliverable {
          ... on ReverseDeliveryShippingDeliverable {
            tracking {
              number
              url
            }
            label {
              publicFileUrl
            }
          }
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;
const DISPOSE = /* GraphQL */ `
  mutation Dispose($inputs: [ReverseFulfillmentOrderDisposeInput!]!) {
    reverseFulfillmentOrderDispose(dispositionInputs: $inputs) {
      reverseFulfillmentOrderLineItems {
        id
        dispositions {
          type
          quantity
          location {
            id
          }
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;
const PROCESS = /* GraphQL */ `
  mutation Process($input: ReturnProcessInput!) {
    returnProcess(input: $input) {
      return {
        id
        status
        returnLineItems(first: 10) {
          nodes {
            ... on ReturnLineItem {
              id
              processedQuantity
            }
          }
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;
const CLOSE = /* GraphQL */ `
  mutation Close($id: ID!) {
    returnClose(id: $id) {
      return {
        id
        status
        closedAt
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;
const DECLINE = /* GraphQL */ `
  mutation Decline($input: ReturnDeclineRequestInput!) {
    returnDeclineRequest(input: $input) {
      return {
        id
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;
const READ = /* GraphQL */ `
  query Read($id: ID!, $orderId: ID!) {
    node(id: $id) {
      ... on Return {
        name
        status
        returnLineItems(first: 5) {
          nodes {
            id
            quantity
            ... on ReturnLineItem {
              returnReasonNote
              returnReasonDefinition {
                handle
              }
              fulfillmentLineItem {
                id
              }
            }
          }
        }
        reverseFulfillmentOrders(first: 2) {
          nodes {
            status
            lineItems(first: 5) {
              nodes {
                totalQuantity
                dispositions {
                  type
                  quantity
                }
              }
            }
            reverseDeliveries(first: 2) {
              nodes {
                deliverable {
                  ... on ReverseDeliveryShippingDeliverable {
                    tracking {
                      number
                      url
                    }
                    label {
                      publicFileUrl
                    }
                  }
                }
              }
            }
          }
        }
        refunds(first: 2) {
          nodes {
            totalRefundedSet {
              presentmentMoney {
                amount
                currencyCode
              }
            }
          }
        }
      }
    }
    order(id: $orderId) {
      returnStatus
      transactions(first: 5) {
        id
        kind
      }
    }
  }
`;

const codes = (errors: { code: string; field: string[] }[]) => errors.map((e) => [e.code, e.field.join(".")]);

describe("a return's life: reverse delivery, disposition, processing with a refund, closing", () => {
  test("each step checks its state and quantities as documented, and the return reads back with all of it", async () => {
    const order = returnableOrder();
    const token = issueAccessToken(DEMO_SHOP, { scopes: WITH_RETURNS });
    const location = shopifyStore().data.locations.find((l) => l.isActive)!;
    const [fli] = lineIds(order);
    const reason = (await admin(token, `{ returnReasonDefinitions(first: 20, handles: ["size-too-small"]) { nodes { id handle } } }`)).data!.returnReasonDefinitions.nodes[0];
    const created = await admin(token, CREATE, {
      input: { orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: fli, quantity: 1, returnReasonDefinitionId: reason.id, returnReasonNote: "SEKO: Too small" }] },
    });
    const ret = created.data!.returnCreate.return;
    expect(ret.name).toBe(`${order.name}-R1`);
    const rfo = ret.reverseFulfillmentOrders.nodes[0];
    const rfoLine = rfo.lineItems.nodes[0];
    expect(rfoLine).toMatchObject({ totalQuantity: 1, fulfillmentLineItem: { id: fli } });

    // https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/reverseDeliveryCreateWithShipping
    const tooMany = await admin(token, DELIVERY, { rfo: rfo.id, lines: [{ reverseFulfillmentOrderLineItemId: rfoLine.id, quantity: 2 }] });
    expect(codes(tooMany.data!.reverseDeliveryCreateWithShipping.userErrors)).toEqual([["LESS_THAN_OR_EQUAL_TO", "reverseDeliveryLineItems.0.quantity"]]);
    const tracking = { number: "SEKO123456", url: "https://track.example/SEKO123456" };
    const delivery = await admin(token, DELIVERY, {
      rfo: rfo.id,
      lines: [{ reverseFulfillmentOrderLineItemId: rfoLine.id, quantity: 1 }],
      tracking,
      label: { fileUrl: "https://labels.example/SEKO123456.pdf" },
    });
    expect(delivery.data!.reverseDeliveryCreateWithShipping).toMatchObject({
      userErrors: [],
      reverseDelivery: { deliverable: { tracking, label: { publicFileUrl: "https://labels.example/SEKO123456.pdf" } } },
    });

    // https://shopify.dev/docs/api/admin-graphql/2026-10/input-objects/ReverseFulfillmentOrderDisposeInput: locationId "is required when the disposition type is RESTOCKED".
    const noLocation = await admin(token, DISPOSE, { inputs: [{ reverseFulfillmentOrderLineItemId: rfoLine.id, quantity: 1, dispositionType: "RESTOCKED" }] });
    expect(codes(noLocation.data!.reverseFulfillmentOrderDispose.userErrors)).toEqual([["BLANK", "dispositionInputs.0.locationId"]]);

    // https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/returnProcess: the refund goes to a sale of the order, in its presentment currency, not above what was paid.
    const sale = `gid://shopify/OrderTransaction/${order.id.split("/").pop()}1`;
    const paid = (Number(order.totalPrice) * order.presentmentRate).toFixed(2);
    const refundOf = (amount: string) => ({ issueRefund: { orderTransactions: [{ parentId: sale, transactionAmount: { amount, currencyCode: order.presentmentCurrencyCode } }] } });
    const line = { id: (await admin(token, READ, { id: ret.id, orderId: order.id })).data!.node.returnLineItems.nodes[0].id as string, quantity: 1 };
    const disposition = { reverseFulfillmentOrderLineItemId: rfoLine.id, quantity: 1, dispositionType: "RESTOCKED", locationId: location.id };
    const over = await admin(token, PROCESS, {
      input: { returnId: ret.id, returnLineItems: [{ ...line, dispositions: [disposition] }], financialTransfer: refundOf((Number(paid) + 1).toFixed(2)), notifyCustomer: false },
    });
    expect(codes(over.data!.returnProcess.userErrors)).toEqual([["INVALID", "input.financialTransfer.issueRefund.orderTransactions"]]);
    const amount = (Number(order.lineItems[0]!.originalUnitPrice) * order.presentmentRate).toFixed(2);
    const processed = await admin(token, PROCESS, {
      input: { returnId: ret.id, returnLineItems: [{ ...line, dispositions: [disposition] }], financialTransfer: refundOf(amount), notifyCustomer: false },
    });
    expect(processed.data!.returnProcess.userErrors).toEqual([]);
    expect(processed.data!.returnProcess.return).toMatchObject({ status: "OPEN", returnLineItems: { nodes: [{ processedQuantity: 1 }] } });
    const again = await admin(token, DISPOSE, { inputs: [disposition] });
    expect(codes(again.data!.reverseFulfillmentOrderDispose.userErrors)).toEqual([["LESS_THAN_OR_EQUAL_TO", "dispositionInputs.0.quantity"]]);

    // https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/returnDeclineRequest declines a return request; returnCreate's return is open (already approved).
    const decline = await admin(token, DECLINE, { input: { id: ret.id, declineReason: "OTHER", notifyCustomer: false } });
    expect(codes(decline.data!.returnDeclineRequest.userErrors)).toEqual([["INVALID_STATE", "input.id"]]);
    const closed = await admin(token, CLOSE, { id: ret.id });
    expect(closed.data!.returnClose.return).toMatchObject({ status: "CLOSED", closedAt: expect.any(String) });
    const closedAgain = await admin(token, CLOSE, { id: ret.id });
    expect(codes(closedAgain.data!.returnClose.userErrors)).toEqual([["INVALID_STATE", "id"]]);

    const read = await admin(token, READ, { id: ret.id, orderId: order.id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.node).toMatchObject({
      status: "CLOSED",
      returnLineItems: { nodes: [{ quantity: 1, returnReasonNote: "SEKO: Too small", returnReasonDefinition: { handle: "size-too-small" }, fulfillmentLineItem: { id: fli } }] },
      reverseFulfillmentOrders: {
        nodes: [{ status: "CLOSED", lineItems: { nodes: [{ totalQuantity: 1, dispositions: [{ type: "RESTOCKED", quantity: 1 }] }] }, reverseDeliveries: { nodes: [{ deliverable: { tracking } }] } }],
      },
    });
    const refunded = read.data!.node.refunds.nodes[0].totalRefundedSet.presentmentMoney;
    expect(refunded.currencyCode).toBe(order.presentmentCurrencyCode);
    expect(Number(refunded.amount)).toBeCloseTo(Number(amount), 1);
    expect(read.data!.order).toMatchObject({ returnStatus: "RETURNED", transactions: [{ id: sale, kind: "SALE" }, { kind: "REFUND" }] });
  });
});

// The demo's installation holds write_returns only once the merchant grants the optional scope
// (tests/demo/scopes.ts, shopify.app.toml optional_scopes); Shopify's write scope includes its read scope.
describe("write_returns follows the installation", () => {
  test("the shop's token reads and writes returns only while the optional scope is granted", async () => {
    const order = returnableOrder();
    const store = shopifyStore();
    const token = issueAccessToken(DEMO_SHOP);
    const read = () => admin(token, `query($id: ID!) { order(id: $id) { returns(first: 5) { nodes { id } } } }`, { id: order.id });
    expect((await read()).errors?.[0]?.extensions).toMatchObject({ code: "ACCESS_DENIED", requiredAccess: expect.stringContaining("read_returns") });
    store.setInstalledScopes(WITH_RETURNS);
    const input = { orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: lineIds(order)[0], quantity: 1 }] };
    const created = await admin(token, CREATE, { input });
    expect((await read()).data!.order.returns.nodes).toEqual([{ id: created.data!.returnCreate.return.id }]);
    store.setInstalledScopes(DEMO_SCOPES);
    expect((await admin(token, CREATE, { input })).errors?.[0]?.extensions).toMatchObject({ code: "ACCESS_DENIED" });
  });
});
