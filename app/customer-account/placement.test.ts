import { describe, expect, test } from "vitest";
import { customerAccountPlaced, customerAccountPlacementFrom, customerAccountsEditorLink } from "./placement";

const theme = { handle: "returns-link", type: "theme_app_extension", activations: [{ handle: "returns-embed", status: "active", activations: [] }] };
const ours = (targets: string[]) => ({ handle: "customer-account-returns", type: "ui_extension", activations: targets.map((target) => ({ target })) });

describe("the customer-account extension in App Bridge's app.extensions()", () => {
  test("placed once the status block is on the order status page; the order action is reported on its own", () => {
    const placement = customerAccountPlacementFrom([theme, ours(["customer-account.order.action.menu-item.render", "customer-account.order-status.block.render"])]);
    expect(placement).toEqual({ deployed: true, orderAction: true, statusBlock: true });
    expect(customerAccountPlaced(placement)).toBe(true);
  });

  test("deployed but not placed; not deployed at all; a theme extension of the same name does not count", () => {
    const action = customerAccountPlacementFrom([ours(["customer-account.order.action.menu-item.render"])]);
    expect(action).toEqual({ deployed: true, orderAction: true, statusBlock: false });
    expect(customerAccountPlaced(action)).toBe(false);
    expect(customerAccountPlacementFrom([theme])).toEqual({ deployed: false, orderAction: false, statusBlock: false });
    expect(customerAccountPlacementFrom([{ ...ours(["customer-account.order-status.block.render"]), type: "theme_app_extension" }]).statusBlock).toBe(false);
    expect(customerAccountPlacementFrom([{ handle: "customer-account-returns", type: "ui_extension", activations: [null, "x", { target: 1 }] }])).toEqual({
      deployed: true,
      orderAction: false,
      statusBlock: false,
    });
  });

  test("the deep link opens the customer accounts editor on the order status page with the apps panel", () => {
    const url = new URL(customerAccountsEditorLink("demo.myshopify.com"));
    expect(url.origin + url.pathname).toBe("https://demo.myshopify.com/admin/settings/checkout/editor");
    expect(Object.fromEntries(url.searchParams)).toEqual({ page: "order-status", context: "apps" });
  });
});
