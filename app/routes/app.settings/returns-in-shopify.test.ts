import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { shopifyFaults, shopifyStore } from "#tests/mocks/shopify";
import { DEMO_SCOPES, DEMO_SHOP } from "#tests/setup/config";
import { installShop, useFastSync } from "#tests/setup/order-sync";
import { resetOrderSyncSettings } from "~/shopify/order-sync-config.server";
import { adminRequest } from "#tests/setup/requests";
import { getMirrorSettings } from "~/returns/mirror-settings.server";
import { db } from "~/utils/db.server";
import { action, loader } from "./route";

const OTHER = "other-returns-store.myshopify.com";
const WITH_RETURNS = `${DEMO_SCOPES},write_returns`;

function post(fields: Record<string, string>, shop = DEMO_SHOP) {
  return action({
    request: adminRequest("/app/settings", { shop, userId: "303", init: { method: "POST", body: new URLSearchParams({ intent: "returns-in-shopify", ...fields }) } }),
    params: {},
    context: {},
  });
}
const load = async (shop = DEMO_SHOP) => (await loader({ request: adminRequest("/app/settings", { shop }), params: {}, context: {} })).returnsInShopify;
const activeLocation = (shop = DEMO_SHOP) => shopifyStore(shop).data.locations.find((location) => location.isActive)!;

beforeEach(() => {
  for (const method of ["log", "info", "warn"] as const) vi.spyOn(console, method).mockImplementation(() => {});
});
afterEach(() => {
  shopifyFaults.clear();
  resetOrderSyncSettings();
});

