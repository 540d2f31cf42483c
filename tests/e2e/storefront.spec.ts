import path from "node:path";
import { createClient } from "@libsql/client";
import { expect, test, type Page } from "@playwright/test";
import { layoutShiftSoFar } from "./layout-shift";

const STOREFRONT = "/store/demo-returns-store/apps/seko-returns/storefront";
const EDITOR = "/store/demo-returns-store/themes/current/editor";
const SHOP = "demo-returns-store.myshopify.com";
const DEMO_DB = path.resolve(process.env.DEMO_DB ?? ".demo/e2e.sqlite");

let client: ReturnType<typeof createClient> | undefined;
const database = () => (client ??= createClient({ url: `file:${DEMO_DB}` }));

test.afterAll(async () => {
  await database().execute({ sql: `DELETE FROM "GoLive" WHERE shop = ?`, args: [SHOP] });
  client?.close();
});

/**
 * Loads the Storefront page and waits for both of App Bridge's answers (the theme, customer accounts),
 * then asserts that the page did not move while it waited: the cards show the answer's lines and room
 * for its buttons while App Bridge is asked (app/components/storefront/CheckStates.tsx).
 */
async function expectNoShiftAsAppBridgeAnswers(page: Page) {
  await page.goto(STOREFRONT);
  const app = page.frameLocator("#app-frame");
  await expect(app.getByText(/^Checked .+, on your published theme\.$/)).toBeVisible();
  await expect(app.getByText(/^Checked [^,]+\.$/)).toBeVisible();
  const { total, shifts } = await layoutShiftSoFar(page);
  expect(total, `layout shifts: ${JSON.stringify(shifts)}`).toBeLessThanOrEqual(0.02);
}

test("the Storefront page does not move as App Bridge answers where the link is (layout shift at most 0.02)", async ({ page }) => {
  // No portal address yet: the embed and the block are hidden, so no button follows them.
  await expectNoShiftAsAppBridgeAnswers(page);
  await expect(page.frameLocator("#app-frame").getByText("Hidden until the portal address is saved").first()).toBeVisible();
});

test("the Storefront page sees the returns link switched on and placed in the theme editor", async ({ page, context }) => {
  await page.goto(STOREFRONT);
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: "Where customers see it" })).toBeVisible();
  // Without a portal address Shopify keeps the blocks out of the theme (available_if on portal_set).
  await expect(app.getByText("Not live yet")).toBeVisible();
  await expect(app.getByText("Hidden until the portal address is saved").first()).toBeVisible();

  await app.getByLabel("Returns portal address").fill("http://returns.example-seko.test");
  await app.getByRole("button", { name: "Save" }).click();
  await expect(app.getByText("Enter the full https:// address of your SEKO returns portal.")).toBeVisible();
  await app.getByLabel("Returns portal address").fill("https://returns.example-seko.test/demo");
  await app.getByRole("button", { name: "Save" }).click();
  await expect(app.getByText("Returns portal saved. The storefront link uses it now.")).toBeVisible();
  // Placeable from now on, before go-live (the storefront itself still shows nothing until then):
  // the page says so at once, without "Check again".
  await expect(app.getByText("Hidden until the portal address is saved")).toHaveCount(0);
  await expect(app.getByText("Off", { exact: true })).toBeVisible();
  await expect(app.getByRole("link", { name: "Turn on in the theme editor" })).toBeVisible();
  await expect(app.getByText("Not live yet")).toBeVisible();

  // Returns go live (the step 10 record); the page brings the storefront's go-live metafield in line.
  await database().execute({
    sql: `INSERT INTO "GoLive" (shop, liveAt, updatedAt) VALUES (?, ?, ?) ON CONFLICT(shop) DO UPDATE SET liveAt = excluded.liveAt`,
    args: [SHOP, Date.now(), Date.now()],
  });
  await page.reload();
  await expect(app.getByText("Returns are live")).toBeVisible();
  await expect(app.getByText("Off", { exact: true })).toBeVisible();
  await expect(app.getByText("Not placed").first()).toBeVisible();
  await expect(app.getByRole("link", { name: "Turn on in the theme editor" })).toHaveAttribute(
    "href",
    /^https:\/\/demo-returns-store\.myshopify\.com\/admin\/themes\/current\/editor\?context=apps&activateAppId=demo-seko-returns-client-id%2Freturns-embed$/,
  );

  // The merchant follows the page's deep link. In the demo the simulated admin plays Shopify's part: the
  // link opens its theme editor (not the real myshopify.com admin) at App embeds, the embed switched on
  // and not yet saved, as Shopify's editor opens from `context=apps&activateAppId=…`.
  const [editor] = await Promise.all([context.waitForEvent("page"), app.getByRole("link", { name: "Turn on in the theme editor" }).click()]);
  await expect(editor).toHaveURL(new RegExp(`${EDITOR}\\?context=apps&activateAppId=demo-seko-returns-client-id%2Freturns-embed$`));
  await expect(editor.getByRole("heading", { name: "App embeds" })).toBeVisible();
  await expect(editor.getByRole("switch", { name: "Returns link" })).toBeChecked();
  await expect(editor.locator("#embed-status")).toHaveText("Off");
  await expect(editor.getByText("Unsaved changes")).toBeVisible();
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await expect(editor.locator("#embed-status")).toHaveText("On");
  await expect(editor.getByRole("switch", { name: "Returns link" })).toBeChecked();

  // Back in the app, a re-check (or coming back to the tab) shows it.
  await page.bringToFront();
  await app.getByRole("button", { name: "Check again" }).click();
  await expect(app.getByText("On", { exact: true })).toBeVisible();
  await expect(app.getByText("Not placed").first()).toBeVisible();

  // "Add the block to a page" opens the page template with the block added to its Apps section, unsaved.
  const [blockEditor] = await Promise.all([context.waitForEvent("page"), app.getByRole("link", { name: "Add the block to a page" }).click()]);
  await expect(blockEditor).toHaveURL(new RegExp(`${EDITOR}\\?template=page&addAppBlockId=demo-seko-returns-client-id%2Freturns-link&target=newAppsSection$`));
  await expect(blockEditor.getByLabel("Template")).toHaveValue("page");
  await expect(blockEditor.getByRole("checkbox", { name: "Start a return" })).toBeChecked();
  await expect(blockEditor.locator("#preview-block")).toBeVisible();
  await expect(blockEditor.locator("#block-placements")).toHaveText("nowhere");
  await blockEditor.getByRole("button", { name: "Save", exact: true }).click();
  await expect(blockEditor.locator("#block-placements")).toContainText("template--page/apps/");
  await blockEditor.close();

  await page.bringToFront();
  await app.getByRole("button", { name: "Check again" }).click();
  await expect(app.getByText("Placed on 1 template")).toBeVisible();
  await expect(app.getByText("Templates: page")).toBeVisible();

  // And off again, from the editor's App embeds panel.
  await editor.bringToFront();
  await editor.reload();
  await editor.getByRole("switch", { name: "Returns link" }).uncheck();
  await expect(editor.locator("#preview-embed")).toBeHidden();
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await expect(editor.locator("#embed-status")).toHaveText("Off");
  await page.bringToFront();
  await app.getByRole("button", { name: "Check again" }).click();
  await expect(app.getByText("Off", { exact: true })).toBeVisible();

  // The preview follows the merchant's settings.
  const preview = app.frameLocator('iframe[title="Preview of the returns link"]');
  await expect(preview.getByRole("link", { name: "Start a return" })).toHaveClass("seko-returns__button");
  await app.getByLabel("Link text").fill("Return or exchange");
  await app.getByLabel("Style").selectOption("link");
  await expect(preview.getByRole("link", { name: "Return or exchange" })).toHaveClass("seko-returns__link");
  await expect(preview.getByRole("link", { name: "Return or exchange" })).toHaveAttribute("href", "https://returns.example-seko.test/demo");
});

