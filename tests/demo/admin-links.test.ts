import fs from "node:fs";
import vm from "node:vm";
import { describe, expect, test } from "vitest";
import { customerAccountsEditorLink } from "~/customer-account/placement";
import { themeEditorLinks } from "~/storefront/link";

/** The mapping as the browser runs it: the very script the simulated admin serves in front of the App Bridge stand-in. */
const context: { URL: typeof URL; simulatedAdminUrl?: (href: string, shop: string, adminOrigin: string) => string | null } = { URL };
vm.runInNewContext(fs.readFileSync("tests/demo/admin-links.js", "utf8"), context);
const SHOP = "demo-returns-store.myshopify.com";
const ADMIN = "http://localhost:3001";
const map = (href: string, shop = SHOP) => context.simulatedAdminUrl!(href, shop, ADMIN);

describe("links into the shop's admin, in the demo", () => {
  test("the app's theme editor deep links open the simulated theme editor with Shopify's parameters kept", () => {
    const links = themeEditorLinks(SHOP, "demo-seko-returns-client-id");
    expect(map(links.embed)).toBe(`${ADMIN}/store/demo-returns-store/themes/current/editor?context=apps&activateAppId=demo-seko-returns-client-id%2Freturns-embed`);
    expect(map(links.blockOnPage)).toBe(`${ADMIN}/store/demo-returns-store/themes/current/editor?template=page&addAppBlockId=demo-seko-returns-client-id%2Freturns-link&target=newAppsSection`);
    const parameters = new URL(map(links.blockOnIndex)!).searchParams;
    expect(Object.fromEntries(parameters)).toEqual({ template: "index", addAppBlockId: "demo-seko-returns-client-id/returns-link", target: "newAppsSection" });
  });

  test("the customer accounts editor link opens the simulated one on the order status page", () => {
    expect(map(customerAccountsEditorLink(SHOP))).toBe(`${ADMIN}/store/demo-returns-store/settings/checkout/editor?page=order-status&context=apps`);
  });

  test("App Bridge's shopify://admin links and admin.shopify.com links for this store map the same way", () => {
    expect(map("shopify://admin/products?selectedView=all")).toBe(`${ADMIN}/store/demo-returns-store/products?selectedView=all`);
    expect(map("https://admin.shopify.com/store/demo-returns-store/orders/12#top")).toBe(`${ADMIN}/store/demo-returns-store/orders/12#top`);
  });

  test("an order's admin link, in each form the app may write, opens the simulated order page", () => {
    for (const href of ["shopify:admin/orders/5001", "shopify://admin/orders/5001", "https://demo-returns-store.myshopify.com/admin/orders/5001"])
      expect(map(href), href).toBe(`${ADMIN}/store/demo-returns-store/orders/5001`);
  });

  test("links that are not into this shop's admin are left alone", () => {
    for (const href of [
      "https://other-store.myshopify.com/admin/themes/current/editor",
      "https://demo-returns-store.myshopify.com/products/a-hat",
      "https://demo-returns-store.myshopify.com/administrator",
      "http://demo-returns-store.myshopify.com/admin/orders",
      "https://admin.shopify.com/store/other-store/orders",
      "https://returns.example-seko.test/demo",
      "/app/storefront",
      "not a url",
    ])
      expect(map(href), href).toBeNull();
  });
});
