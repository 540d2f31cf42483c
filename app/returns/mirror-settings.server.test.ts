import { describe, expect, test } from "vitest";
import { ZodError } from "zod";
import { DEMO_SHOP } from "#tests/setup/config";
import { db } from "~/utils/db.server";
import { getMirrorSettings, saveMirrorSettings } from "./mirror-settings.server";

const OTHER_SHOP = "other-returns-store.myshopify.com";
const LOCATION = "gid://shopify/Location/1";

describe("the 'Show SEKO returns in Shopify' setting", () => {
  test("is off, leaves parcels for staff and names no location until saved", async () => {
    expect(await getMirrorSettings(DEMO_SHOP)).toEqual({ enabled: false, onDelivered: "leave", restockLocationId: null, updatedBy: null, updatedAt: null });
  });

  test("saves per shop with who saved it; another shop keeps its own (default) setting", async () => {
    const saved = await saveMirrorSettings(DEMO_SHOP, { enabled: true, onDelivered: "restock", restockLocationId: LOCATION }, "101");
    expect(saved).toMatchObject({ enabled: true, onDelivered: "restock", restockLocationId: LOCATION, updatedBy: "101" });
    expect(await getMirrorSettings(DEMO_SHOP)).toMatchObject({ enabled: true, onDelivered: "restock", restockLocationId: LOCATION, updatedBy: "101" });
    expect((await getMirrorSettings(DEMO_SHOP)).updatedAt).toBeInstanceOf(Date);
    expect(await getMirrorSettings(OTHER_SHOP)).toMatchObject({ enabled: false, onDelivered: "leave", restockLocationId: null });

    await saveMirrorSettings(OTHER_SHOP, { enabled: true, onDelivered: "refund", restockLocationId: null }, "202");
    await saveMirrorSettings(DEMO_SHOP, { enabled: false, onDelivered: "leave", restockLocationId: null }, "102");
    expect(await getMirrorSettings(DEMO_SHOP)).toMatchObject({ enabled: false, onDelivered: "leave", restockLocationId: null, updatedBy: "102" });
    expect(await getMirrorSettings(OTHER_SHOP)).toMatchObject({ enabled: true, onDelivered: "refund", updatedBy: "202" });

    // Each change is in the shop's activity log, with who made it.
    const log = await db.onboardingActivity.findMany({ where: { shop: DEMO_SHOP, kind: "returns-in-shopify.saved" } });
    expect(log.map((entry) => [entry.actor, entry.action, entry.detail]).sort()).toEqual([
      ["101", "Returns in Shopify turned on; parcels back restocked", LOCATION],
      ["102", "Returns in Shopify turned off; parcels back left for staff", null],
    ]);
  });

  test("'restock' needs a location, and a location must be a Shopify location id; nothing is saved when refused", async () => {
    await expect(saveMirrorSettings(DEMO_SHOP, { enabled: true, onDelivered: "restock", restockLocationId: null }, "101")).rejects.toThrow(ZodError);
    await expect(saveMirrorSettings(DEMO_SHOP, { enabled: true, onDelivered: "restock", restockLocationId: "gid://shopify/Order/1" }, "101")).rejects.toThrow(ZodError);
    await expect(saveMirrorSettings(DEMO_SHOP, { enabled: true, onDelivered: "exchange" as never, restockLocationId: null }, "101")).rejects.toThrow(ZodError);
    expect(await db.returnMirrorSettings.count()).toBe(0);
    expect(await db.onboardingActivity.count()).toBe(0);
  });

  test("a location given with another choice is not kept, and an unknown stored choice reads as 'leave'", async () => {
    expect(await saveMirrorSettings(DEMO_SHOP, { enabled: true, onDelivered: "refund", restockLocationId: LOCATION }, "101")).toMatchObject({ restockLocationId: null });
    await db.returnMirrorSettings.update({ where: { shop: DEMO_SHOP }, data: { onDelivered: "exchange", restockLocationId: LOCATION } });
    expect(await getMirrorSettings(DEMO_SHOP)).toMatchObject({ enabled: true, onDelivered: "leave", restockLocationId: null });
  });
});
