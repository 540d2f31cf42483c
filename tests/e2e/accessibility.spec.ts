import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { openApp } from "./app-frame";
import { ADMIN_PAGES, appFrame, violations } from "./axe";

/**
 * An axe-core check (WCAG 2.1 A and AA) of every admin page, inside the simulated admin as the
 * merchant sees it, and of /auth/login. Only reads: it runs first (file order) on the fresh demo.
 * accessibility-populated.spec.ts checks the pages again at the end, as a merchant who used them sees them.
 */

/**
 * React's hydration errors (production build: minified errors 418, 423, 425). A page whose server
 * render and first browser render differ is rendered again from scratch, which wipes what the
 * merchant typed meanwhile (tests/e2e/typing-before-hydration.spec.ts).
 */
const HYDRATION_ERROR = /Minified React error #(418|423|425)|Hydration failed|did not match/;

for (const { name, subpath } of ADMIN_PAGES) {
  test(`${name} has no WCAG 2.1 AA violations and hydrates as the server rendered it`, async ({ page }) => {
    const hydrationErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && HYDRATION_ERROR.test(message.text())) hydrationErrors.push(message.text());
    });
    const app = await openApp(page, subpath);
    await expect(app.locator("main, [role=main], .Polaris-Page").first()).toBeVisible();
    expect(await violations(appFrame(page))).toEqual([]);
    expect(hydrationErrors).toEqual([]);
  });
}

test("/auth/login has no WCAG 2.1 AA violations", async ({ page }) => {
  await page.goto("http://localhost:3100/auth/login");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.readyState)).toBe("complete");
  expect(await violations(new AxeBuilder({ page }))).toEqual([]);
});
