import { expect, test } from "@playwright/test";
import { openApp } from "./app-frame";
import { returnFromOrderPage } from "./seko-portal";

/**
 * After the launch (returns-live.spec.ts, same Playwright project, runs just before this file), a
 * customer's side: the simulated storefront shows the theme extension's real link (the embed the
 * launch left on), it opens the simulated SEKO portal, and two returns started there on real demo
 * orders reach the app as SEKO's statuses (700 ms apart: the tracking webhook test-returns.spec.ts
 * handed to the simulated SEKO). Home counts both; the one SEKO stops sending news for after
 * "in transit", dated 20 days back, is on the stuck list (the launch set its threshold to 14 days).
 * The customers' status emails: label-email.spec.ts handed step 8's Return in Transit email over and
 * left the step done, not skipped, so the simulated SEKO sends that email for each of these returns,
 * seen in the demo's outbox. Nothing here is undone: it adds two live returns, as a launched shop has.
 */
const APP = "http://localhost:3100";
const STOREFRONT = `${APP}/__simulated-storefront`;

test("a customer starts returns from the storefront's link in SEKO's portal; SEKO's statuses reach the app and Home counts them, one on the stuck list", async ({ page, context }) => {
  test.setTimeout(60_000);
  const shop = await context.newPage();

  // Step 8's Return in Transit email switched on and handed over to SEKO (label-email.spec.ts clears what it did afterwards).
  const step8 = await openApp(page, "/steps/notifications");
  await expect(step8.getByRole("button", { name: "Skip: no tracking emails" })).toBeVisible();
  await step8.getByRole("button", { name: "Edit the Return in Transit email" }).click();
  await step8.getByRole("checkbox", { name: "Send this email" }).check();
  await step8.getByRole("button", { name: "Save", exact: true }).click();
  await expect(step8.getByText(/Saved as version \d+\./)).toBeVisible();
  await step8.getByRole("button", { name: "Hand over to SEKO" }).click();
  await expect(step8.getByText(/Handed over to SEKO \(version \d+\)\./)).toBeVisible();
  await expect(step8.getByText("Done", { exact: true }).first()).toBeVisible();

  // A product page shows the link: the extension's own Liquid, pointing at the portal address the merchant saved.
  // (Go-live's metafield is written by a background job: reloaded until it has run.)
  await shop.goto(STOREFRONT);
  await shop.getByRole("heading", { name: "Products" }).waitFor();
  await shop.locator("main ul").first().getByRole("link").first().click();
  await expect(async () => {
    await shop.reload();
    await expect(shop.getByRole("region", { name: "Theme app extension" }).getByRole("link").first()).toHaveAttribute("data-portal-address", /^https:\/\/returns\.example-seko\.test\//, {
      timeout: 1000,
    });
  }).toPass({ timeout: 15_000 });

  const { connote: delivered, orderName } = await returnFromOrderPage(shop, STOREFRONT, 0, { reason: "Too small" });
  // Its label is a real PDF.
  const label = await shop.request.get(`${APP}/__simulated-seko/portal/returns/${delivered}/label.pdf`);
  expect(label.headers()["content-type"]).toContain("application/pdf");
  const { connote: stuck } = await returnFromOrderPage(shop, STOREFRONT, 1, { reason: "Faulty", stopAfter: "RT", daysAgo: "20" });

  // SEKO plays the first return to the end: the portal's tracking page shows what it sent.
  await expect(async () => {
    await shop.goto(`${APP}/__simulated-seko/portal/returns/${delivered}`);
    await expect(shop.getByRole("list", { name: "Statuses sent" })).toContainText("Delivered Back To Retailer", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  // The customer's Return in Transit email, as SEKO sent it from the handed-over template, in the demo's outbox.
  await shop.goto("/outbox");
  await shop.getByRole("link", { name: `Your return ${delivered}: Return in Transit` }).click();
  await expect(shop.getByRole("heading", { level: 1 })).toHaveText(`Your return ${delivered}: Return in Transit`);
  const email = shop.frameLocator('iframe[title="Email"]');
  await expect(email.getByText(new RegExp(`Your return for order ${orderName} has a new status: Return in Transit`))).toBeVisible();
  await expect(email.getByRole("link", { name: "Follow your return" })).toHaveAttribute("href", `${APP}/__simulated-seko/portal/returns/${delivered}`);

  // Home: the live returns counted (the launch's one and these two), the silent one listed as stuck.
  await page.bringToFront();
  await expect(async () => {
    const app = await openApp(page);
    await expect(app.getByRole("heading", { name: "Live returns by status (3)" })).toBeVisible({ timeout: 2000 });
    await expect(app.getByRole("table").first().getByRole("row").filter({ hasText: stuck })).toContainText("Return in Transit", { timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  const app = await openApp(page);
  await expect(app.getByRole("table").first().getByRole("row").filter({ hasText: delivered })).toHaveCount(0);
});
