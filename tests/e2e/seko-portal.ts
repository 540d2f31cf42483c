import { expect, type Page } from "@playwright/test";

export type PortalReturnOptions = {
  /** The reason picked for the item (the portal's first reason when not given). */
  reason?: string;
  /** The simulated SEKO stops sending statuses after this code. */
  stopAfter?: string;
  /** The return dated this many days back (a stuck one). */
  daysAgo?: string;
};

/**
 * In the simulated SEKO portal, opened from the storefront's returns link: the customer finds the order
 * by its number and email and returns its first item for a refund. The consignment number.
 */
export async function returnInPortal(shop: Page, order: { name: string; email: string }, options: PortalReturnOptions = {}) {
  await expect(shop.getByRole("heading", { name: "Start a return" })).toBeVisible();
  await shop.getByLabel("Order number").fill(order.name);
  await shop.getByLabel("Email").fill(order.email);
  await shop.getByRole("button", { name: "Find my order" }).click();
  await expect(shop.getByRole("heading", { name: `Order ${order.name}` })).toBeVisible();
  const form = shop.getByRole("form", { name: "Return items" });
  await form.getByRole("checkbox").first().check();
  await form
    .getByRole("combobox", { name: /^Reason for / })
    .first()
    .selectOption(options.reason ?? { index: 1 });
  await form.getByLabel("What would you like instead?").selectOption("Refund");
  if (options.stopAfter) await form.getByLabel("Tracking").selectOption(options.stopAfter);
  if (options.daysAgo) await form.getByLabel("Started this many days ago").fill(options.daysAgo);
  await form.getByRole("button", { name: "Start return" }).click();
  await expect(shop.getByRole("heading", { name: "Return started" })).toBeVisible();
  const connote = (await shop.getByTestId("connote").textContent()) ?? "";
  expect(connote).toMatch(/^SEKO\d+$/);
  return connote;
}

/** The storefront's n-th order page as the customer sees it: the order's name and email. */
export async function openOrderPage(shop: Page, storefront: string, index: number) {
  await shop.goto(storefront);
  await shop.getByRole("list", { name: "Order pages" }).getByRole("link").nth(index).click();
  return readOrderPage(shop);
}

/** The order page open in `shop`: the order's name and email. */
export async function readOrderPage(shop: Page) {
  const name = ((await shop.getByRole("heading", { level: 1 }).textContent()) ?? "").replace(/^Order /, "");
  const email = (await shop.getByTestId("order-email").textContent()) ?? "";
  expect(name).toMatch(/^#\d+$/);
  return { name, email };
}

/** From the storefront's n-th order page, through its returns link, to a return started in the portal; the consignment number and order name. */
export async function returnFromOrderPage(shop: Page, storefront: string, index: number, options: PortalReturnOptions = {}) {
  const order = await openOrderPage(shop, storefront, index);
  await shop.getByRole("region", { name: "Theme app extension" }).getByRole("link").first().click();
  return { connote: await returnInPortal(shop, order, options), orderName: order.name };
}
