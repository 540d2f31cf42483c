import { describe, expect, test } from "vitest";
import { DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { db } from "~/utils/db.server";
import { action as saveHome, loader as home } from "~/routes/app._index";
import { liveReturns, returnsOverview, stuckCutoff } from "./live-returns.server";
import { saveMirrorSettings } from "./mirror-settings.server";

const NOW = new Date("2026-12-20T12:00:00Z");

async function shipment(consignmentNo: string, status: string, lastEventAt: string, shop = DEMO_SHOP) {
  await db.returnShipment.create({ data: { shop, consignmentNo, orderNo: `#${consignmentNo.slice(-4)}`, status, lastEventAt } });
  await db.trackingEvent.create({
    data: { shop, dedupeKey: `${consignmentNo}|${status}`, consignmentNo, code: status, kind: "return", label: status, eventAt: lastEventAt, raw: "{}" },
  });
}

describe("Home's returns overview (after go-live)", () => {
  test("counts live returns by status, lists those with no news for N days, and leaves test returns and other shops out", async () => {
    await shipment("SEKO0001", "RT", "2026-12-19 10:00:00");
    await shipment("SEKO0002", "RT", "2026-12-05 10:00:00");
    await shipment("SEKO0003", "RDBTC", "2026-12-01 10:00:00");
    await shipment("SEKO0004", "DS", "2026-12-02 10:00:00");
    // A test return's consignment: tracked like any other, never counted.
    await shipment("SEKO0005", "RT", "2026-12-01 10:00:00");
    await db.testReturn.create({
      data: { shop: DEMO_SHOP, orderId: "o", orderName: "#1", items: "[]", reason: "Too small", returnOption: "refund", originCountry: "NZ", state: "labelled", connote: "SEKO0005", createdBy: "1" },
    });
    await shipment("SEKO0006", "RT", "2026-12-01 10:00:00", "other-returns-store.myshopify.com");

    const overview = await returnsOverview(DEMO_SHOP, { stuckDays: 7, now: NOW });
    expect(overview.total).toBe(4);
    expect(Object.fromEntries(overview.byStatus.filter((status) => status.count).map((status) => [status.code, status.count]))).toEqual({ RT: 2, DS: 1, RDBTC: 1 });
    // Delivered back is finished, not stuck; the oldest open return comes first.
    expect(overview.stuck.map((row) => row.consignmentNo)).toEqual(["SEKO0004", "SEKO0002"]);
    expect(overview.latest.map((event) => event.consignmentNo).sort()).toEqual(["SEKO0001", "SEKO0002", "SEKO0003", "SEKO0004"]);
    expect((await returnsOverview(DEMO_SHOP, { stuckDays: 16, now: NOW })).stuck.map((row) => row.consignmentNo)).toEqual(["SEKO0004"]);
    expect(stuckCutoff(NOW, 7)).toBe("2026-12-13 12:00:00");
  });

  test("Home shows the setup guide until returns are live, then the overview", async () => {
    const before = await home({ request: adminRequest("/app", { shop: DEMO_SHOP }), params: {}, context: {} });
    expect(before.overview).toBeNull();
    await db.goLive.create({ data: { shop: DEMO_SHOP, agreedDate: "2026-12-01", liveAt: new Date("2026-12-01T09:00:00Z"), liveBy: "101" } });
    const after = await home({ request: adminRequest("/app", { shop: DEMO_SHOP }), params: {}, context: {} });
    expect(after.live).toMatchObject({ live: true });
    expect(after.overview).toMatchObject({ total: 0, stuckDays: 7 });
    // Live, but nothing before it holds here (no steps done, no sync): step 10 reopens with the reasons, logged once.
    const step = after.guide.steps.find((candidate) => candidate.id === "go-live")!;
    expect(step).toMatchObject({ status: "in_progress", completedBy: "Staff 101" });
    expect(step.reopened).toMatch(/^returns are live, but still open: 1\. On-boarding form, .*; no order update or reconciliation in the last 48 hours$/);
    await home({ request: adminRequest("/app", { shop: DEMO_SHOP }), params: {}, context: {} });
    const health = await db.onboardingActivity.findMany({ where: { shop: DEMO_SHOP, kind: "go-live" } });
    expect(health.map((entry) => [entry.actor, entry.action, entry.detail])).toEqual([["app", "Setup health: go-live reopened", step.reopened]]);
  });

  test("the days without news that count as stuck are a saved setting; a bad number is refused and the saved one stays", async () => {
    await db.goLive.create({ data: { shop: DEMO_SHOP, agreedDate: "2026-12-01", liveAt: new Date("2026-12-01T09:00:00Z"), liveBy: "101" } });
    const save = async (stuckDays: string, shop = DEMO_SHOP) => {
      const body = new FormData();
      body.append("intent", "stuck-days");
      body.append("stuckDays", stuckDays);
      const result = (await saveHome({ request: adminRequest("/app", { shop, userId: "202", init: { method: "POST", body } }), params: {}, context: {} })) as any;
      return { status: result.init?.status ?? 200, body: result.data };
    };
    const days = async () => (await home({ request: adminRequest("/app", { shop: DEMO_SHOP }), params: {}, context: {} })).overview?.stuckDays;
    expect(await days()).toBe(7);
    expect(await save("3")).toEqual({ status: 200, body: { ok: true, message: "Saved: returns with no news for 3 days are listed." } });
    expect(await days()).toBe(3);
    for (const [bad, message] of [
      ["0", "At least 1 day"],
      ["91", "At most 90 days"],
      ["2.5", "Enter whole days"],
      ["soon", "Enter a number of days"],
    ]) {
      expect(await save(bad!)).toEqual({ status: 400, body: { ok: false, message } });
    }
    expect(await days()).toBe(3);
    // Another shop's setting is its own.
    await save("20", "other-returns-store.myshopify.com");
    expect(await days()).toBe(3);
    const log = await db.onboardingActivity.findMany({ where: { shop: DEMO_SHOP, action: { contains: "count as stuck" } } });
    expect(log.map((entry) => [entry.actor, entry.action])).toEqual([["202", "Returns with no news for 3 days now count as stuck"]]);
  });
});

const OTHER_SHOP = "other-returns-store.myshopify.com";

async function order(name: string, shopifyId: string, country: string, shop = DEMO_SHOP) {
  await db.order.create({ data: { shop, shopifyId, name, currency: "NZD", shipCountry: country, processedAt: NOW, shopifyUpdatedAt: NOW } });
}

async function returned(consignmentNo: string, orderNo: string, status: string, lastEventAt: string, shop = DEMO_SHOP) {
  const orderKey = orderNo.replace(/^#/, "").toUpperCase();
  await db.returnShipment.create({ data: { shop, consignmentNo, orderNo, orderKey, status, lastEventAt } });
}

describe("the Returns page's live returns", () => {
  test("joins each return to its order (country, Shopify id) and to what was written into Shopify; test returns and other shops stay out", async () => {
    await order("#1001", "gid://shopify/Order/9001", "NZ");
    await order("#1002", "gid://shopify/Order/9002", "AU");
    // The same number in another shop: never this shop's order.
    await order("#1003", "gid://shopify/Order/7003", "US", OTHER_SHOP);
    await returned("SEKO1001", "1001", "RT", "2026-12-19 10:00:00");
    await returned("SEKO1002", "#1002", "RDBTC", "2026-12-18 10:00:00");
    await returned("SEKO1003", "1003", "RC", "2026-12-17 10:00:00");
    await returned("SEKO9999", "1003", "RT", "2026-12-19 11:00:00", OTHER_SHOP);
    await returned("SEKOTEST", "1001", "RT", "2026-12-19 12:00:00");
    await db.testReturn.create({
      data: {
        shop: DEMO_SHOP,
        orderId: "o",
        orderName: "#1001",
        items: "[]",
        reason: "Too small",
        returnOption: "refund",
        originCountry: "NZ",
        state: "labelled",
        connote: "SEKOTEST",
        createdBy: "1",
      },
    });
    await db.shopifyReturn.create({
      data: { shop: DEMO_SHOP, consignmentNo: "SEKO1001", orderId: "gid://shopify/Order/9001", returnId: "gid://shopify/Return/1", state: "in_transit", shopifyStatus: "OPEN" },
    });
    await db.shopifyReturn.create({ data: { shop: DEMO_SHOP, consignmentNo: "SEKO1003", state: "unmatched", reason: "No order 1003 in Shopify" } });
    // Another shop's row for the same consignment number is not this shop's.
    await db.shopifyReturn.create({ data: { shop: OTHER_SHOP, consignmentNo: "SEKO1002", state: "failed", lastError: "other" } });

    const page = await liveReturns(DEMO_SHOP, {}, { now: NOW });
    expect(page).toMatchObject({ total: 3, page: 1, pages: 1, countries: ["AU", "NZ"] });
    expect(page.rows).toEqual([
      {
        consignmentNo: "SEKO1001",
        trackingNo: null,
        orderNo: "1001",
        status: "RT",
        lastEventAt: "2026-12-19 10:00:00",
        country: "NZ",
        orderId: "gid://shopify/Order/9001",
        orderName: "#1001",
        shopify: { state: "in_transit", shopifyStatus: "OPEN", reason: null, lastError: null, attempts: 0 },
      },
      {
        consignmentNo: "SEKO1002",
        trackingNo: null,
        orderNo: "#1002",
        status: "RDBTC",
        lastEventAt: "2026-12-18 10:00:00",
        country: "AU",
        orderId: "gid://shopify/Order/9002",
        orderName: "#1002",
        shopify: null,
      },
      {
        consignmentNo: "SEKO1003",
        trackingNo: null,
        orderNo: "1003",
        status: "RC",
        lastEventAt: "2026-12-17 10:00:00",
        country: null,
        orderId: null,
        orderName: null,
        shopify: { state: "unmatched", shopifyStatus: null, reason: "No order 1003 in Shopify", lastError: null, attempts: 0 },
      },
    ]);

    const consignments = async (filter: Parameters<typeof liveReturns>[1], stuckDays = 2) => (await liveReturns(DEMO_SHOP, filter, { now: NOW, stuckDays })).rows.map((row) => row.consignmentNo);
    expect(await consignments({ status: "RT" })).toEqual(["SEKO1001"]);
    expect(await consignments({ country: "AU" })).toEqual(["SEKO1002"]);
    expect(await consignments({ country: "US" })).toEqual([]);
    // Stuck: open and no news for 2 days; delivered back is finished, not stuck.
    expect(await consignments({ stuck: true })).toEqual(["SEKO1003"]);
    expect(await consignments({ attention: true })).toEqual(["SEKO1003"]);
    expect(await consignments({ status: "RT", country: "AU" })).toEqual([]);

    const other = await liveReturns(OTHER_SHOP, {}, { now: NOW });
    expect(other.rows.map((row) => [row.consignmentNo, row.country, row.orderId])).toEqual([["SEKO9999", "US", "gid://shopify/Order/7003"]]);
    expect(other.countries).toEqual(["US"]);

    const overview = await returnsOverview(DEMO_SHOP, { now: NOW, stuckDays: 2 });
    expect(overview).toMatchObject({ total: 3, attention: 1 });
    expect(overview.stuck.map((row) => row.consignmentNo)).toEqual(["SEKO1003"]);
    expect((await returnsOverview(OTHER_SHOP, { now: NOW })).attention).toBe(0);
  });

  test("50 a page, newest news first; a page past the end shows the last one", async () => {
    for (let n = 0; n < 53; n++) await returned(`SEKO${String(n).padStart(4, "0")}`, `#${2000 + n}`, "RT", `2026-12-${String(1 + (n % 28)).padStart(2, "0")} ${String(n % 24).padStart(2, "0")}:00:00`);
    const first = await liveReturns(DEMO_SHOP, {}, { now: NOW });
    expect(first).toMatchObject({ total: 53, page: 1, pages: 2 });
    expect(first.rows).toHaveLength(50);
    const dates = first.rows.map((row) => row.lastEventAt!);
    expect(dates).toEqual([...dates].sort().reverse());
    const second = await liveReturns(DEMO_SHOP, {}, { now: NOW, page: 2 });
    expect(second.rows).toHaveLength(3);
    expect(new Set([...first.rows, ...second.rows].map((row) => row.consignmentNo)).size).toBe(53);
    expect((await liveReturns(DEMO_SHOP, {}, { now: NOW, page: 9 })).page).toBe(2);
    expect((await liveReturns(DEMO_SHOP, {}, { now: NOW, page: 0 })).page).toBe(1);
  });
});

describe("Home's Returns in Shopify line (after go-live)", () => {
  test("says on or off, and counts the live returns needing attention from the Returns page's source; nothing before go-live", async () => {
    const mirrorOnHome = async () => (await home({ request: adminRequest("/app", { shop: DEMO_SHOP }), params: {}, context: {} })).mirror;
    expect(await mirrorOnHome()).toBeNull();
    await db.goLive.create({ data: { shop: DEMO_SHOP, agreedDate: "2026-12-01", liveAt: new Date("2026-12-01T09:00:00Z"), liveBy: "101" } });
    expect(await mirrorOnHome()).toEqual({ enabled: false, attention: 0 });

    await saveMirrorSettings(DEMO_SHOP, { enabled: true, onDelivered: "leave", restockLocationId: null }, "101");
    await returned("SEKO2001", "#2001", "RC", "2026-12-19 10:00:00");
    await returned("SEKO2002", "#2002", "RC", "2026-12-19 10:00:00");
    await returned("SEKO2003", "#2003", "RC", "2026-12-19 10:00:00", OTHER_SHOP);
    await db.shopifyReturn.create({ data: { shop: DEMO_SHOP, consignmentNo: "SEKO2001", state: "failed", lastError: "Shopify could not be reached" } });
    await db.shopifyReturn.create({ data: { shop: DEMO_SHOP, consignmentNo: "SEKO2002", state: "open" } });
    await db.shopifyReturn.create({ data: { shop: OTHER_SHOP, consignmentNo: "SEKO2003", state: "unmatched" } });
    expect(await mirrorOnHome()).toEqual({ enabled: true, attention: 1 });
    expect((await liveReturns(DEMO_SHOP, { attention: true })).total).toBe(1);
  });
});
