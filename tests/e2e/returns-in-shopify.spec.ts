import { expect, type FrameLocator, type Locator, test } from "@playwright/test";
import { hydrated, openApp } from "./app-frame";
import { appFrame, violations } from "./axe";
import { returnFromOrderPage } from "./seko-portal";

/**
 * Returns in Shopify, after the launch and the customers' returns (returns-live.spec.ts and
 * returns-portal.spec.ts; this file's project depends on theirs): the merchant turns the setting on in
 * Settings, which asks for the optional write_returns scope on the simulated admin's grant screen
 * (declined once: the setting stays off and the page says so), chooses to restock at a location, and
 * a customer starts a live return in the simulated SEKO portal that SEKO plays to Delivered Back To
 * Retailer. The Returns page lists it with SEKO's status and its Shopify state side by side, and its
 * order link opens the simulated admin's order page, which shows the return, its tracking and the
 * items restocked. At the end the setting is off again and the scope revoked, as the demo was.
 */
const APP = "http://localhost:3100";
const STOREFRONT = `${APP}/__simulated-storefront`;
const DECLINED = "Access to returns was not granted, so the setting stays off. To turn it on, check the box, save and allow access when Shopify asks.";

/** A Polaris radio, chosen from the keyboard (its styled backdrop takes the pointer). */
async function choose(radio: Locator) {
  await radio.focus();
  await radio.press("Space");
  await expect(radio).toBeChecked();
}

function card(app: FrameLocator) {
  return app.locator("form").filter({ has: app.getByRole("checkbox", { name: "Show SEKO returns in Shopify" }) });
}