test("the Storefront page shows the customer-account extension: the order action live, the status block placed from the customer accounts editor", async ({ page, context }) => {
  await page.goto(STOREFRONT);
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: "Customer accounts" })).toBeVisible();
  await expect(app.getByText("Active", { exact: true })).toBeVisible();
  await expect(app.getByText("Not placed", { exact: true }).last()).toBeVisible();
  await expect(app.getByRole("link", { name: "Add it in the customer accounts editor" })).toHaveAttribute(
    "href",
    "https://demo-returns-store.myshopify.com/admin/settings/checkout/editor?page=order-status&context=apps",
  );

  // The link opens the demo's customer accounts editor (it stands in for Shopify's) on the order status page.
  const [editor] = await Promise.all([context.waitForEvent("page"), app.getByRole("link", { name: "Add it in the customer accounts editor" }).click()]);
  await expect(editor).toHaveURL(/\/store\/demo-returns-store\/settings\/checkout\/editor\?page=order-status&context=apps$/);
  await expect(editor.getByRole("heading", { name: "Order status", exact: true })).toBeVisible();
  await expect(editor.locator("#status-block-status")).toHaveText("Not placed");
  await editor.getByRole("checkbox", { name: "Return status" }).check();
  await expect(editor.getByText("Unsaved changes")).toBeVisible();
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await expect(editor.locator("#status-block-status")).toHaveText("Placed");

  await page.bringToFront();
  await app.getByRole("button", { name: "Check customer accounts again" }).click();
  await expect(app.getByText("Placed", { exact: true })).toBeVisible();
  await expect(app.getByRole("link", { name: "Add it in the customer accounts editor" })).toHaveCount(0);

  await editor.getByRole("checkbox", { name: "Return status" }).uncheck();
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await expect(editor.locator("#status-block-status")).toHaveText("Not placed");
});

test("with the portal saved, the Storefront page still does not move as App Bridge answers (layout shift at most 0.02)", async ({ page }) => {
  // The embed off, the block on the page template (left there by the first test): each line has its button, the templates sit on the block's line.
  await expectNoShiftAsAppBridgeAnswers(page);
  await expect(page.frameLocator("#app-frame").getByRole("link", { name: "Turn on in the theme editor" })).toBeVisible();
  await expect(page.frameLocator("#app-frame").getByText("Templates: page")).toBeVisible();
});
