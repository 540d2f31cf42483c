/**
 * The demo's live returns: a customer's return started in the simulated SEKO portal on a real demo
 * order reaches the app's real tracking receiver as SEKO's statuses, and the app counts it as a live
 * return (Home's overview, the stuck list, the order's return status). The storefront's returns link
 * is the extension's real Liquid and opens the simulated portal.
 */
import { http } from "msw";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { orderReturnsFor } from "~/customer-account/order-returns.server";
import { returnsOverview } from "~/returns/live-returns.server";
import { canonicalOrderNumber } from "~/seko/order-number";
import { rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import { db } from "~/utils/db.server";
import { action as trackingAction } from "~/routes/seko.tracking.$token";
import type { DemoOrder } from "../fixtures/demo-store";
import { server } from "../mocks/node";
import { configureSekoWebhook, RETURN_TIMELINE, sekoState } from "../mocks/seko";
import { portalReturns, resetLiveReturns } from "../mocks/seko-live-returns";
import { shopifyStore, type AppMetafieldRecord } from "../mocks/shopify";
import { DEMO_SHOP } from "../setup/config";
import { findOrder, itemsPage, PORTAL_PATH, returnableLines, startReturn } from "./returns-portal";
import { renderExtension } from "./storefront";
import { setEmbedEnabled } from "./theme-extensions";

const store = () => shopifyStore(DEMO_SHOP).data;

/** A shipped order with an email and at least two returnable lines. */
function shippedOrder(skip = 0): DemoOrder {
  const orders = store().orders.filter((order) => order.email && returnableLines(order).length >= 2);
  const order = orders[skip];
  if (!order) throw new Error("The demo store has no shipped order with two returnable lines");
  return order;
}

/** The app's real receiver behind the URL the merchant gave OmniRPS. */
async function useReceiver() {
  const credentials = await rotateTrackingCredentials(DEMO_SHOP, "101");
  server.use(http.post(`${new URL(credentials.url).origin}/seko/tracking/:token`, ({ request, params }) => trackingAction({ request, params: { token: String(params.token) }, context: {} })));
  configureSekoWebhook({ url: credentials.url, username: credentials.username, password: credentials.password, stepMs: 10 });
}

const allPosted = () => expect.poll(() => portalReturns().every((item) => item.plannedCodes.every((code) => item.label.posted.includes(code))), { timeout: 5000, interval: 20 });

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => resetLiveReturns());

