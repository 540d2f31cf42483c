import { describe, expect, test } from "vitest";
import { type OrderNoEcho, trackingEvent } from "#tests/mocks/seko";
import { parseTrackingWebhook } from "~/seko/tracking";
import { storeTrackingEvents } from "~/seko/tracking-receiver.server";
import { db } from "~/utils/db.server";
import { type CustomerPayload, recordCustomerDataRequest, redactCustomer } from "./compliance.server";

const SHOP = "alpha-store.myshopify.com";
const OTHER = "beta-store.myshopify.com";
const JANE = 7001;
const SAM = 7002;

async function order(shop: string, name: string, customer: number) {
  const now = new Date("2026-02-01T10:00:00Z");
  await db.order.create({
    data: {
      shop,
      shopifyId: `gid://shopify/Order/${customer}${name.replace(/\D/g, "")}`,
      name,
      customerId: `gid://shopify/Customer/${customer}`,
      email: `${customer}@example.com`,
      currency: "NZD",
      processedAt: now,
      shopifyUpdatedAt: now,
    },
  });
}

/** SEKO delivering one return's events for an order, writing the order number its own way. */
async function deliver(shop: string, orderName: string, consignmentNo: string, echo: OrderNoEcho) {
  const parsed = parseTrackingWebhook([
    trackingEvent({ ConsignmentNo: consignmentNo, OrderNo: orderName, Code: "RC", ReturnReason: "Too small" }, { echo }),
    trackingEvent({ ConsignmentNo: consignmentNo, OrderNo: orderName, Code: "RT", ItemNo: null, EventDT: "2026-02-04 08:00:00" }, { echo }),
  ]);
  if (!parsed.ok) throw new Error(parsed.reason);
  await storeTrackingEvents(shop, parsed.value);
}

const request = (customer: number): CustomerPayload => ({
  shop_domain: SHOP,
  customer: { id: String(customer), email: `${customer}@example.com` },
  orders_to_redact: [],
});

async function setUp() {
  await order(SHOP, "#1001", JANE);
  await order(SHOP, "#1002", JANE);
  await order(SHOP, "#1003", SAM);
  await order(OTHER, "#1001", SAM);
  await deliver(SHOP, "#1001", "SEKO1", "bare");
  await deliver(SHOP, "#1002", "SEKO2", { prefix: "shop-" });
  await deliver(SHOP, "#1002", "SEKO3", "spaced");
  await deliver(SHOP, "#1003", "SEKO4", { prefix: "SHOP-" });
  await deliver(OTHER, "#1001", "SEKO5", "hash");
}

