import { describe, expect, test } from "vitest";
import { shopifyFaults, shopifyStore } from "#tests/mocks/shopify";
import { adminRequest } from "#tests/setup/requests";
import { renderBlock } from "#tests/storefront/liquid";
import { drainJobs } from "~/job-handlers.server";
import { queueStorefrontSync } from "~/storefront/link.server";
import { db } from "~/utils/db.server";
import { action, loader } from "./app.storefront";

const SHOP = "demo-returns-store.myshopify.com";
const OTHER = "other-store.myshopify.com";
const PORTAL = "https://returns.example-seko.test/demo";

const load = (shop = SHOP) => loader({ request: adminRequest("/app/storefront", { shop }), params: {}, context: {} });
const save = (fields: Record<string, string>, shop = SHOP) =>
  action({ request: adminRequest("/app/storefront", { shop, init: { method: "POST", body: new URLSearchParams({ intent: "save", ...fields }) } }), params: {}, context: {} });

/** The shop's `app.metafields.returns_link` as Shopify stores them: key → value. */
const metafields = (shop = SHOP) =>
  Object.fromEntries(
    shopifyStore(shop)
      .appMetafields.filter((m) => m.namespace === "returns_link")
      .map((m) => [m.key, { type: m.type, value: m.value }]),
  );
/** The same, as the extension's Liquid reads them. */
const asLiquid = (shop = SHOP) => {
  const values = Object.fromEntries(Object.entries(metafields(shop)).map(([key, m]) => [key, m.type === "boolean" ? m.value === "true" : m.value]));
  return values as { portal_url?: string; live?: boolean; order_param?: string; email_param?: string };
};
const goLive = (shop = SHOP, liveAt: Date | null = new Date()) => db.goLive.upsert({ where: { shop }, create: { shop, liveAt }, update: { liveAt } });

