import { expect, test } from "@playwright/test";
import { openApp } from "./app-frame";

/**
 * Optional access in the demo: "Request access" opens the simulated admin's grant screen
 * (tests/demo/admin.ts), whose answer is App Bridge's ScopesRequestResponse; a grant reaches the
 * simulated Shopify's installation, which the app then reads back. The spec leaves the scope revoked,
 * as the other specs expect the demo's declared scopes only.
 */
test("optional access: the simulated grant screen; declined, the app says so; granted, the app shows it granted", async ({ page }) => {
  const app = await openApp(page, "/integration");
  const request = app.getByRole("button", { name: "Request Markets access" });
  await expect(request).toBeVisible();

  await request.click();
  const grant = page.getByRole("dialog", { name: "SEKO Returns wants more access" });
  await expect(grant).toBeVisible();
  await expect(grant.getByRole("listitem")).toHaveText(["View your markets: the countries and currencies you sell in read_markets"]);
  await grant.getByRole("button", { name: "Decline" }).click();
  await expect(grant).toBeHidden();
  await expect(app.getByText("Markets access was not granted. The app works without it; to allow it, select Request access again and grant it.")).toBeVisible();
  await expect(request).toBeVisible();

  // Escape is a decline too, as a dialog's cancel.
  await request.click();
  await expect(grant).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(grant).toBeHidden();
  await expect(app.getByText("Markets access was not granted. The app works without it; to allow it, select Request access again and grant it.")).toBeVisible();

  await request.click();
  await expect(grant).toBeVisible();
  await grant.getByRole("button", { name: "Grant access" }).click();
  await expect(grant).toBeHidden();
  // The app re-reads its access from Shopify: Markets is granted, its button gone, no warning left.
  await expect(page.locator("#toasts")).toContainText("Access updated");
  await expect(request).toHaveCount(0);
  await expect(app.getByText("Markets access was not granted. The app works without it; to allow it, select Request access again and grant it.")).toHaveCount(0);
  const reloaded = await openApp(page, "/integration");
  await expect(reloaded.getByRole("button", { name: "Request All orders access" })).toBeVisible();
  await expect(reloaded.getByRole("button", { name: "Request Markets access" })).toHaveCount(0);

  // Back to the demo's declared scopes, through App Bridge's own revoke; the app hears of it by app/scopes_update.
  const frame = page.frame({ url: /localhost:3100/ });
  expect(frame).toBeTruthy();
  const detail = await frame!.evaluate(() =>
    (window as unknown as { shopify: { scopes: { revoke(scopes: string[]): Promise<{ detail: { granted: string[] } }> } } }).shopify.scopes.revoke(["read_markets"]),
  );
  expect(detail.detail.granted).not.toContain("read_markets");
  const restored = await openApp(page, "/integration");
  await expect(restored.getByRole("button", { name: "Request Markets access" })).toBeVisible();
});