describe("tracking rows are matched by the canonical order number", () => {
  test("events are stored with what SEKO wrote and its folded key", async () => {
    await setUp();
    const rows = await db.trackingEvent.findMany({ where: { shop: SHOP }, select: { orderNo: true, orderKey: true }, distinct: ["orderNo"] });
    expect(rows.map((row) => [row.orderNo, row.orderKey]).sort()).toEqual([
      ["# 1002", "1002"],
      ["1001", "1001"],
      ["SHOP-1003", "SHOP-1003"],
      ["shop-1002", "SHOP-1002"],
    ]);
    expect(await db.returnShipment.findUniqueOrThrow({ where: { shop_consignmentNo: { shop: SHOP, consignmentNo: "SEKO2" } } })).toMatchObject({
      orderNo: "shop-1002",
      orderKey: "SHOP-1002",
    });
  });

  test("order names with digits in their prefix stay apart: redacting one customer keeps another's returns", async () => {
    await order(SHOP, "#SO2026-1001", JANE);
    await order(SHOP, "#SO2026-4321", SAM);
    await order(SHOP, "#SO2026-101", SAM);
    await deliver(SHOP, "#SO2026-1001", "SEKO1", "bare");
    await deliver(SHOP, "#SO2026-4321", "SEKO2", "bare");
    await deliver(SHOP, "#SO2026-101", "SEKO3", { prefix: "SHOP-" });
    const report = JSON.parse((await db.$transaction((tx) => recordCustomerDataRequest(tx, SHOP, request(JANE)))).result ?? "{}") as { returns: { consignmentNo: string }[] };
    expect(report.returns.map((item) => item.consignmentNo)).toEqual(["SEKO1"]);
    await db.$transaction((tx) => redactCustomer(tx, SHOP, request(JANE)));
    expect(new Set((await db.trackingEvent.findMany({ where: { shop: SHOP } })).map((row) => row.consignmentNo))).toEqual(new Set(["SEKO2", "SEKO3"]));
  });

  test("an echo behind a prefix is not taken for an order when it is another order's own name", async () => {
    await order(SHOP, "#1001", JANE);
    await order(SHOP, "EU-1001", SAM);
    await deliver(SHOP, "#1001", "SEKO1", { prefix: "SHOP-" });
    await deliver(SHOP, "EU-1001", "SEKO2", "bare");
    await db.$transaction((tx) => redactCustomer(tx, SHOP, request(JANE)));
    expect((await db.trackingEvent.findMany({ where: { shop: SHOP } })).map((row) => row.consignmentNo)).toEqual(["SEKO2", "SEKO2"]);
  });

  test("customers/redact erases the customer's tracking events and returns whatever prefix SEKO echoed", async () => {
    await setUp();
    await db.$transaction((tx) => redactCustomer(tx, SHOP, request(JANE)));

    const left = await db.trackingEvent.findMany({ where: { shop: SHOP }, select: { consignmentNo: true } });
    expect(new Set(left.map((row) => row.consignmentNo))).toEqual(new Set(["SEKO4"]));
    expect((await db.returnShipment.findMany({ where: { shop: SHOP } })).map((row) => row.consignmentNo)).toEqual(["SEKO4"]);
    // The same order number in another shop is another customer's.
    expect(await db.trackingEvent.count({ where: { shop: OTHER } })).toBe(2);
    expect(await db.returnShipment.count({ where: { shop: OTHER } })).toBe(1);
  });

  const testReturn = async (shop: string, name: string, items = "[]") => {
    const order = await db.order.findFirstOrThrow({ where: { shop, name } });
    await db.testReturn.create({
      data: { shop, orderId: order.id, orderName: name, items, reason: "Too small", returnOption: "refund", originCountry: "NZ", state: "labelled", createdBy: "1" },
    });
  };

  test("customers/data_request reports the test returns made on the customer's orders, and only those", async () => {
    await setUp();
    await testReturn(SHOP, "#1001", JSON.stringify([{ lineItemId: "1", sku: "TEE-S", title: "Tee", quantity: 1, unitValue: 25 }]));
    await testReturn(SHOP, "#1003");
    await testReturn(OTHER, "#1001");
    const row = await db.$transaction((tx) => recordCustomerDataRequest(tx, SHOP, request(JANE)));
    const report = JSON.parse(row.result ?? "{}") as { testReturns: { orderName: string; reason: string; items: unknown }[] };
    expect(report.testReturns).toEqual([expect.objectContaining({ orderName: "#1001", reason: "Too small", items: [expect.objectContaining({ sku: "TEE-S", quantity: 1 })] })]);
  });

  test("customers/redact erases the test returns made on the customer's orders, and only those", async () => {
    await setUp();
    await testReturn(SHOP, "#1001");
    await testReturn(SHOP, "#1003");
    await testReturn(OTHER, "#1001");
    await db.$transaction((tx) => redactCustomer(tx, SHOP, request(JANE)));
    expect((await db.testReturn.findMany({ orderBy: { shop: "asc" } })).map((row) => [row.shop, row.orderName])).toEqual([
      [SHOP, "#1003"],
      [OTHER, "#1001"],
    ]);
  });

  test("rows stored before the canonical key existed are found too", async () => {
    await order(SHOP, "#1001", JANE);
    await db.trackingEvent.create({
      data: { shop: SHOP, dedupeKey: "legacy", consignmentNo: "SEKO9", orderNo: "SHOP-1001", code: "RC", kind: "return", label: "Return Created", eventAt: "2026-01-01 00:00:00", raw: "{}" },
    });
    await db.returnShipment.create({ data: { shop: SHOP, consignmentNo: "SEKO9", orderNo: " 1001" } });
    await db.$transaction((tx) => redactCustomer(tx, SHOP, request(JANE)));
    expect(await db.trackingEvent.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.returnShipment.count({ where: { shop: SHOP } })).toBe(0);
  });

  test("customers/data_request reports the returns and events of the customer's orders, whatever their spelling", async () => {
    await setUp();
    const row = await db.$transaction((tx) => recordCustomerDataRequest(tx, SHOP, request(JANE)));
    const report = JSON.parse(row.result ?? "{}") as { returns: { consignmentNo: string }[]; trackingEvents: { consignmentNo: string; returnReason: string | null }[] };
    expect(report.returns.map((item) => item.consignmentNo).sort()).toEqual(["SEKO1", "SEKO2", "SEKO3"]);
    expect(new Set(report.trackingEvents.map((item) => item.consignmentNo))).toEqual(new Set(["SEKO1", "SEKO2", "SEKO3"]));
    expect(report.trackingEvents.some((item) => item.returnReason === "Too small")).toBe(true);
  });
});

describe("returns written into Shopify (app/returns/mirror.server.ts)", () => {
  const mirrored = (shop: string, consignmentNo: string, orderKey: string, orderId: string | null) =>
    db.shopifyReturn.create({
      data: { shop, consignmentNo, orderKey, orderId, orderName: `#${orderKey}`, state: "open", lines: JSON.stringify([{ sku: "TEE-S", quantity: 1, note: "SEKO: Too small" }]) },
    });

  test("customers/data_request reports them and customers/redact erases them, the customer's only", async () => {
    await setUp();
    await mirrored(SHOP, "SEKO1", "1001", `gid://shopify/Order/${JANE}1001`);
    // Matched by the Shopify order id even when SEKO's order number was never stored with it.
    await mirrored(SHOP, "SEKO2", "OTHER-KEY", `gid://shopify/Order/${JANE}1002`);
    await mirrored(SHOP, "SEKO4", "SHOP-1003", `gid://shopify/Order/${SAM}1003`);
    await mirrored(OTHER, "SEKO5", "1001", `gid://shopify/Order/${SAM}1001`);

    const row = await db.$transaction((tx) => recordCustomerDataRequest(tx, SHOP, request(JANE)));
    const report = JSON.parse(row.result ?? "{}") as { shopifyReturns: { consignmentNo: string; lines: unknown }[] };
    expect(report.shopifyReturns).toEqual([expect.objectContaining({ consignmentNo: "SEKO1", lines: [expect.objectContaining({ note: "SEKO: Too small" })] })]);

    await db.$transaction((tx) => redactCustomer(tx, SHOP, request(JANE)));
    expect((await db.shopifyReturn.findMany({ orderBy: { shop: "asc" } })).map((r) => [r.shop, r.consignmentNo])).toEqual([
      [SHOP, "SEKO4"],
      [OTHER, "SEKO5"],
    ]);
  });
});
