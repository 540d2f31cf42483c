import { expect, type Page, test } from "@playwright/test";
import { SEKO_TEST_KEYS } from "../mocks/seko";
import { openApp } from "./app-frame";

/**
 * The launch, as the last thing the browser suite does: it runs after every other spec (its own
 * Playwright project depends on theirs), which between them took steps 1-6 to done, made test
 * returns from Australia and New Zealand, confirmed label costs, agreed a date, acknowledged the
 * procedure and placed the returns block in the theme. What is left is what a merchant does on the
 * last day: hand the label emails over as they now are, test the remaining countries, move SEKO from
 * Test to Production (the gate refuses Test keys), go live. Being last, it leaves the shop live on
 * Production, as a launched shop is.
 */
const EDITOR = "/store/demo-returns-store/themes/current/editor";

/** Every check "Go live" waits for, as the gate lists them. */
const CHECKS = [
  "Every earlier step done or not needed",
  "Order sync healthy",
  "SEKO Production keys",
  "A label email for every country offered",
  "A passing test return from every country offered",
  "The returns link placed in your live theme",
  "Customer-service procedure acknowledged",
  "Go-live date agreed with SEKO",
];

/** A test return from `code` on any synced order (the origin country is the merchant's choice). */
/** A test return from `code` on the `index`-th order listed: each on its own order, as one order's items can be returned once. */
async function testReturnFrom(page: Page, code: string, index: number) {
  const app = await openApp(page, "/steps/test-returns");
  await app.getByRole("button", { name: "Search", exact: true }).click();
  await app
    .getByRole("list", { name: "Orders" })
    .getByRole("button", { name: /^Choose / })
    .nth(index)
    .click();
  const form = app.getByRole("form", { name: /^Test return on / });
  await form.getByLabel("Return reason").selectOption("Too small");
  await form.getByLabel("Returned from").selectOption(code);
  await form.getByRole("button", { name: /^Create test return/ }).click();
  await expect(form.getByText("Test return created.")).toBeVisible();
}

