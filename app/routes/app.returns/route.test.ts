import { beforeEach, describe, expect, test, vi } from "vitest";
import { DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { saveMirrorSettings } from "~/returns/mirror-settings.server";
import { db } from "~/utils/db.server";
import { action, loader } from "./route";

const OTHER = "other-returns-store.myshopify.com";
const NOW = new Date();

const load = async (query = "", shop = DEMO_SHOP) => loader({ request: adminRequest(`/app/returns${query}`, { shop }), params: {}, context: {} });
async function retry(consignmentNo: string, shop = DEMO_SHOP, intent = "retry") {
  const result = (await action({
    request: adminRequest("/app/returns", { shop, userId: "404", init: { method: "POST", body: new URLSearchParams({ intent, consignmentNo }) } }),
    params: {},
    context: {},
  })) as any;
  return { status: result.init?.status ?? 200, body: result.data };
}

async function order(name: string, numericId: number, country: string, shop = DEMO_SHOP) {
  await db.order.create({ data: { shop, shopifyId: `gid://shopify/Order/${numericId}`, name, currency: "NZD", shipCountry: country, processedAt: NOW, shopifyUpdatedAt: NOW } });
}
async function returned(consignmentNo: string, orderNo: string, status: string, lastEventAt: string, shop = DEMO_SHOP) {
  await db.returnShipment.create({ data: { shop, consignmentNo, orderNo, orderKey: orderNo.replace(/^#/, ""), status, lastEventAt } });
}
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().replace("T", " ").slice(0, 19);

beforeEach(async () => {
  for (const method of ["log", "info"] as const) vi.spyOn(console, method).mockImplementation(() => {});
  await order("#1001", 9001, "NZ");
  await order("#1002", 9002, "AU");
  await order("#1001", 7001, "US", OTHER);
  await returned("SEKO1001", "#1001", "RT", daysAgo(1));
  await returned("SEKO1002", "1002", "RC", daysAgo(10));
  await returned("SEKO1003", "1003", "RC", daysAgo(2));
  await returned("SEKO7001", "1001", "RT", daysAgo(1), OTHER);
  await db.shopifyReturn.create({
    data: { shop: DEMO_SHOP, consignmentNo: "SEKO1001", orderId: "gid://shopify/Order/9001", returnId: "gid://shopify/Return/1", state: "in_transit", shopifyStatus: "OPEN" },
  });
  await db.shopifyReturn.create({ data: { shop: DEMO_SHOP, consignmentNo: "SEKO1003", state: "unmatched", reason: "No order 1003 in Shopify: check the order number SEKO has." } });
  await db.shopifyReturn.create({ data: { shop: OTHER, consignmentNo: "SEKO7001", state: "failed", lastError: "Shopify said no" } });
});

describe("the Returns page", () => {
  test("lists live returns with SEKO's status, the order's country and a link to it in Shopify; Shopify's side is 'Off' while the setting is off", async () => {
    const view = await load();
    expect(view).toMatchObject({ enabled: false, total: 3, page: 1, pages: 1, countries: ["AU", "NZ"], stuckDays: 7 });
    // The order by Shopify's name where it is known (SEKO wrote "1002"), else as SEKO wrote it.
    expect(view.rows.map((row) => [row.consignmentNo, row.order, row.orderUrl, row.country, row.seko, row.shopify, row.attention, row.reason])).toEqual([
      ["SEKO1001", "#1001", "shopify:admin/orders/9001", "NZ", "Return in Transit (RT)", "Off", false, null],
      ["SEKO1003", "1003", null, null, "Return Created (RC)", "Off", false, null],
      ["SEKO1002", "#1002", "shopify:admin/orders/9002", "AU", "Return Created (RC)", "Off", false, null],
    ]);
  });

  test("with the setting on: Shopify's state beside SEKO's, and the reason of one that needs attention; another shop's returns never show", async () => {
    await saveMirrorSettings(DEMO_SHOP, { enabled: true, onDelivered: "leave", restockLocationId: null }, "101");
    const view = await load();
    expect(view.rows.map((row) => [row.consignmentNo, row.shopify, row.attention, row.reason])).toEqual([
      ["SEKO1001", "In transit", false, null],
      ["SEKO1003", "Not matched", true, "No order 1003 in Shopify: check the order number SEKO has."],
      ["SEKO1002", "Not written yet", false, null],
    ]);
    expect(JSON.stringify(view)).not.toContain("SEKO7001");
    expect((await load("", OTHER)).rows.map((row) => [row.consignmentNo, row.orderUrl, row.country])).toEqual([["SEKO7001", "shopify:admin/orders/7001", "US"]]);
  });

  test("filters by SEKO status, country, stuck and needing attention from the URL; a filter it does not understand is no filter", async () => {
    await saveMirrorSettings(DEMO_SHOP, { enabled: true, onDelivered: "leave", restockLocationId: null }, "101");
    const listed = async (query: string) => (await load(query)).rows.map((row) => row.consignmentNo);
    expect(await listed("?status=RC")).toEqual(["SEKO1003", "SEKO1002"]);
    expect(await listed("?country=AU")).toEqual(["SEKO1002"]);
    expect(await listed("?status=RC&country=NZ")).toEqual([]);
    expect(await listed("?stuck=1")).toEqual(["SEKO1002"]);
    expect(await listed("?attention=1")).toEqual(["SEKO1003"]);
    const junk = await load("?status=XX&country=nz&stuck=yes&page=abc");
    expect(junk.filter).toEqual({});
    expect(junk.rows).toHaveLength(3);
  });

  test("Retry writes an unmatched return again (a job queued, logged with who asked); anything else, or another shop's, is refused", async () => {
    // Off: nothing is retried.
    expect(await retry("SEKO1003")).toEqual({ status: 409, body: { ok: false, message: "Returns in Shopify is off: turn it on in Settings, then retry." } });
    expect(await db.syncJob.count({ where: { kind: "return-mirror" } })).toBe(0);
    await saveMirrorSettings(DEMO_SHOP, { enabled: true, onDelivered: "leave", restockLocationId: null }, "101");
    expect(await retry("SEKO1003")).toEqual({ status: 200, body: { ok: true, message: expect.stringMatching(/^Trying SEKO1003 again/) } });
    const jobs = await db.syncJob.findMany({ where: { kind: "return-mirror" } });
    expect(jobs.map((job) => [job.shop, job.key])).toEqual([[DEMO_SHOP, "SEKO1003"]]);
    expect(await db.onboardingActivity.count({ where: { shop: DEMO_SHOP, actor: "404", action: { contains: "SEKO1003" } } })).toBe(1);

    for (const consignmentNo of ["SEKO1001", "SEKO1002", "SEKO7001", "NOPE"]) {
      expect(await retry(consignmentNo), consignmentNo).toMatchObject({ status: 409, body: { ok: false } });
    }
    expect(await retry("")).toMatchObject({ status: 400 });
    await expect(retry("SEKO1003", DEMO_SHOP, "delete")).rejects.toMatchObject({ status: 400 });
    expect(await db.syncJob.count({ where: { kind: "return-mirror" } })).toBe(1);
  });
});
