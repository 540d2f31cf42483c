import { describe, expect, test } from "vitest";
import { DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { db } from "~/utils/db.server";
import { action as saveHome, loader as home } from "~/routes/app._index";
import { returnsOverview, stuckCutoff } from "./returns-overview.server";

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
