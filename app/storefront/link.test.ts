import { describe, expect, test } from "vitest";
import { isPortalUrl, metafieldChanges, themeEditorLinks } from "./link";
import { linkPlaced, placementFrom, templateName } from "./placement";

describe("where the extension is on the published theme (App Bridge's app.extensions())", () => {
  const answer = (embed: string, blockPlacements: string[]) => [
    { handle: "customer-account-returns", type: "ui_extension", activations: [{ target: "customer-account.order.action.menu-item.render" }] },
    {
      handle: "returns-link",
      type: "theme_app_extension",
      activations: [
        { handle: "returns-embed", name: "Returns link", target: "body", status: embed, activations: embed === "active" ? [{ target: "body", themeId: "gid://shopify/OnlineStoreTheme/1" }] : [] },
        {
          handle: "returns-link",
          name: "Start a return",
          target: "section",
          status: blockPlacements.length ? "active" : "available",
          activations: blockPlacements.map((target) => ({ target, themeId: "gid://shopify/OnlineStoreTheme/1" })),
        },
      ],
    },
  ];

  test("embed on, block placed on two templates (each named once)", () => {
    expect(placementFrom(answer("active", ["template--page.returns/main/returns_link_AbC", "template--product/apps/returns_link_x", "template--page.returns/apps/returns_link_y"]))).toEqual({
      embed: "active",
      blockStatus: "active",
      blockTemplates: ["page.returns", "product"],
    });
  });

  test("embed off and block unplaced; hidden before go-live; absent when the extension is not deployed", () => {
    expect(placementFrom(answer("available", []))).toEqual({ embed: "available", blockStatus: "available", blockTemplates: [] });
    expect(placementFrom(answer("unavailable", [])).embed).toBe("unavailable");
    expect(placementFrom([])).toEqual({ embed: "missing", blockStatus: "missing", blockTemplates: [] });
    expect(placementFrom(answer("surprising", [])).embed).toBe("missing");
  });

  test("the link counts as placed only when the embed is really on or the block really sits on a template", () => {
    expect(linkPlaced(placementFrom(answer("active", [])))).toBe(true);
    expect(linkPlaced(placementFrom(answer("available", ["template--page/apps/returns_link_x"])))).toBe(true);
    // An embed switched off, or hidden (no portal address saved), is not a link customers will see.
    expect(linkPlaced(placementFrom(answer("available", [])))).toBe(false);
    expect(linkPlaced(placementFrom(answer("unavailable", [])))).toBe(false);
    expect(linkPlaced(placementFrom([]))).toBe(false);
    // A block Shopify reports unavailable does not render wherever it sits.
    expect(linkPlaced({ embed: "available", blockStatus: "unavailable", blockTemplates: ["page"] })).toBe(false);
  });

  test("template names from placement targets", () => {
    expect(templateName("template--product.alternate/main/my_app_product_rating_GPzUYy")).toBe("product.alternate");
    expect(templateName("footer-group/footer/returns_link_1")).toBe("footer-group");
  });
});

describe("theme editor deep links", () => {
  test("open App embeds with ours on, or add the block to a new Apps section, on the shop's current theme", () => {
    const links = themeEditorLinks("demo.myshopify.com", "client123");
    expect(links.embed).toBe("https://demo.myshopify.com/admin/themes/current/editor?context=apps&activateAppId=client123%2Freturns-embed");
    expect(new URL(links.blockOnPage).searchParams.get("addAppBlockId")).toBe("client123/returns-link");
    expect(new URL(links.blockOnPage).searchParams.get("target")).toBe("newAppsSection");
    expect(new URL(links.blockOnPage).searchParams.get("template")).toBe("page");
  });
});

describe("metafield changes", () => {
  test("only what differs is written; cleared values are deleted, never written blank", () => {
    const current = { portal_url: "https://a.example.test", live: "false", order_param: "order" };
    expect(metafieldChanges(current, { portalUrl: "https://a.example.test", orderParam: null, emailParam: null, live: true })).toEqual({
      set: [
        { key: "live", type: "boolean", value: "true" },
        { key: "portal_set", type: "boolean", value: "true" },
      ],
      remove: ["order_param"],
    });
    expect(metafieldChanges({}, { portalUrl: null, orderParam: null, emailParam: null, live: false })).toEqual({
      set: [
        { key: "live", type: "boolean", value: "false" },
        { key: "portal_set", type: "boolean", value: "false" },
      ],
      remove: [],
    });
  });

  test("portal URLs: https with a real host only", () => {
    expect(isPortalUrl("https://returns.example.test/shop?x=1")).toBe(true);
    for (const bad of ["http://returns.example.test", "https://localhost", "https://u:p@returns.example.test", "javascript:alert(1)", "https://a.example.test/ x"])
      expect(isPortalUrl(bad), bad).toBe(false);
  });
});
