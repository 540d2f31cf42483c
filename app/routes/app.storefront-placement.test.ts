import { describe, expect, test } from "vitest";
import { DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { STOREFRONT_LINK_GONE } from "~/guide/go-live-gate";
import { gateFor } from "~/guide/go-live.server";
import { storefrontPlacement } from "~/launch/go-live.server";
import { getGuide } from "~/guide/guide.server";
import { db } from "~/utils/db.server";
import { loader as home } from "./app._index";
import * as route from "./app.storefront-placement";

const OTHER = "other-returns-store.myshopify.com";

async function report(placed: string, shop = DEMO_SHOP) {
  const body = new FormData();
  body.append("placed", placed);
  const result = (await route.action({ request: adminRequest("/app/storefront-placement", { shop, init: { method: "POST", body } }), params: {}, context: {} })) as any;
  return { status: result.init?.status ?? 200, body: result.data ?? result };
}

const goLiveStep = async () => (await getGuide(DEMO_SHOP)).steps.find((step) => step.id === "go-live")!;

describe("what App Bridge says about the live theme, reported by the admin pages", () => {
  test("is recorded per shop; anything but yes or no is refused and changes nothing", async () => {
    expect(await storefrontPlacement(DEMO_SHOP)).toBeNull();
    expect((await report("yes")).status).toBe(200);
    expect(await storefrontPlacement(DEMO_SHOP)).toBe(true);
    const refused = await report("maybe");
    expect(refused).toMatchObject({ status: 400, body: { ok: false, message: "Say whether the returns link is placed (yes or no)" } });
    expect(await storefrontPlacement(DEMO_SHOP)).toBe(true);
    await report("no", OTHER);
    expect(await storefrontPlacement(DEMO_SHOP)).toBe(true);
    expect(await storefrontPlacement(OTHER)).toBe(false);
  });

  test("the gate uses the last stored report", async () => {
    const guide = await getGuide(DEMO_SHOP);
    const item = async () => (await gateFor(DEMO_SHOP, guide)).find((entry) => entry.id === "storefront")!;
    expect(await item()).toMatchObject({ done: false, missing: "Your live theme has not been checked yet." });
    await report("yes");
    expect((await item()).done).toBe(true);
    // The stored report is what counts: a later "no" closes the item again.
    await report("no");
    expect(await item()).toMatchObject({ done: false, missing: "Your live theme has no returns link: switch the app embed on or add the block." });
  });

  test("after go-live, the link gone from the live theme reopens step 10 with the reason, is logged once, and its return closes it", async () => {
    await db.goLive.create({ data: { shop: DEMO_SHOP, agreedDate: "2026-12-01", liveAt: new Date(), liveBy: "101" } });
    await report("yes");
    expect((await goLiveStep()).reopened ?? "").not.toContain("returns link");

    await report("no");
    const step = await goLiveStep();
    expect(step.status).toBe("in_progress");
    expect(step.reopened).toContain(STOREFRONT_LINK_GONE.charAt(0).toLowerCase() + STOREFRONT_LINK_GONE.slice(1, -1));
    // Home shows it and records it in the activity log, once however often it is opened.
    await home({ request: adminRequest("/app", { shop: DEMO_SHOP }), params: {}, context: {} });
    await home({ request: adminRequest("/app", { shop: DEMO_SHOP }), params: {}, context: {} });
    const logged = await db.onboardingActivity.findMany({ where: { shop: DEMO_SHOP, kind: "go-live" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(logged.map((entry) => entry.detail)).toEqual([step.reopened]);

    await report("yes");
    expect((await goLiveStep()).reopened ?? "").not.toContain("returns link");
  });
});
