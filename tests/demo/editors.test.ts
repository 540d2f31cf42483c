import type { AddressInfo } from "node:net";
import { http, HttpResponse, passthrough } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { customerAccountsEditorLink } from "~/customer-account/placement";
import { themeEditorLinks } from "~/storefront/link";
import { server } from "../mocks/node";
import { shopifyStore } from "../mocks/shopify";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SHOP } from "../setup/config";
import { createAdminServer } from "./admin";
import { addAppBlock, extensionsReport, removeAppBlocks, setEmbedEnabled, setStatusBlockPlaced, themeOutline } from "./theme-extensions";

/**
 * The simulated admin's editors behind the app's deep links: the admin server itself (on a free
 * port), the simulated store's theme endpoints (which the demo's app server serves) answered here
 * over the simulated Shopify's store, as tests/demo/app-server.ts answers them.
 */
const APP = "http://app.demo.test";
const store = () => shopifyStore(DEMO_SHOP).data;
const admin = createAdminServer({ shop: DEMO_SHOP, apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, appUrl: APP });
let origin = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => admin.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(admin.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => admin.close(() => resolve())));

beforeEach(() => {
  server.use(
    http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
    http.get(`${APP}/__simulated-shopify/app-extensions`, () => HttpResponse.json(extensionsReport(store(), true))),
    http.get(`${APP}/__simulated-shopify/theme`, ({ request }) => HttpResponse.json(themeOutline(store(), new URL(request.url).searchParams.get("template") ?? "index"))),
    http.post(`${APP}/__simulated-shopify/theme`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      if (typeof body.embed === "boolean") setEmbedEnabled(store(), body.embed);
      if (typeof body.statusBlock === "boolean") setStatusBlockPlaced(store(), body.statusBlock);
      if (typeof body.addBlockTo === "string") addAppBlock(store(), body.addBlockTo);
      if (typeof body.removeBlockFrom === "string") removeAppBlocks(store(), body.removeBlockFrom);
      if (body.removeBlocks === true) removeAppBlocks(store());
      return HttpResponse.json(extensionsReport(store(), true));
    }),
  );
});

/** The simulated admin's address for one of the app's links, as the App Bridge stand-in maps it (tests/demo/admin-links.test.ts). */
const local = (link: string) => `${origin}${new URL(link).pathname.replace(/^\/admin/, "/store/demo-returns-store")}${new URL(link).search}`;
const page = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
};
const save = async (url: string, form: Record<string, string>) => {
  const response = await fetch(url, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
  expect(response.status).toBe(303);
  return new URL(response.headers.get("location")!, origin).toString();
};
const checked = (html: string, id: string) => new RegExp(`id="${id}"[^>]*\\schecked`).test(html);
const text = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];

describe("the simulated theme editor, opened by the app's deep links", () => {
  const links = themeEditorLinks(DEMO_SHOP, DEMO_API_KEY);

  test("the embed link opens App embeds with the embed switched on but unsaved; Save switches it on in the theme", async () => {
    const html = await page(local(links.embed));
    expect(html).toMatch(/<section id="panel-apps"[^>]*aria-labelledby="apps-title">/);
    expect(html).toMatch(/<section id="panel-sections"[^>]*hidden>/);
    expect(checked(html, "embed")).toBe(true);
    expect(text(html, "embed-status")).toBe("Off");
    expect(text(html, "unsaved")).toBe("Unsaved changes");

    const back = await save(local(links.embed), { template: "index", panel: "apps", embed: "on" });
    expect(new URL(back).searchParams.get("context")).toBe("apps");
    expect(text(await page(back), "embed-status")).toBe("On");
    const theme = extensionsReport(store(), true)[0]!.activations as { handle?: string; status?: string }[];
    expect(theme.find((a) => a.handle === "returns-embed")?.status).toBe("active");
  });

  test("the block link opens the page template with the block in its Apps section, unsaved; Save places it there only", async () => {
    const html = await page(local(links.blockOnPage));
    expect(html).toMatch(/<option value="page" selected>Default page<\/option>/);
    expect(html).toMatch(/<section id="panel-sections"[^>]*aria-labelledby="sections-title">/);
    expect(checked(html, "block")).toBe(true);
    expect(checked(html, "embed")).toBe(false);
    expect(text(html, "block-placements")).toBe("nowhere");

    await save(local(links.blockOnPage), { template: "page", panel: "sections", block: "on" });
    expect(text(await page(`${origin}/store/demo-returns-store/themes/current/editor?template=page`), "block-placements")).toBe("template--page/apps/returns_link_demo");
    // Unticked on another template, nothing moves; unticked on the page template and saved, it goes.
    await save(`${origin}/store/demo-returns-store/themes/current/editor`, { template: "product", panel: "sections" });
    expect(themeOutline(store(), "page").sections.find((s) => s.type === "apps")?.blocks).toHaveLength(1);
    await save(`${origin}/store/demo-returns-store/themes/current/editor`, { template: "page", panel: "sections" });
    expect(themeOutline(store(), "page").sections.find((s) => s.type === "apps")?.blocks).toHaveLength(0);
  });

  test("the sidebar lists the template's sections from the theme's JSON", async () => {
    const html = await page(`${origin}/store/demo-returns-store/themes/current/editor?template=product`);
    expect([...html.matchAll(/class="section-name">([^<]*)</g)].map((m) => m[1])).toEqual(["Header", "Main product", "Apps", "Footer"]);
  });

  test("a link naming another app's block or embed says so and adds nothing", async () => {
    const html = await page(`${origin}/store/demo-returns-store/themes/current/editor?template=page&addAppBlockId=someone-else%2Freturns-link`);
    expect(html).toContain("No app block &#34;someone-else/returns-link&#34; for this theme.");
    expect(checked(html, "block")).toBe(false);
    expect(text(html, "unsaved")).toBe("");
  });
});

describe("the simulated customer accounts editor", () => {
  test("the app's link opens the order status page; Save places the return status block, and takes it away", async () => {
    const url = local(customerAccountsEditorLink(DEMO_SHOP));
    const html = await page(url);
    expect(html).toContain("<h2>Order status</h2>");
    expect(text(html, "status-block-status")).toBe("Not placed");
    await save(url, { statusBlock: "on" });
    expect(extensionsReport(store(), true).at(-1)!.activations).toContainEqual({ target: "customer-account.order-status.block.render" });
    expect(text(await page(url), "status-block-status")).toBe("Placed");
    await save(url, {});
    expect(text(await page(url), "status-block-status")).toBe("Not placed");
  });
});
