/**
 * SEKO's returns written into Shopify, end to end: SEKO's deliveries through the tracking route,
 * the `return-mirror` job run by the queue, against the simulated Shopify's Returns API
 * (tests/mocks/shopify/return-*.ts) over msw. Nothing of our own is mocked.
 */
import { describe, expect, test } from "vitest";
import type { DemoOrder } from "#tests/fixtures/demo-store";
import { server } from "#tests/mocks/node";
import { trackingEvent, trackingEventsRequest } from "#tests/mocks/seko";
import { shopifyFaults, shopifyStore } from "#tests/mocks/shopify";
import { DEMO_SCOPES, DEMO_SHOP } from "#tests/setup/config";
import { installShop, syncTestHooks } from "#tests/setup/order-sync";
import { webhookRequest } from "#tests/setup/requests";
import { drainJobs } from "~/job-handlers.server";
import { action as trackingRoute } from "~/routes/seko.tracking.$token";
import { action as scopesUpdate } from "~/routes/webhooks.app.scopes_update";
import { rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import { db } from "~/utils/db.server";
import { MISSING_SCOPE, queueLiveReturns, retryReturnMirror } from "./mirror.server";
import { saveMirrorSettings } from "./mirror-settings.server";

const SHOP = DEMO_SHOP;
const WITH_RETURNS = `${DEMO_SCOPES},write_returns`;
/** The simulated store's warehouse. */
const location = () => shopifyStore(SHOP).data.locations[0]!.id;

syncTestHooks();

type Setting = { onDelivered?: "leave" | "restock" | "refund"; enabled?: boolean };

async function liveShop({ onDelivered = "leave", enabled = true }: Setting = {}, scopes = WITH_RETURNS) {
  await installShop(SHOP, scopes);
  await db.goLive.create({ data: { shop: SHOP, liveAt: new Date(), liveBy: "1" } });
  await db.returnMirrorSettings.create({ data: { shop: SHOP, enabled, onDelivered, restockLocationId: onDelivered === "restock" ? location() : null, updatedBy: "1" } });
  return rotateTrackingCredentials(SHOP, "72015740983");
}

let credentials: Awaited<ReturnType<typeof liveShop>>;

async function deliver(events: unknown[]) {
  const token = new URL(credentials.url).pathname.split("/").pop()!;
  const response = await trackingRoute({ request: trackingEventsRequest(credentials.url, events, credentials), params: { token }, context: {} });
  expect(response.status).toBe(200);
}

/** Runs the queue until nothing is due (a failed job waits for its back-off: brought forward here). */
async function settle(rounds = 1) {
  for (let i = 0; i < rounds; i++) {
    await db.syncJob.updateMany({ where: { shop: SHOP }, data: { runAt: new Date(Date.now() - 1) } });
    await drainJobs({ shop: SHOP });
  }
}

/** A recent, fulfilled, paid order with at least two shippable lines that carry a SKU, each line once. */
function returnableOrder(): DemoOrder & { lineItems: { sku: string }[] } {
  const order = shopifyStore(SHOP).data.orders.find(
    (o) =>
      o.displayFinancialStatus === "PAID" &&
      o.fulfillments.length === 1 &&
      !o.cancelledAt &&
      Date.parse(o.createdAt) > Date.now() - 30 * 86_400_000 &&
      o.lineItems.length >= 2 &&
      o.lineItems.every((line) => line.requiresShipping && line.sku) &&
      new Set(o.lineItems.map((line) => line.sku)).size === o.lineItems.length,
  );
  if (!order) throw new Error("the demo store has no returnable order");
  return order as DemoOrder & { lineItems: { sku: string }[] };
}

const CONSIGNMENT = "SEKO7000001";
const event = (order: DemoOrder, code: string, eventAt: string, fields: Record<string, unknown> = {}) =>
  trackingEvent({ ConsignmentNo: CONSIGNMENT, OrderNo: order.name.replace("#", ""), Code: code, EventDT: eventAt, ItemNo: undefined, ReturnReason: undefined, ReturnAction: undefined, ...fields });
const created = (order: DemoOrder, sku: string, second = 0, reason = "Too small") =>
  event(order, "RC", `2026-03-01 10:00:${String(second).padStart(2, "0")}`, { ItemNo: sku, ReturnReason: reason, ReturnAction: "Refund" });

const row = () => db.shopifyReturn.findUniqueOrThrow({ where: { shop_consignmentNo: { shop: SHOP, consignmentNo: CONSIGNMENT } } });
const returnsOf = (order: DemoOrder) => shopifyStore(SHOP).data.orders.find((o) => o.id === order.id)!.returns ?? [];

describe("Return Created → one Shopify return per consignment", () => {
  test("lines by SKU with SEKO's quantities, reason definition and note; notification off; duplicates and retries change nothing", async () => {
    credentials = await liveShop();
    const order = returnableOrder();
    const [first, second] = order.lineItems;
    expect(first!.quantity).toBeGreaterThanOrEqual(1);
    await deliver([created(order, first!.sku, 0), created(order, second!.sku, 1, "Faulty zip")]);
    await settle();

    const returns = returnsOf(order);
    expect(returns).toHaveLength(1);
    expect(returns[0]!.status).toBe("OPEN");
    const notes = returns[0]!.lineItems.map((line) => [line.quantity, line.returnReasonNote, line.returnReasonDefinitionId !== null]);
    expect(notes.sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      [1, `SEKO return ${CONSIGNMENT}: Faulty zip (Refund)`, true],
      [1, `SEKO return ${CONSIGNMENT}: Too small (Refund)`, true],
    ]);
    expect(await row()).toMatchObject({ state: "open", orderId: order.id, orderName: order.name, returnId: returns[0]!.id, attempts: 0, lastError: null });

    // SEKO sends the same delivery again, and the job is queued again: still one return.
    await deliver([created(order, first!.sku, 0), created(order, second!.sku, 1, "Faulty zip")]);
    await db.syncJob.deleteMany({ where: { shop: SHOP } });
    await retryReturnMirror(SHOP, CONSIGNMENT, "1");
    await settle();
    expect(returnsOf(order)).toHaveLength(1);
  });

  test("a returnCreate that worked but whose answer was lost is found by its marker, not made twice", async () => {
    credentials = await liveShop();
    const order = returnableOrder();
    await deliver([created(order, order.lineItems[0]!.sku)]);
    // The first run creates the return; its row is then lost as if the answer never arrived.
    await settle();
    const made = returnsOf(order)[0]!;
    await db.shopifyReturn.update({ where: { shop_consignmentNo: { shop: SHOP, consignmentNo: CONSIGNMENT } }, data: { returnId: null, state: "failed" } });
    await retryReturnMirror(SHOP, CONSIGNMENT, "1");
    await settle();
    expect(returnsOf(order)).toHaveLength(1);
    expect(await row()).toMatchObject({ returnId: made.id, state: "open" });
  });

  test("a later status arriving first waits; Return Created then makes the return and its reverse delivery at once", async () => {
    credentials = await liveShop();
    const order = returnableOrder();
    await deliver([event(order, "RT", "2026-03-02 09:00:00", { OmniRPSTrackingNo: "RPS555" })]);
    await settle();
    expect(await row()).toMatchObject({ state: "waiting", returnId: null });
    expect(returnsOf(order)).toHaveLength(0);

    await deliver([created(order, order.lineItems[0]!.sku)]);
    await settle();
    const [made] = returnsOf(order);
    const delivery = made!.reverseFulfillmentOrders[0]!.reverseDeliveries;
    expect(delivery).toHaveLength(1);
    expect(delivery[0]!.tracking?.number).toBe("RPS555");
    expect(await row()).toMatchObject({ state: "in_transit", reverseDeliveryId: delivery[0]!.id });
    // A later status changes nothing already written.
    await deliver([event(order, "DS", "2026-03-03 09:00:00", { OmniRPSTrackingNo: "RPS555" })]);
    await settle();
    expect(returnsOf(order)[0]!.reverseFulfillmentOrders[0]!.reverseDeliveries).toHaveLength(1);
  });

  test("an unknown SKU or more than is returnable is unmatched with the reason, not retried by itself, nothing written", async () => {
    credentials = await liveShop();
    const order = returnableOrder();
    const line = order.lineItems[0]!;
    const beyond = Array.from({ length: line.quantity + 1 }, (_, i) => created(order, line.sku, i));
    await deliver([...beyond, created(order, "NO-SUCH-SKU", 30)]);
    await settle();
    const stored = await row();
    expect(stored.state).toBe("unmatched");
    expect(stored.reason).toContain(`SEKO reports ${line.quantity + 1} of SKU ${line.sku} returned; Shopify allows ${line.quantity} more`);
    expect(stored.reason).toContain("No item with SKU NO-SUCH-SKU");
    expect(returnsOf(order)).toHaveLength(0);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "return-mirror" } })).toBe(0);
  });

  test("SEKO's order number behind its own prefix finds the synced order by its canonical number", async () => {
    credentials = await liveShop();
    const order = returnableOrder();
    const at = new Date();
    await db.order.create({ data: { shop: SHOP, shopifyId: order.id, name: order.name, currency: "NZD", processedAt: at, shopifyUpdatedAt: at } });
    await deliver([{ ...created(order, order.lineItems[0]!.sku), OrderNo: `SHOP-${order.name.replace("#", "")}` }]);
    await settle();
    expect(returnsOf(order)).toHaveLength(1);
    expect(await row()).toMatchObject({ state: "open", orderId: order.id, orderKey: `SHOP-${order.name.replace("#", "")}` });
  });

  test("an order SEKO names that Shopify does not have is unmatched", async () => {
    credentials = await liveShop();
    await deliver([trackingEvent({ ConsignmentNo: CONSIGNMENT, OrderNo: "99999999", Code: "RC", ItemNo: "X" })]);
    await settle();
    expect(await row()).toMatchObject({ state: "unmatched", reason: "No one Shopify order is named 99999999 (as SEKO wrote it)." });
  });
});