test("Returns in Shopify: turned on with Shopify's grant, a live return restocked reaches the Shopify order, listed on the Returns page; turned off again", async ({ page, context }) => {
  test.setTimeout(90_000);
  let app = await openApp(page, "/settings");
  let settings = card(app);
  const enabled = settings.getByRole("checkbox", { name: "Show SEKO returns in Shopify" });
  await expect(enabled).not.toBeChecked();
  await expect(settings.getByRole("radio", { name: "Leave it for your staff (default)" })).toBeChecked();

  // Declined on Shopify's grant screen: nothing saved, the page says why, the box is cleared.
  await enabled.check();
  await settings.getByRole("button", { name: "Save returns in Shopify" }).click();
  const grant = page.getByRole("dialog", { name: "SEKO Returns wants more access" });
  await expect(grant).toBeVisible();
  await expect(grant.getByRole("listitem")).toContainText(["write_returns"]);
  await grant.getByRole("button", { name: "Decline" }).click();
  await expect(grant).toBeHidden();
  await expect(settings.getByText(DECLINED)).toBeVisible();
  await expect(enabled).not.toBeChecked();

  // Granted: saved on, restocking at the first active location (the select's first choice).
  await enabled.check();
  await choose(settings.getByRole("radio", { name: "Mark the items received and restock them at a location" }));
  const location = settings.getByRole("combobox", { name: "Restock at" });
  await expect(location).toBeEnabled();
  const locationName = ((await location.locator("option").first().textContent()) ?? "").replace(/ \(.*\)$/, "");
  expect(locationName).not.toBe("");
  // The refund warning shows only for the refund choice; the card passes the axe check with it shown.
  await expect(settings.getByText("The app will issue refunds")).toHaveCount(0);
  await choose(settings.getByRole("radio", { name: "Process the return and refund the original payment" }));
  await expect(settings.getByText("The app will issue refunds")).toBeVisible();
  expect(await violations(appFrame(page))).toEqual([]);
  await choose(settings.getByRole("radio", { name: "Mark the items received and restock them at a location" }));
  await expect(settings.getByText("The app will issue refunds")).toHaveCount(0);
  await settings.getByRole("button", { name: "Save returns in Shopify" }).click();
  await expect(grant).toBeVisible();
  await grant.getByRole("button", { name: "Grant access" }).click();
  await expect(grant).toBeHidden();
  await expect(settings.getByText("Returns in Shopify is on: SEKO's live returns are written into Shopify.")).toBeVisible();
  app = await openApp(page, "/settings");
  settings = card(app);
  await expect(settings.getByRole("checkbox", { name: "Show SEKO returns in Shopify" })).toBeChecked();
  await expect(settings.getByRole("radio", { name: "Mark the items received and restock them at a location" })).toBeChecked();

  // A customer's live return, played by SEKO to Delivered Back To Retailer.
  const shop = await context.newPage();
  const { connote, orderName } = await returnFromOrderPage(shop, STOREFRONT, 2, { reason: "Too small" });
  await expect(async () => {
    await shop.goto(`${APP}/__simulated-seko/portal/returns/${connote}`);
    await expect(shop.getByRole("list", { name: "Statuses sent" })).toContainText("Delivered Back To Retailer", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  // The Returns page: SEKO's status and Shopify's state side by side, once the mirror job has run.
  await page.bringToFront();
  await expect(async () => {
    const returns = await openApp(page, "/returns");
    // The page with its rows passes the same axe check as every admin page (tests/e2e/accessibility.spec.ts).
    expect(await violations(appFrame(page))).toEqual([]);
    const row = returns.getByRole("region", { name: "Live returns" }).getByRole("row").filter({ hasText: connote });
    await expect(row).toContainText("Delivered Back To Retailer (RDBTC)", { timeout: 2000 });
    await expect(row).toContainText("Received", { timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  const returns = await openApp(page, "/returns");

  // Filtered by SEKO's status, it is still there.
  await returns.getByRole("button", { name: /^SEKO status/ }).click();
  await choose(returns.getByRole("radio", { name: "Delivered Back To Retailer" }));
  await expect.poll(() => page.frame({ name: "app-frame" })?.url()).toContain("status=RDBTC");
  await page.keyboard.press("Escape");
  const row = returns.getByRole("region", { name: "Live returns" }).getByRole("row").filter({ hasText: connote });
  await expect(row).toContainText("Received");

  // Returns written on turning it on include the launch's, whose order Shopify has under no such name: listed as
  // needing attention, with the reason and Retry (the app tries again; it stays unmatched until the order is found).
  await expect(async () => {
    const attention = await openApp(page, "/returns?attention=1");
    await expect(attention.getByRole("region", { name: "Live returns" }).getByRole("row").filter({ hasText: "Not matched" }).first()).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  const attention = (await openApp(page, "/returns?attention=1")).getByRole("region", { name: "Live returns" }).getByRole("row").filter({ hasText: "Not matched" }).first();
  const retried = ((await attention.getByRole("rowheader").textContent()) ?? "").trim();
  expect(retried).toMatch(/^SEKO\d+$/);
  await attention.getByRole("button", { name: `Retry ${retried}` }).click();
  await expect(page.frameLocator("#app-frame").getByText(`Trying ${retried} again: this page shows the outcome once Shopify has answered.`)).toBeVisible();

  // Home's line: on, with the way to Settings.
  const home = await openApp(page);
  await expect(home.getByText(/^Returns in Shopify: on\./)).toBeVisible();
  await expect(home.getByRole("link", { name: "Returns in Shopify settings" })).toBeVisible();
  await openApp(page, "/returns?status=RDBTC");

  // Its order link opens the order in (simulated) Shopify admin: the return, its tracking, the items restocked.
  await row.getByRole("link", { name: `Order ${orderName} in Shopify` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Order ${orderName}`);
  const shopifyReturn = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { level: 3 }) })
    .last();
  await expect(shopifyReturn).toContainText("Return in progress");
  await expect(shopifyReturn).toContainText(connote);
  await expect(shopifyReturn.getByRole("heading", { name: "Received" })).toBeVisible();
  await expect(shopifyReturn).toContainText(`at ${locationName}`);

  // Restore: the setting off (no access needed for that), then the scope revoked as the demo had it.
  app = await openApp(page, "/settings");
  settings = card(app);
  await settings.getByRole("checkbox", { name: "Show SEKO returns in Shopify" }).uncheck();
  await choose(settings.getByRole("radio", { name: "Leave it for your staff (default)" }));
  await settings.getByRole("button", { name: "Save returns in Shopify" }).click();
  await expect(settings.getByText("Returns in Shopify is off: nothing more is written into Shopify.")).toBeVisible();
  await hydrated(page);
  const frame = page.frame({ name: "app-frame" });
  expect(frame).toBeTruthy();
  const detail = await frame!.evaluate(() =>
    (window as unknown as { shopify: { scopes: { revoke(scopes: string[]): Promise<{ detail: { granted: string[] } }> } } }).shopify.scopes.revoke(["write_returns"]),
  );
  expect(detail.detail.granted).not.toContain("write_returns");
  await expect((await openApp(page)).getByText("Returns in Shopify: off. SEKO's returns are not added to your Shopify orders.")).toBeVisible();
  const after = await openApp(page, "/returns");
  await expect(after.getByRole("region", { name: "Live returns" }).getByRole("row").filter({ hasText: connote })).toContainText("Off");
});
