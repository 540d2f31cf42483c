/**
 * The returns-link extension's real Liquid rendered locally (./liquid.ts): the app block and the app
 * embed with and without a portal URL, before and after go-live, in every locale it ships, and with
 * hostile values in every setting and metafield.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { blockSchema, EXTENSION_DIR, renderBlock, storefrontLocales } from "./liquid";

const BLOCKS = ["returns-link", "returns-embed"] as const;
const PORTAL = "https://returns.example-seko.test/demo-store";
const LIVE = { portal_url: PORTAL, live: true };

function anchors(html: string) {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)].map((m) => ({
    attributes: m[1]!,
    href: /href="([^"]*)"/.exec(m[1]!)?.[1],
    text: m[2]!.replace(/<[^>]+>/g, "").trim(),
  }));
}

describe.each(BLOCKS)("blocks/%s.liquid", (block) => {
  test("renders one link to the portal once returns are live and a portal URL is set", async () => {
    const links = anchors(await renderBlock(block, { metafields: LIVE }));
    expect(links).toHaveLength(1);
    expect(links[0]!.href).toBe(PORTAL);
    expect(links[0]!.text).toBe("Start a return");
  });

  test("renders nothing (not a broken link) without a portal URL, live or not", async () => {
    for (const metafields of [{ live: true }, { portal_url: "", live: true }, { portal_url: "   ", live: true }, {}]) {
      expect((await renderBlock(block, { metafields })).trim()).toBe("");
    }
  });

  test("renders nothing before go-live, even with a portal URL", async () => {
    expect((await renderBlock(block, { metafields: { portal_url: PORTAL, live: false } })).trim()).toBe("");
    expect((await renderBlock(block, { metafields: { portal_url: PORTAL } })).trim()).toBe("");
  });

  test("renders nothing for a portal URL that is not https (javascript:, http:, relative)", async () => {
    for (const portal_url of ["javascript:alert(1)", "JAVASCRIPT:alert(1)//https://", "http://returns.example.test", "/apps/returns", "data:text/html,x"]) {
      expect((await renderBlock(block, { metafields: { portal_url, live: true } })).trim(), portal_url).toBe("");
    }
  });

  test("can be placed in the theme editor once a portal address is set (available_if on portal_set), while rendering nothing until go-live", async () => {
    expect(blockSchema(block).available_if).toBe("{{ app.metafields.returns_link.portal_set }}");
    // Placeable before go-live, but the storefront still shows nothing: the Liquid waits for `live`.
    expect((await renderBlock(block, { metafields: { portal_url: PORTAL, portal_set: true, live: false } })).trim()).toBe("");
    expect(anchors(await renderBlock(block, { metafields: { portal_url: PORTAL, portal_set: true, live: true } }))).toHaveLength(1);
  });

  test.each(storefrontLocales())("speaks %s: the default text and the new-tab note come from that locale file", async (locale) => {
    const strings = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, "locales", `${locale === "en" ? "en.default" : locale}.json`), "utf8")) as {
      returns_link: { start_return: string; opens_in_new_tab: string };
    };
    const html = await renderBlock(block, { locale, metafields: LIVE, settings: { new_tab: true } });
    const [link] = anchors(html);
    expect(link!.text).toBe(`${strings.returns_link.start_return} ${strings.returns_link.opens_in_new_tab}`);
    if (locale !== "en") expect(strings.returns_link.start_return).not.toBe("Start a return");
  });

  test("hostile values in every setting and metafield come out escaped", async () => {
    const hostile = `"><img src=x onerror=alert(1)>'<script>alert(2)</script>`;
    const html = await renderBlock(block, {
      metafields: { portal_url: `${PORTAL}/"><script>alert(3)</script>?q='x'`, live: true, order_param: `o"><b>`, email_param: `e'&<i>` },
      settings: { text: hostile, style: hostile, alignment: hostile, new_tab: true },
      order: { name: `#1001"><script>alert(4)</script>`, email: `x"@example.com<svg onload=alert(5)>` },
    });
    // The only tags are the extension's own; no value opens an attribute or a tag of its own.
    expect(new Set([...html.matchAll(/<\/?([a-z]+)/gi)].map((m) => m[1]!.toLowerCase()))).toEqual(new Set(["style", "div", "a", "span"]));
    for (const link of anchors(html)) expect(link.attributes).not.toMatch(/['<>]|\son\w+=/);
    expect(html).not.toContain(hostile);
    const [link] = anchors(html);
    expect(link!.href).toMatch(/^https:\/\/returns\.example-seko\.test\/demo-store\/&#34;&gt;&lt;script&gt;/);
  });
});

describe("the app block's settings", () => {
  test("style, alignment and new tab change the markup; unknown values fall back to a left-aligned link", async () => {
    const button = await renderBlock("returns-link", { metafields: LIVE, settings: { style: "button", alignment: "right", new_tab: true, text: "Return an item" } });
    expect(button).toContain('class="seko-returns__button"');
    expect(button).toContain("seko-returns--right");
    expect(anchors(button)[0]!.attributes).toContain('target="_blank" rel="noopener"');
    expect(anchors(button)[0]!.text).toBe("Return an item (opens in a new tab)");

    const link = await renderBlock("returns-link", { metafields: LIVE, settings: { style: "link", alignment: "middle", new_tab: false } });
    expect(link).toContain('class="seko-returns__link"');
    expect(link).toContain("seko-returns--left");
    expect(anchors(link)[0]!.attributes).not.toContain("target=");
  });

  test("the embed is always a discreet link, whatever style a stored setting claims", async () => {
    const html = await renderBlock("returns-embed", { metafields: LIVE, settings: { style: "button" } });
    expect(html).toContain('class="seko-returns__link"');
    expect(html).toContain("seko-returns--embed seko-returns--center");
  });
});

describe("prefilling the order number and email", () => {
  const ORDER = { name: "#1001", email: "ana+returns@example.com" };

  test("on a page that knows the order, the link carries it under the parameter names the app set, URL-encoded", async () => {
    const html = await renderBlock("returns-link", { metafields: { ...LIVE, order_param: "order", email_param: "email" }, order: ORDER });
    expect(anchors(html)[0]!.href).toBe(`${PORTAL}?order=%231001&amp;email=ana%2Breturns%40example.com`);
  });

  test("a portal URL with its own query gets the values appended with &", async () => {
    const html = await renderBlock("returns-link", { metafields: { portal_url: `${PORTAL}?lang=fr`, live: true, order_param: "order" }, order: ORDER });
    expect(anchors(html)[0]!.href).toBe(`${PORTAL}?lang=fr&amp;order=%231001`);
  });

  test("nothing is added while SEKO's parameter names are unknown (unset), or on pages without an order", async () => {
    expect(anchors(await renderBlock("returns-link", { metafields: LIVE, order: ORDER }))[0]!.href).toBe(PORTAL);
    expect(anchors(await renderBlock("returns-link", { metafields: { ...LIVE, order_param: "order", email_param: "email" } }))[0]!.href).toBe(PORTAL);
  });
});