describe("delivered back: as the merchant chose", () => {
  // The fake's order is changed in place: its refunds are counted before.
  let refundsBefore = 0;
  async function deliveredBack(setting: Setting) {
    credentials = await liveShop(setting);
    const order = returnableOrder();
    refundsBefore = order.refunds.length;
    await deliver([created(order, order.lineItems[0]!.sku), event(order, "RT", "2026-03-02 09:00:00"), event(order, "RDBTC", "2026-03-08 09:00:00")]);
    await settle();
    return { order, made: returnsOf(order)[0]! };
  }

  test("leave (the default): the return stays open, nothing restocked or refunded", async () => {
    const { order, made } = await deliveredBack({ onDelivered: "leave" });
    expect(made.status).toBe("OPEN");
    expect(made.reverseFulfillmentOrders[0]!.lineItems[0]!.dispositions).toEqual([]);
    expect(made.lineItems[0]!.processedQuantity).toBe(0);
    expect(shopifyStore(SHOP).data.orders.find((o) => o.id === order.id)!.refunds).toHaveLength(refundsBefore);
    expect(await row()).toMatchObject({ state: "received", reason: expect.stringContaining("left for staff") });
  });

  test("restock: the items are marked restocked at the chosen location, once", async () => {
    const { made } = await deliveredBack({ onDelivered: "restock" });
    expect(made.reverseFulfillmentOrders[0]!.lineItems[0]!.dispositions).toEqual([expect.objectContaining({ type: "RESTOCKED", quantity: 1, locationId: location() })]);
    await retryReturnMirror(SHOP, CONSIGNMENT, "1");
    await settle();
    expect(returnsOf(returnableOrder())[0]!.reverseFulfillmentOrders[0]!.lineItems[0]!.dispositions).toHaveLength(1);
    expect(await row()).toMatchObject({ state: "received", reason: null });
  });

  test("refund: the return is processed with a refund to the original payment, once; the customer is never notified by Shopify", async () => {
    const sent: string[] = [];
    const record = async ({ request }: { request: Request }) => void (request.url.includes("/graphql.json") && sent.push(await request.clone().text()));
    server.events.on("request:start", record);
    const { order, made } = await deliveredBack({ onDelivered: "refund" }).finally(() => server.events.removeListener("request:start", record));
    const body = (operation: string) => sent.map((text) => JSON.parse(text) as { query: string; variables: Record<string, any> }).find((item) => item.query.includes(operation))!;
    expect(body("mutation ReturnMirrorDelivery").query).toContain("notifyCustomer: false");
    expect(body("mutation ReturnMirrorProcess").variables.input).toMatchObject({
      notifyCustomer: false,
      financialTransfer: { issueRefund: { orderTransactions: [expect.objectContaining({ parentId: expect.any(String) })] } },
    });
    expect(made.lineItems[0]!.processedQuantity).toBe(1);
    const refunds = shopifyStore(SHOP).data.orders.find((o) => o.id === order.id)!.refunds;
    expect(refunds.length).toBe(refundsBefore + 1);
    expect(await row()).toMatchObject({ state: "processed", lastError: null });
    await retryReturnMirror(SHOP, CONSIGNMENT, "1");
    await settle();
    expect(shopifyStore(SHOP).data.orders.find((o) => o.id === order.id)!.refunds.length).toBe(refundsBefore + 1);
  });

  test("a parcel already back when refund (or restock) was chosen is left for staff: the choice is for parcels that arrive after it", async () => {
    // Returns live, the setting off: SEKO's return comes all the way back and staff may handle it by hand.
    credentials = await liveShop({ enabled: false });
    const order = returnableOrder();
    refundsBefore = order.refunds.length;
    await deliver([created(order, order.lineItems[0]!.sku), event(order, "RT", "2026-03-02 09:00:00"), event(order, "RDBTC", "2026-03-08 09:00:00")]);
    // Then the merchant turns it on with refund: the earlier return is written, but not refunded.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await saveMirrorSettings(SHOP, { enabled: true, onDelivered: "refund", restockLocationId: null }, "1");
    expect(await queueLiveReturns(SHOP)).toBe(1);
    await settle();
    const made = returnsOf(order)[0]!;
    expect(made.status).toBe("OPEN");
    expect(made.lineItems[0]!.processedQuantity).toBe(0);
    expect(shopifyStore(SHOP).data.orders.find((o) => o.id === order.id)!.refunds).toHaveLength(refundsBefore);
    expect(await row()).toMatchObject({ state: "received", reason: expect.stringContaining("Delivered back before Settings chose to restock or refund") });
  });

  test("Return Rejected leaves the return open with SEKO's reason", async () => {
    credentials = await liveShop({ onDelivered: "refund" });
    const order = returnableOrder();
    await deliver([created(order, order.lineItems[0]!.sku), event(order, "RR", "2026-03-04 09:00:00", { ReturnReason: "Item worn" })]);
    await settle();
    expect(returnsOf(order)[0]!.status).toBe("OPEN");
    expect(await row()).toMatchObject({ state: "rejected", reason: "SEKO rejected the return: Item worn. It is left open in Shopify for staff to decline or close." });
  });
});