test("returns go live: the gate passes, Home becomes the returns overview; the returns link removed from the theme reopens step 10", async ({ page, context }) => {
  test.setTimeout(240_000);

  // Step 7: the label emails as they are now (step 1's countries changed after the first hand-over).
  let app = await openApp(page, "/steps/label-email");
  await app.getByRole("button", { name: "Hand over to SEKO" }).click();
  await expect(app.getByText(/Handed over to SEKO \(version \d+\)\./)).toBeVisible();

  // The gate names the countries still without a test return; one each.
  app = await openApp(page, "/steps/go-live");
  const checks = app.getByRole("list", { name: "Go-live checks" });
  const tested = checks.getByRole("listitem").filter({ hasText: "A passing test return from every country offered" });
  const missing = (await tested.textContent()) ?? "";
  const codes = /No labelled test return from ([A-Z, and]+)\./.exec(missing)?.[1]?.match(/\b[A-Z]{2}\b/g) ?? [];
  for (const [index, code] of codes.entries()) await testReturnFrom(page, code, index);

  // Everything else is done (the theme's block counts as the returns link), but SEKO is still on the
  // Test keys the earlier specs connected: step 3 counts them, the gate does not, and says what to do.
  app = await openApp(page, "/steps/go-live");
  for (const label of CHECKS.filter((check) => check !== "SEKO Production keys")) {
    await expect(checks.getByRole("listitem").filter({ hasText: label }).getByText("Done", { exact: true })).toBeVisible();
  }
  const sekoKeys = checks.getByRole("listitem").filter({ hasText: "SEKO Production keys" });
  await expect(sekoKeys.getByText("To do", { exact: true })).toBeVisible();
  await expect(sekoKeys).toContainText("SEKO is set to Test in Settings: switch it to Production; connect the OmniReturns and OmniRPS Production keys.");
  const goLive = app.getByRole("button", { name: "Go live", exact: true });
  await expect(goLive).toBeDisabled();

  // The merchant follows the check to Settings, switches to Production and connects the live keys
  // (the simulated SEKO takes the same keys on its production hosts).
  await sekoKeys.getByRole("link", { name: "Go there" }).click();
  await expect(app.getByLabel("SEKO environment")).toBeVisible();
  await app.getByLabel("SEKO environment").selectOption("production");
  await app.getByRole("button", { name: "Save connection settings" }).click();
  await expect(app.getByText("Connection settings saved.")).toBeVisible();
  // The cards now hold Production's keys: none yet.
  await expect(app.getByRole("button", { name: "Connect OmniReturns" })).toBeVisible();
  await app.getByLabel("OmniReturns access key").fill(SEKO_TEST_KEYS.omnireturns);
  await app.getByRole("button", { name: "Connect OmniReturns" }).click();
  await expect(app.getByText("OmniReturns connected.")).toBeVisible();
  await app.getByLabel("OmniRPS token").fill(SEKO_TEST_KEYS.omnirps.token);
  await app.getByLabel("Retailer name").fill(SEKO_TEST_KEYS.omnirps.retailerName);
  await app.getByRole("button", { name: "Connect OmniRPS" }).click();
  await expect(app.getByText("OmniRPS connected.")).toBeVisible();
  await expect(app.getByText(/^Key ending in .* · production/)).toHaveCount(2);

  // Every check done now, so "Go live" can be pressed; it asks first, saying what will happen.
  app = await openApp(page, "/steps/go-live");
  for (const label of CHECKS) {
    await expect(checks.getByRole("listitem").filter({ hasText: label }).getByText("Done", { exact: true })).toBeVisible();
  }
  await expect(goLive).toBeEnabled();
  // From the keyboard: Enter opens the dialog, Escape closes it with nothing done, focus back on the button.
  await goLive.press("Enter");
  const dialog = app.getByRole("dialog", { name: "Go live with SEKO returns?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("The returns link appears on your storefront.");
  await expect(dialog).toContainText("Customers can start returns in SEKO's returns portal.");
  await expect(dialog).toContainText("Return labels are charged: SEKO bills every label your customers create.");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(goLive).toBeFocused();
  await expect(app.getByText("Returns are live.", { exact: true })).toHaveCount(0);

  await goLive.click();
  await dialog.getByRole("button", { name: "Go live now" }).click();
  await expect(app.getByText("Returns are live.", { exact: true })).toBeVisible();
  await expect(app.getByText(/^Since .*, by /)).toBeVisible();
  // The date is settled: its forms are gone.
  await expect(app.getByText("Returns are live, so the date is settled.")).toBeVisible();
  await expect(app.getByRole("button", { name: "Propose this date" })).toHaveCount(0);
  await expect(app.getByRole("button", { name: "Record the agreed date" })).toHaveCount(0);

  // Home is now the returns overview (test returns never counted), the setup guide one click away.
  app = await openApp(page);
  await expect(app.getByText(/^Welcome, .*\. Returns are live with SEKO since (\d{1,2} \w{3} \d{4}|\w{3} \d{1,2}, \d{4})\.$/)).toBeVisible();
  // One live return: the consignment SEKO posted in the tracking spec. The dozen test returns are not counted.
  await expect(app.getByRole("heading", { name: "Live returns by status (1)" })).toBeVisible();
  await expect(app.getByRole("list", { name: "What to watch" })).toContainText("Every go-live check still holds.");
  await expect(app.getByText("Test returns are never counted here.")).toBeVisible();
  const stuck = app.getByRole("table").first();
  await expect(stuck.getByRole("row").filter({ hasText: "SEKO7654321" })).toContainText("Return Created");
  await app.getByLabel("Days without news").fill("14");
  await app.getByRole("button", { name: "Save", exact: true }).click();
  await expect(app.getByText("Saved: returns with no news for 14 days are listed.")).toBeVisible();
  await expect(app.getByRole("heading", { name: "Returns with no news for 14 days" })).toBeVisible();
  await expect(stuck.getByRole("row").filter({ hasText: "SEKO7654321" })).toBeVisible();
  await expect(app.getByText(/A finished step reopened/)).toHaveCount(0);
  await app.getByRole("button", { name: "Setup guide" }).click();
  await expect(app.locator("#setup-guide").getByText("10. Go live", { exact: true })).toBeVisible();

  // Someone removes the returns link from the live theme.
  const editor = await context.newPage();
  await editor.goto(`${EDITOR}?context=apps`);
  await editor.getByRole("switch", { name: "Returns link" }).uncheck();
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await expect(editor).toHaveURL(/[?&]saved=1/);
  await expect(editor.locator("#embed-status")).toHaveText("Off");
  await editor.getByRole("button", { name: "Remove the block from every template" }).click();
  await expect(editor.locator("#block-placements")).toHaveText("nowhere");
  await expect(editor.locator("#embed-status")).toHaveText("Off");

  // The next visit to Home asks the admin, hears the link is gone, and says so; the log records it.
  await page.bringToFront();
  app = await openApp(page);
  const banner = app.getByText(/· Reopened: returns are live, but the returns link is no longer in your live theme$/);
  await expect(banner).toBeVisible();
  await expect(app.getByText("Setup health: go-live reopened").first()).toBeVisible();
  await expect(app.getByRole("list", { name: "What to watch" })).toContainText("Go-live reopened:");

  // Switching the embed on brings it back: the banner goes and the log says so.
  await editor.getByRole("button", { name: "App embeds" }).click();
  await editor.getByRole("switch", { name: "Returns link" }).check();
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await expect(editor.locator("#embed-status")).toHaveText("On");
  await page.bringToFront();
  app = await openApp(page);
  await expect(app.getByText("Setup health: everything holds again").first()).toBeVisible();
  await expect(banner).toHaveCount(0);
  await expect(app.getByRole("list", { name: "What to watch" })).toContainText("Every go-live check still holds.");
});