describe("the simulated SEKO portal", () => {
  test("a return started on a demo order is sent to the app's tracking webhook, status by status, and counted as a live return", async () => {
    await useReceiver();
    const order = shippedOrder();
    const line = returnableLines(order)[0]!.line;
    // The customer types the number without "#" and the email in another case.
    const result = startReturn(store(), { order: order.name.replace("#", ""), email: order.email!.toUpperCase(), item: line.id, [`reason-${line.id}`]: "Too small", action: "Exchange" });
    expect(result.ok).toBe(true);
    const connote = result.ok ? result.created.connote : "";
    expect(sekoState.labels.find((label) => label.connote === connote)).toMatchObject({ shipType: "INBOUND", deliveryReference: order.name.replace("#", ""), skus: [line.sku] });
    await allPosted().toBe(true);

    // The receiver stored every status with what SEKO sends on Return Created. (SEKO marks a status
    // posted as it sends it, so the last one may still be in the receiver's hands: waited for.)
    const stored = () => db.trackingEvent.findMany({ where: { shop: DEMO_SHOP, consignmentNo: connote }, orderBy: { eventAt: "asc" } });
    await expect.poll(async () => new Set((await stored()).map((event) => event.code)), { timeout: 5000, interval: 20 }).toEqual(new Set(RETURN_TIMELINE));
    const events = await stored();
    expect(events.find((event) => event.code === "RC")).toMatchObject({ orderNo: order.name.replace("#", ""), itemNo: line.sku, returnReason: "Too small", returnAction: "Exchange" });

    // Home's overview counts it (no test return behind it), delivered back.
    const overview = await returnsOverview(DEMO_SHOP);
    expect(overview.total).toBe(1);
    expect(overview.byStatus.find((row) => row.code === "RDBTC")?.count).toBe(1);
    expect(overview.stuck).toEqual([]);
    // The customer-account endpoint's answer for that order (synced, the customer's own) shows it.
    expect(await db.returnShipment.findFirst({ where: { shop: DEMO_SHOP, consignmentNo: connote } })).toMatchObject({ orderKey: canonicalOrderNumber(order.name), status: "RDBTC" });
    const customer = "gid://shopify/Customer/7001";
    const placedAt = new Date(order.processedAt);
    await db.order.create({
      data: {
        shop: DEMO_SHOP,
        shopifyId: order.id,
        name: order.name,
        customerId: customer,
        email: order.email,
        shipCountry: order.shippingAddress.countryCodeV2,
        currency: order.currencyCode,
        processedAt: placedAt,
        orderCreatedAt: placedAt,
        shopifyUpdatedAt: placedAt,
        fulfilledAt: placedAt,
        fulfillmentStatus: "FULFILLED",
      },
    });
    expect((await orderReturnsFor(DEMO_SHOP, customer, order.id))?.status).toMatchObject({ code: "RDBTC", label: "Delivered Back To Retailer" });
  });

  test("stopped after in transit and started 20 days ago, the return is on Home's stuck list", async () => {
    await useReceiver();
    const order = shippedOrder(1);
    const line = returnableLines(order)[0]!.line;
    const result = startReturn(store(), { order: order.name, email: order.email!, item: [line.id], [`reason-${line.id}`]: "Faulty", action: "Refund", stopAfter: "RT", startedDaysAgo: "20" });
    expect(result.ok).toBe(true);
    await allPosted().toBe(true);
    // SEKO sends nothing more after RT.
    await new Promise((resolve) => setTimeout(resolve, 60));
    const connote = result.ok ? result.created.connote : "";
    expect(sekoState.labels.find((label) => label.connote === connote)?.posted).toEqual(["RC", "RT"]);
    // (RT may still be in the receiver's hands when SEKO counts it posted.)
    await expect
      .poll(async () => (await returnsOverview(DEMO_SHOP)).stuck, { timeout: 5000, interval: 20 })
      .toEqual([expect.objectContaining({ consignmentNo: connote, status: "RT", label: "Return in Transit" })]);
  });

  test("finds only the order with that number and email; refuses unknown orders, missing reasons, items already returned and malformed forms", async () => {
    const order = shippedOrder();
    const [first, second] = returnableLines(order).map((item) => item.line);
    expect(findOrder(store(), ` #${order.name.replace("#", "")} `, order.email!)).toBe(order);
    expect(findOrder(store(), order.name, "someone.else@example.com")).toBeNull();

    const base = { order: order.name, email: order.email!, action: "Refund" };
    expect(startReturn(store(), { ...base, email: "someone.else@example.com", item: first!.id, [`reason-${first!.id}`]: "Faulty" })).toMatchObject({ ok: false, status: 404 });
    expect(startReturn(store(), { ...base, item: first!.id })).toMatchObject({ ok: false, status: 400, message: `Choose a reason for ${first!.name}.` });
    expect(startReturn(store(), { ...base, item: first!.id, [`reason-${first!.id}`]: "Because" })).toMatchObject({ ok: false, status: 400 });
    expect(startReturn(store(), { ...base, item: first!.id, [`reason-${first!.id}`]: "Faulty", startedDaysAgo: "-3" })).toMatchObject({ ok: false, status: 400 });
    expect(startReturn(store(), { ...base, item: "gid://shopify/LineItem/0", "reason-gid://shopify/LineItem/0": "Faulty" })).toMatchObject({ ok: false, status: 409 });
    expect(sekoState.labels).toHaveLength(0);

    // Once an item is in a return, the order offers only the others.
    expect(startReturn(store(), { ...base, item: first!.id, [`reason-${first!.id}`]: "Faulty" }).ok).toBe(true);
    expect(returnableLines(order).map((item) => item.line.id)).not.toContain(first!.id);
    expect(returnableLines(order).map((item) => item.line.id)).toContain(second!.id);
    expect(startReturn(store(), { ...base, item: first!.id, [`reason-${first!.id}`]: "Faulty" })).toMatchObject({ ok: false, status: 409 });
  });

  test("takes the form as a browser posts it: a line not picked sends its empty reason", () => {
    const order = shippedOrder();
    const [first, second] = returnableLines(order).map((item) => item.line);
    const posted = { order: order.name, email: order.email!, action: "Refund", item: first!.id, [`reason-${first!.id}`]: "Faulty", [`reason-${second!.id}`]: "" };
    const started = startReturn(store(), posted);
    expect(started.ok).toBe(true);
    const left = returnableLines(order).map((item) => item.line.id);
    expect(left).not.toContain(first!.id);
    expect(left).toContain(second!.id);
  });

  test("the items page escapes what it shows", () => {
    const order = { ...shippedOrder(), name: '#1<script>alert(1)</script>"' };
    const html = itemsPage(order, returnableLines(shippedOrder()));
    expect(html).not.toContain("<script>alert");
    expect(html).toContain(`action="${PORTAL_PATH}/returns"`);
  });
});

describe("the simulated storefront", () => {
  const PORTAL = "https://returns.example-seko.test/demo";
  const metafield = (key: string, value: string, type = "single_line_text_field"): AppMetafieldRecord => ({ id: key, namespace: "returns_link", key, type, value, createdAt: "", updatedAt: "" });

  test("renders the extension's Liquid with the app's metafields: nothing before go-live, then a link that opens the simulated portal with the prefill", async () => {
    setEmbedEnabled(store(), true);
    const order = shippedOrder();
    const before = [metafield("portal_url", PORTAL, "url"), metafield("portal_set", "true", "boolean"), metafield("live", "false", "boolean")];
    expect(await renderExtension(store(), before, "product")).toBe("");

    const live = [...before.slice(0, 2), metafield("live", "true", "boolean"), metafield("order_param", "order"), metafield("email_param", "email")];
    const product = await renderExtension(store(), live, "product");
    expect(product).toContain(`href="${PORTAL_PATH}"`);
    expect(product).toContain(`data-portal-address="${PORTAL}"`);
    expect(product).toContain("Start a return");

    // On the customer's order page the link carries the order's number and email.
    const orderPage = await renderExtension(store(), live, "customers/order", order);
    const href = /href="([^"]*)"/.exec(orderPage)![1]!.replace(/&amp;|&#38;/g, "&");
    const url = new URL(href, "http://localhost");
    expect(url.pathname).toBe(PORTAL_PATH);
    expect(url.searchParams.get("order")).toBe(order.name);
    expect(url.searchParams.get("email")).toBe(order.email);
  });

  test("shows nothing where the theme has neither the embed on nor the block", async () => {
    setEmbedEnabled(store(), false);
    expect(await renderExtension(store(), [metafield("portal_url", PORTAL, "url"), metafield("live", "true", "boolean")], "product")).toBe("");
  });
});