describe("nothing is written unless it should be", () => {
  test("setting off, not live, or a test return: no job, no return", async () => {
    credentials = await liveShop({ enabled: false });
    const order = returnableOrder();
    await deliver([created(order, order.lineItems[0]!.sku)]);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "return-mirror" } })).toBe(0);

    await db.returnMirrorSettings.update({ where: { shop: SHOP }, data: { enabled: true } });
    await db.testReturn.create({
      data: { shop: SHOP, orderId: "x", orderName: order.name, items: "[]", reason: "Too small", returnOption: "refund", originCountry: "NZ", state: "labelled", connote: "TEST1", createdBy: "1" },
    });
    await deliver([trackingEvent({ ConsignmentNo: "TEST1", OrderNo: order.name, Code: "RC", ItemNo: order.lineItems[0]!.sku })]);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "return-mirror" } })).toBe(0);

    await db.goLive.update({ where: { shop: SHOP }, data: { liveAt: null } });
    await deliver([created(order, order.lineItems[1]!.sku, 5)]);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "return-mirror" } })).toBe(0);
    await settle();
    expect(returnsOf(order)).toHaveLength(0);
  });

  test("without write_returns nothing is queued; a grant Shopify took back is said plainly and retried with back-off", async () => {
    credentials = await liveShop({}, DEMO_SCOPES);
    const order = returnableOrder();
    await deliver([created(order, order.lineItems[0]!.sku)]);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "return-mirror" } })).toBe(0);

    // The app's record says granted, Shopify says otherwise (revoked since).
    await db.shop.update({ where: { shop: SHOP }, data: { scopes: WITH_RETURNS } });
    await deliver([created(order, order.lineItems[1]!.sku, 5)]);
    // One pass: its retry may come due within a longer drain (the tests' back-off is milliseconds).
    await drainJobs({ shop: SHOP, dueAtStart: true });
    expect(await row()).toMatchObject({ state: "failed", lastError: MISSING_SCOPE, attempts: 1 });
    const job = await db.syncJob.findFirstOrThrow({ where: { shop: SHOP, kind: "return-mirror" } });
    expect(job).toMatchObject({ attempts: 1, lastError: MISSING_SCOPE });
    expect(returnsOf(order)).toHaveLength(0);
  });

  test("a userError from Shopify is recorded on the row in Shopify's words and retried", async () => {
    credentials = await liveShop({ onDelivered: "restock" });
    await db.returnMirrorSettings.update({ where: { shop: SHOP }, data: { restockLocationId: "gid://shopify/Location/999999" } });
    const order = returnableOrder();
    await deliver([created(order, order.lineItems[0]!.sku), event(order, "RDBTC", "2026-03-08 09:00:00")]);
    await drainJobs({ shop: SHOP, dueAtStart: true });
    const stored = await row();
    expect(stored).toMatchObject({ state: "failed", attempts: 1, returnId: returnsOf(order)[0]!.id });
    expect(stored.lastError).toMatch(/^Shopify refused restocking the items: /);
    expect(await db.syncJob.findFirstOrThrow({ where: { shop: SHOP, kind: "return-mirror" } })).toMatchObject({ attempts: 1, lastError: stored.lastError });
  });

  test("a Shopify outage is recorded on the row and retried; the return is made once when Shopify is back", async () => {
    credentials = await liveShop();
    const order = returnableOrder();
    shopifyFaults.httpError(503, 20);
    await deliver([created(order, order.lineItems[0]!.sku)]);
    await drainJobs({ shop: SHOP, dueAtStart: true });
    expect(await row()).toMatchObject({ state: "failed", attempts: 1, lastError: expect.stringContaining("tries again by itself") });
    shopifyFaults.clear();
    await settle();
    expect(returnsOf(order)).toHaveLength(1);
    expect(await row()).toMatchObject({ state: "open", attempts: 0, lastError: null });
  });
});

describe("returns SEKO reported before it was on", () => {
  test("write_returns granted (app/scopes_update): the live returns not yet in Shopify are written; settled ones are not queued again", async () => {
    credentials = await liveShop({}, DEMO_SCOPES);
    const order = returnableOrder();
    await deliver([created(order, order.lineItems[0]!.sku)]);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "return-mirror" } })).toBe(0);

    shopifyStore(SHOP).setInstalledScopes(WITH_RETURNS);
    const grant = webhookRequest({ topic: "app/scopes_update", shop: SHOP, body: { id: 1, previous: DEMO_SCOPES.split(","), current: WITH_RETURNS.split(",") } });
    expect((await scopesUpdate({ request: grant, params: {}, context: {} })).status).toBe(200);
    await settle();
    expect(returnsOf(order)).toHaveLength(1);
    expect(await row()).toMatchObject({ state: "open" });

    await db.shopifyReturn.update({ where: { shop_consignmentNo: { shop: SHOP, consignmentNo: CONSIGNMENT } }, data: { state: "received" } });
    expect(await queueLiveReturns(SHOP)).toBe(0);
  });
});
