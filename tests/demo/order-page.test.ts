import { afterEach, describe, expect, test } from "vitest";
import { DEMO_SCOPES, DEMO_SHOP } from "../setup/config";
import { issueAccessToken, resetShopify, shopifyStore } from "../mocks/shopify";
import { escapeHtml } from "./editor-page";
import { orderPageData, orderPageHtml } from "./order-page";

afterEach(() => resetShopify());

async function admin(token: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(`https://${DEMO_SHOP}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: Record<string, any>; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

describe("the simulated admin's order page", () => {
  test("shows a return written through the Returns API: its items and reason, tracking and label links, what was restocked, the refund", async () => {
    const store = shopifyStore();
    const order = store.data.orders.find((o) => o.displayFinancialStatus === "PAID" && o.fulfillments.length === 1 && Date.parse(o.createdAt) > Date.now() - 30 * 86_400_000 && o.lineItems[0]!.sku)!;
    const location = store.data.locations.find((l) => l.isActive)!;
    const token = issueAccessToken(DEMO_SHOP, { scopes: `${DEMO_SCOPES},write_returns` });
    const line = order.lineItems[0]!;
    const created = await admin(
      token,
      `mutation($input: ReturnInput!) { returnCreate(returnInput: $input) { return { id returnLineItems(first: 1) { nodes { id } } reverseFulfillmentOrders(first: 1) { nodes { id lineItems(first: 1) { nodes { id } } } } } userErrors { code } } }`,
      {
        input: {
          orderId: order.id,
          returnLineItems: [{ fulfillmentLineItemId: `gid://shopify/FulfillmentLineItem/${line.id.split("/").pop()}`, quantity: 1, returnReason: "SIZE_TOO_SMALL", returnReasonNote: "Too small" }],
        },
      },
    );
    const ret = created.returnCreate.return;
    const rfo = ret.reverseFulfillmentOrders.nodes[0];
    await admin(
      token,
      `mutation($rfo: ID!, $lines: [ReverseDeliveryLineItemInput!]!) { reverseDeliveryCreateWithShipping(reverseFulfillmentOrderId: $rfo, reverseDeliveryLineItems: $lines, trackingInput: { number: "SEKO777", url: "https://track.example/SEKO777" }, labelInput: { fileUrl: "https://labels.example/SEKO777.pdf" }) { userErrors { code } } }`,
      {
        rfo: rfo.id,
        lines: [{ reverseFulfillmentOrderLineItemId: rfo.lineItems.nodes[0].id, quantity: 1 }],
      },
    );
    const sale = `gid://shopify/OrderTransaction/${order.id.split("/").pop()}1`;
    const amount = (Number(line.originalUnitPrice) * order.presentmentRate).toFixed(2);
    const processed = await admin(token, `mutation($input: ReturnProcessInput!) { returnProcess(input: $input) { userErrors { code field message } } }`, {
      input: {
        returnId: ret.id,
        returnLineItems: [
          {
            id: ret.returnLineItems.nodes[0].id,
            quantity: 1,
            dispositions: [{ reverseFulfillmentOrderLineItemId: rfo.lineItems.nodes[0].id, quantity: 1, dispositionType: "RESTOCKED", locationId: location.id }],
          },
        ],
        financialTransfer: { issueRefund: { orderTransactions: [{ parentId: sale, transactionAmount: { amount, currencyCode: order.presentmentCurrencyCode } }] } },
      },
    });
    expect(processed.returnProcess.userErrors).toEqual([]);

    const data = orderPageData(store.data, order.id.split("/").pop()!)!;
    const html = orderPageHtml(data, { appUrl: "http://localhost:3000", basePath: "/store/demo-returns-store/apps/seko-returns" });
    expect(html).toContain(`${order.name}-R1`);
    expect(html).toContain("Return in progress");
    expect(html).toContain("Size was too small");
    expect(html).toContain('<a href="https://track.example/SEKO777" target="_blank" rel="noopener noreferrer">SEKO777</a>');
    expect(html).toContain('<a href="https://labels.example/SEKO777.pdf" target="_blank" rel="noopener noreferrer">Return label</a>');
    expect(html).toContain(`Restocked: 1 × ${escapeHtml(line.name)} at ${escapeHtml(location.name)}`);
    expect(html).toMatch(new RegExp(`refunded [^<]* for ${order.name}-R1`));
    expect(orderPageData(store.data, "1")).toBeNull();
  });
});
