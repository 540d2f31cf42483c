import { afterEach, beforeAll, beforeEach, expect, test, vi } from "vitest";
import { SEKO_TEST_KEYS, sekoFaults, sekoState } from "#tests/mocks/seko";
import { DEMO_SHOP } from "#tests/setup/config";
import { resetOrderSyncSettings } from "~/shopify/order-sync-config.server";
import { drainJobs } from "~/job-handlers.server";
import { startBackfill } from "~/shopify/backfill.server";
import { installShop, useFastSync } from "#tests/setup/order-sync";
import { db } from "~/utils/db.server";
import { connect } from "./connection.server";
import { canonicalOrderNumber } from "./order-number";
import { sekoDateTime, uploadDueOrders } from "./order-upload.server";

const SHOP = DEMO_SHOP;
const STAFF = "72015740983";

beforeAll(() => useFastSync());
afterEach(() => {
  resetOrderSyncSettings();
  useFastSync();
});
beforeEach(async () => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "log").mockImplementation(() => {});
  await installShop(SHOP);
  await startBackfill(SHOP);
  await drainJobs({ shop: SHOP });
});

const connectOmniRps = () => connect(SHOP, { system: "omnirps", environment: "test", ...SEKO_TEST_KEYS.omnirps }, STAFF);

test("nothing is sent before OmniRPS is connected", async () => {
  expect(await uploadDueOrders(SHOP)).toMatchObject({ notConnected: true });
  expect(sekoState.requestsTo("omnirps.upload")).toHaveLength(0);
});

test("fulfilled orders go to OmniRPS as one row per line item, dispatch date from the fulfilment, Returnable from tags", async () => {
  await connectOmniRps();
  sekoState.requests.length = 0;
  await uploadDueOrders(SHOP);
  const rows = [...sekoState.orders.values()];
  expect(rows.length).toBeGreaterThan(0);

  const uploaded = await db.order.findMany({ where: { shop: SHOP, uploadStatus: { in: ["uploaded", "partial"] } }, include: { lineItems: true } });
  expect(uploaded.length).toBeGreaterThan(0);
  const order = uploaded.find((o) => o.uploadStatus === "uploaded")!;
  const orderRows = rows.filter((row) => row.OrderNumber === order.name.replace("#", ""));
  expect(orderRows.length).toBe(order.lineItems.filter((l) => l.requiresShipping && (l.currentQuantity ?? l.quantity) > 0).length);
  expect(orderRows[0]).toMatchObject({ CustomerEmail: order.email, Currency: "NZD", DateDespatched: sekoDateTime(order.fulfilledAt!) });
  expect(order.uploadedVersion?.toISOString()).toBe(order.shopifyUpdatedAt.toISOString());
  // Order numbers go in the one canonical form tracking events are matched by.
  const names = new Set(uploaded.map((o) => canonicalOrderNumber(o.name)));
  expect(rows.every((row) => names.has(String(row.OrderNumber)))).toBe(true);

  // Final-sale products are sent as not returnable.
  const finalSale = await db.syncedVariant.findFirst({ where: { shop: SHOP, productTags: { contains: "final-sale" }, countryOfOrigin: { not: null } } });
  const finalRow = rows.find((row) => row.SKU === finalSale?.sku);
  if (finalRow) expect(finalRow.Returnable).toBe("N");
  expect(rows.every((row) => row.Returnable === "Y" || row.Returnable === "N")).toBe(true);

  // Unfulfilled and cancelled orders are not sent.
  const unfulfilled = await db.order.findFirstOrThrow({ where: { shop: SHOP, fulfilledAt: null } });
  expect(rows.some((row) => row.OrderNumber === unfulfilled.name.replace("#", ""))).toBe(false);
  expect(unfulfilled.uploadStatus).toBe("pending");
});

test("a second run sends nothing new; a changed order is sent again", async () => {
  await connectOmniRps();
  await uploadDueOrders(SHOP);
  const calls = sekoState.requestsTo("omnirps.upload").length;
  const again = await uploadDueOrders(SHOP);
  expect(again).toMatchObject({ uploaded: 0, failed: 0 });
  expect(sekoState.requestsTo("omnirps.upload")).toHaveLength(calls);

  const order = await db.order.findFirstOrThrow({ where: { shop: SHOP, uploadStatus: "uploaded" } });
  await db.order.update({ where: { id: order.id }, data: { shopifyUpdatedAt: new Date(order.shopifyUpdatedAt.getTime() + 1000), uploadStatus: "pending" } });
  const third = await uploadDueOrders(SHOP);
  expect(third.uploaded).toBe(1);
});

test("SEKO refusing an upload marks the orders failed with a retry time, and they go later", async () => {
  await connectOmniRps();
  sekoFaults.always("errors_in_200", { endpoint: "omnirps.upload" });
  const run = await uploadDueOrders(SHOP);
  expect(run.failed).toBeGreaterThan(0);
  const failed = await db.order.findFirstOrThrow({ where: { shop: SHOP, uploadStatus: "failed" } });
  expect(failed.uploadNextAt!.getTime()).toBeGreaterThan(Date.now());
  expect(failed.uploadError).toBeTruthy();

  sekoFaults.clear();
  await db.order.updateMany({ where: { shop: SHOP }, data: { uploadNextAt: new Date(Date.now() - 1) } });
  const retry = await uploadDueOrders(SHOP);
  expect(retry.uploaded + retry.partial).toBe(run.failed);
  expect(await db.order.count({ where: { shop: SHOP, uploadStatus: "failed" } })).toBe(0);
});

test("items SEKO cannot take (no country of origin) are reported per order, not sent", async () => {
  await connectOmniRps();
  await uploadDueOrders(SHOP);
  const problems = await db.order.findMany({ where: { shop: SHOP, uploadStatus: { in: ["partial", "blocked"] } } });
  expect(problems.length).toBeGreaterThan(0);
  expect(problems[0]!.uploadError).toMatch(/ProductCountryOfOrigin|SKU/);
});
