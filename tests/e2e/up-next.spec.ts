import { expect, test } from "@playwright/test";
import { openApp } from "./app-frame";

/**
 * Runs after test-returns.spec.ts (specs run in file order on the shared demo database), with steps 9
 * and 10 under way and not live yet: Home still opens the step to work on next, with its button
 * (app/guide/progress.ts, nextStepId: a reopened step first, else the first open step the merchant can
 * move). Reads only; changes nothing.
 */
test("with steps 9 and 10 under way, Home opens the step to work on next, with its button", async ({ page }) => {
  const app = await openApp(page);
  const steps = app.getByRole("list", { name: "Setup steps" }).getByRole("listitem");
  await expect(steps).toHaveCount(10);
  await expect(steps.nth(8).getByRole("button", { name: "9. Test returns" })).toBeVisible();
  await expect(steps.nth(8)).not.toContainText("Not started");
  await expect(steps.nth(9)).not.toContainText("Not started");

  const open = steps.filter({ has: app.locator('button[aria-expanded="true"]') });
  await expect(open).toHaveCount(1);
  await expect(open.getByRole("link", { name: /^(Start|Continue) |^Connect SEKO accounts$/ })).toBeVisible();
  for (const finished of ["Done", "Skipped", "Not applicable"]) await expect(open.getByText(finished, { exact: true })).toHaveCount(0);
  // A reopened step is the one open.
  const reopened = steps.filter({ has: app.getByText("Reopened", { exact: true }) });
  if ((await reopened.count()) > 0) await expect(reopened.first().locator('button[aria-expanded="true"]')).toHaveCount(1);
});
