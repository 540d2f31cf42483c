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