describe("the Storefront page writes the link's app-data metafields", () => {
  test("a new shop has no portal and is not live; loading the page writes nothing", async () => {
    const data = await load();
    expect(data.link).toEqual({ portalUrl: null, orderParam: null, emailParam: null, live: false });
    expect(metafields()).toEqual({});
  });

  test("saving the portal address writes it (type url) with the go-live state, and the storefront renders the link once live", async () => {
    expect(await save({ portalUrl: `  ${PORTAL}  `, orderParam: "", emailParam: "" })).toMatchObject({ ok: true });
    expect(metafields()).toEqual({ portal_url: { type: "url", value: PORTAL }, live: { type: "boolean", value: "false" }, portal_set: { type: "boolean", value: "true" } });
    // Placeable in the theme editor now (portal_set), but the storefront shows nothing before go-live.
    expect((await renderBlock("returns-link", { metafields: asLiquid() })).trim()).toBe("");

    await goLive();
    expect((await load()).link).toMatchObject({ portalUrl: PORTAL, live: true });
    expect(metafields().live).toEqual({ type: "boolean", value: "true" });
    expect(await renderBlock("returns-link", { metafields: asLiquid() })).toContain(`href="${PORTAL}"`);
    const log = await db.onboardingActivity.findMany({ where: { shop: SHOP, kind: "storefront.saved" }, orderBy: { createdAt: "asc" } });
    expect(log.map((row) => row.action)).toEqual(["Returns portal link saved for the storefront", "Returns link shown on the storefront (returns are live)"]);
  });

  test("the data the page reloads after a save carries the saved address at once (the placement status is put in line with it), and its removal", async () => {
    expect((await load()).link.portalUrl).toBeNull();
    expect(await save({ portalUrl: PORTAL, orderParam: "", emailParam: "" })).toEqual({ ok: true, message: "Returns portal saved. The storefront link uses it now." });
    expect((await load()).link.portalUrl).toBe(PORTAL);
    expect(metafields().portal_set?.value).toBe("true");
    await save({ portalUrl: "", orderParam: "", emailParam: "" });
    expect((await load()).link.portalUrl).toBeNull();
    expect(metafields().portal_set?.value).toBe("false");
  });

  test("prefill parameter names are written when given and removed when cleared; clearing the address removes it", async () => {
    await goLive();
    await save({ portalUrl: PORTAL, orderParam: "order", emailParam: "email" });
    expect(metafields()).toMatchObject({ order_param: { type: "single_line_text_field", value: "order" }, email_param: { value: "email" } });
    const html = await renderBlock("returns-link", { metafields: asLiquid(), order: { name: "#1042", email: "ana@example.com" } });
    expect(html).toContain(`href="${PORTAL}?order=%231042&amp;email=ana%40example.com"`);

    await save({ portalUrl: PORTAL, orderParam: "", emailParam: "" });
    expect(Object.keys(metafields()).sort()).toEqual(["live", "portal_set", "portal_url"]);

    expect(await save({ portalUrl: "", orderParam: "", emailParam: "" })).toMatchObject({ ok: true, message: expect.stringContaining("removed") });
    expect(Object.keys(metafields()).sort()).toEqual(["live", "portal_set"]);
    expect(metafields().portal_set?.value).toBe("false");
    expect((await renderBlock("returns-link", { metafields: asLiquid() })).trim()).toBe("");
  });

  test.each([
    ["http, not https", "http://returns.example-seko.test"],
    ["a script URL", "javascript:alert(1)"],
    ["no host", "https://localhost"],
    ["credentials in it", "https://user:pass@returns.example-seko.test"],
    ["not a URL", "returns portal"],
  ])("refuses a portal address with %s, and writes nothing", async (_why, portalUrl) => {
    const result = await save({ portalUrl, orderParam: "", emailParam: "" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { portalUrl: expect.stringContaining("https://") } });
    expect(metafields()).toEqual({});
  });

  test("refuses parameter names that are not plain words", async () => {
    const result = await save({ portalUrl: PORTAL, orderParam: "order&x=1", emailParam: "e mail" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { orderParam: expect.any(String), emailParam: expect.any(String) } });
    expect(metafields()).toEqual({});
  });

  test("each shop writes only its own installation's metafields and sees only its own go-live", async () => {
    await goLive(OTHER);
    await save({ portalUrl: `${PORTAL}-other`, orderParam: "", emailParam: "" }, OTHER);
    expect(metafields(OTHER)).toMatchObject({ portal_url: { value: `${PORTAL}-other` }, live: { value: "true" } });
    expect(metafields(SHOP)).toEqual({});
    expect((await load(SHOP)).link).toEqual({ portalUrl: null, orderParam: null, emailParam: null, live: false });
  });

  test("a link saved before portal_set existed gets it on the next page load, so the blocks become placeable", async () => {
    await save({ portalUrl: PORTAL, orderParam: "", emailParam: "" });
    // As Shopify holds it for a link saved before: the same metafields without portal_set.
    const records = shopifyStore(SHOP).appMetafields as unknown as { namespace: string; key: string }[];
    records.splice(
      records.findIndex((m) => m.namespace === "returns_link" && m.key === "portal_set"),
      1,
    );
    expect(metafields().portal_set).toBeUndefined();
    await load();
    expect(metafields().portal_set).toEqual({ type: "boolean", value: "true" });
  });

  test("when Shopify is down the page fails loudly instead of showing a state it could not read", async () => {
    shopifyFaults.httpError(503, 10, { shop: SHOP });
    await expect(load()).rejects.toBeDefined();
  });
});

describe("go-live changes reach the storefront without anyone opening the page", () => {
  test("the storefront job turns the link on at go-live and off when go-live is withdrawn, with the offline token", async () => {
    await save({ portalUrl: PORTAL, orderParam: "", emailParam: "" });
    await goLive();
    await queueStorefrontSync(SHOP);
    await drainJobs({ shop: SHOP });
    expect(metafields().live?.value).toBe("true");

    await goLive(SHOP, null);
    await queueStorefrontSync(SHOP);
    await drainJobs({ shop: SHOP });
    expect(metafields().live?.value).toBe("false");
    expect(metafields().portal_url?.value).toBe(PORTAL);
  });
});