describe("Settings: Returns in Shopify", () => {
  test("off until turned on; the card knows the scope it needs, that Shopify has not granted it, and the shop's active locations", async () => {
    await installShop(DEMO_SHOP);
    const view = await load();
    expect(view).toMatchObject({ enabled: false, onDelivered: "leave", restockLocationId: null, scope: "write_returns", granted: false });
    const active = shopifyStore(DEMO_SHOP).data.locations.filter((location) => location.isActive);
    expect(view.locations?.map((location) => location.id).sort()).toEqual(active.map((location) => location.id).sort());
    expect(view.locations?.[0]).toMatchObject({ name: expect.any(String), place: expect.any(String) });
  });

  test("turning it on is refused while Shopify has not granted access to returns, whatever the browser says; nothing is saved", async () => {
    await installShop(DEMO_SHOP);
    const answer = await post({ enabled: "on", onDelivered: "leave", granted: "true" });
    expect(answer).toMatchObject({ intent: "returns-in-shopify", ok: false, message: expect.stringMatching(/not granted this app access to returns, so the setting stays off/) });
    expect(answer).toMatchObject({ fieldErrors: { enabled: expect.stringMatching(/allow access when Shopify asks/) } });
    expect(await db.returnMirrorSettings.count()).toBe(0);
    expect((await load()).enabled).toBe(false);
  });

  test("once Shopify grants it: on, restocking at one of the shop's locations; the grant is recorded as Shopify reports it", async () => {
    await installShop(DEMO_SHOP);
    // The merchant allowed access in Shopify's grant screen: the token now carries write_returns.
    shopifyStore(DEMO_SHOP).setScopes(WITH_RETURNS);
    const location = activeLocation();
    expect(await post({ enabled: "on", onDelivered: "restock", restockLocationId: location.id })).toMatchObject({ ok: true, message: expect.stringMatching(/^Returns in Shopify is on/) });
    expect(await getMirrorSettings(DEMO_SHOP)).toMatchObject({ enabled: true, onDelivered: "restock", restockLocationId: location.id, updatedBy: "303" });
    expect((await db.shop.findUniqueOrThrow({ where: { shop: DEMO_SHOP } })).scopes).toContain("write_returns");
    expect(await load()).toMatchObject({ enabled: true, onDelivered: "restock", restockLocationId: location.id, granted: true });

    // Another shop's setting is its own.
    await installShop(OTHER);
    expect(await load(OTHER)).toMatchObject({ enabled: false, onDelivered: "leave", granted: false });
  });

  test("'restock' needs one of the shop's active locations: none, another shop's or a made-up id is refused at the field", async () => {
    await installShop(DEMO_SHOP, WITH_RETURNS);
    await installShop(OTHER, WITH_RETURNS);
    const theirs = activeLocation(OTHER).id;
    const inactive = shopifyStore(DEMO_SHOP).data.locations.find((location) => !location.isActive)?.id;
    for (const restockLocationId of ["", "gid://shopify/Location/999999999", "not-a-location", ...(theirs === activeLocation().id ? [] : [theirs]), ...(inactive ? [inactive] : [])]) {
      const answer = await post({ enabled: "on", onDelivered: "restock", restockLocationId });
      expect(answer, restockLocationId).toMatchObject({ ok: false, fieldErrors: { restockLocationId: expect.stringMatching(/location/) } });
    }
    expect(await post({ enabled: "on", onDelivered: "exchange" })).toMatchObject({ ok: false, fieldErrors: { onDelivered: "Choose what happens when a parcel is back." } });
    expect(await db.returnMirrorSettings.count()).toBe(0);
  });

  test("refund is saved without a location; turning it off needs no access, even after the scope was revoked", async () => {
    await installShop(DEMO_SHOP, WITH_RETURNS);
    expect(await post({ enabled: "on", onDelivered: "refund", restockLocationId: activeLocation().id })).toMatchObject({ ok: true });
    expect(await getMirrorSettings(DEMO_SHOP)).toMatchObject({ enabled: true, onDelivered: "refund", restockLocationId: null });
    shopifyStore(DEMO_SHOP).setScopes(DEMO_SCOPES);
    expect(await post({ onDelivered: "leave" })).toMatchObject({ ok: true, message: expect.stringMatching(/^Returns in Shopify is off/) });
    expect(await getMirrorSettings(DEMO_SHOP)).toMatchObject({ enabled: false, onDelivered: "leave" });
    const log = await db.onboardingActivity.findMany({ where: { shop: DEMO_SHOP, kind: "returns-in-shopify.saved" } });
    expect(log.map((entry) => entry.action).sort()).toEqual(["Returns in Shopify turned off; parcels back left for staff", "Returns in Shopify turned on; parcels back processed with a refund"]);
  });

  test("Shopify not answering: the Settings page still loads, the card without locations and not claiming access; saving 'on' is refused", async () => {
    await installShop(DEMO_SHOP, WITH_RETURNS);
    useFastSync();
    // The session's token exchange is done first; then every Admin API call fails for a while.
    await load();
    shopifyFaults.httpError(503, 100, { shop: DEMO_SHOP });
    const view = await load();
    expect(view).toMatchObject({ enabled: false, granted: false, locations: null });
    expect(await post({ enabled: "on", onDelivered: "leave" })).toMatchObject({ ok: false, message: "Shopify did not answer, so nothing was saved. Try again in a minute." });
    expect(await db.returnMirrorSettings.count()).toBe(0);
  });

  test("turned on after go-live, the live returns SEKO reported before are queued to be written (not test returns, not those already settled)", async () => {
    await installShop(DEMO_SHOP, WITH_RETURNS);
    useFastSync();
    await db.goLive.create({ data: { shop: DEMO_SHOP, agreedDate: "2026-12-01", liveAt: new Date("2026-12-01T09:00:00Z"), liveBy: "101" } });
    const created = (consignmentNo: string, shop = DEMO_SHOP) =>
      db.trackingEvent.create({ data: { shop, dedupeKey: `${consignmentNo}|RC`, consignmentNo, code: "RC", kind: "return", label: "Return Created", eventAt: "2026-12-02 10:00:00", raw: "{}" } });
    await created("SEKO3001");
    await created("SEKO3002");
    await created("SEKO3003");
    await created("SEKO3004", OTHER);
    await db.testReturn.create({
      data: { shop: DEMO_SHOP, orderId: "o", orderName: "#1", items: "[]", reason: "Too small", returnOption: "refund", originCountry: "NZ", state: "labelled", connote: "SEKO3002", createdBy: "1" },
    });
    await db.shopifyReturn.create({ data: { shop: DEMO_SHOP, consignmentNo: "SEKO3003", state: "closed" } });

    expect(await post({ enabled: "on", onDelivered: "leave" })).toMatchObject({
      ok: true,
      message: "Returns in Shopify is on: SEKO's live returns are written into Shopify. 1 return SEKO reported earlier is being written now.",
    });
    expect((await db.syncJob.findMany({ where: { kind: "return-mirror" } })).map((job) => [job.shop, job.key])).toEqual([[DEMO_SHOP, "SEKO3001"]]);
    // Turned off, nothing more is queued.
    await db.syncJob.deleteMany({});
    expect(await post({ onDelivered: "leave" })).toMatchObject({ ok: true });
    expect(await db.syncJob.count({ where: { kind: "return-mirror" } })).toBe(0);
  });
});
