import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openApp } from "./app-frame";
import { ADMIN_PAGES, appFrame, violations } from "./axe";

/**
 * The axe check of accessibility.spec.ts (WCAG 2.1 A and AA) once more, last of all: its own
 * Playwright project runs after the launch (playwright.config.ts), so the pages are as a merchant
 * who has used them sees them: Home as the returns overview, test returns with their labels,
 * timelines, a voided label and a reviewed hold, label costs with their table (also in a narrow
 * window), the tracking events in Settings, steps 5, 7 and 8 with orders, countries and tracked
 * emails. Only reads: nothing is saved.
 */

/** Axe on the app's frame, leaving out the label file as SEKO sent it (a PDF or image in a frame: not the app's markup). */
function appOnly(page: Page): AxeBuilder {
  return appFrame(page).exclude({ fromFrames: ["#app-frame", 'iframe[title^="Return label"]'] });
}

/** What each page waits for before it is checked, where part of it comes after the page shows. */
const READY: Record<string, (page: Page) => Promise<void>> = {
  // App Bridge's answers about the theme and customer accounts.
  "/storefront": async (page) => {
    await expect(page.frameLocator("#app-frame").getByText(/^Checked .+, on your published theme\.$/)).toBeVisible();
  },
};

for (const { name, subpath } of ADMIN_PAGES) {
  test(`${name}, as used, has no WCAG 2.1 AA violations`, async ({ page }) => {
    const app = await openApp(page, subpath);
    await expect(app.locator("main, [role=main], .Polaris-Page").first()).toBeVisible();
    await READY[subpath]?.(page);
    expect(await violations(appOnly(page))).toEqual([]);
  });
}

test("every test return's page (label, timeline, voided, held and reviewed) has no WCAG 2.1 AA violations", async ({ page }) => {
  test.setTimeout(120_000);
  const list = (await openApp(page, "/steps/test-returns")).getByRole("list", { name: "Test returns" });
  const paths = await list.getByRole("link").evaluateAll((links) => links.map((link) => new URL(link.getAttribute("href") ?? "", location.href).pathname));
  expect(paths.length).toBeGreaterThan(1);
  for (const path of paths) {
    const app = await openApp(page, path.replace(/^\/app/, ""));
    await expect(app.getByRole("heading", { name: /^Test return on / })).toBeVisible();
    expect(await violations(appOnly(page)), path).toEqual([]);
  }
});

test("step 9 with orders found and the test return form open has no WCAG 2.1 AA violations", async ({ page }) => {
  const app = await openApp(page, "/steps/test-returns");
  await app.getByRole("button", { name: "Search", exact: true }).click();
  await app
    .getByRole("list", { name: "Orders" })
    .getByRole("button", { name: /^Choose / })
    .first()
    .click();
  await expect(app.getByRole("form", { name: /^Test return on / })).toBeVisible();
  expect(await violations(appOnly(page))).toEqual([]);
});

test("step 8 with a test return's email opened has no WCAG 2.1 AA violations", async ({ page }) => {
  const app = await openApp(page, "/steps/notifications");
  const tracked = app.getByRole("list", { name: "Tracking events of test returns" });
  await tracked
    .getByRole("button", { name: /^Show the / })
    .first()
    .click();
  // The return's own email (its consignment in it), beside the editor's sample preview.
  await expect(app.locator('[data-testid="email-preview"][srcdoc*="SEKO"]').first()).toBeVisible();
  expect(await violations(appOnly(page))).toEqual([]);
});

test.describe("in a narrow window (700 px)", () => {
  test.use({ viewport: { width: 700, height: 900 } });

  test("label costs with their table have no WCAG 2.1 AA violations, and the table's scroll region is reachable by keyboard", async ({ page }) => {
    const app = await openApp(page, "/steps/test-returns/label-costs");
    await expect(app.getByRole("table")).toContainText("Australia");
    const region = app.getByRole("region", { name: "Cost per return by country" });
    await expect(region).toHaveAttribute("tabindex", "0");
    expect(await violations(appOnly(page))).toEqual([]);
  });

  test("Home as the returns overview has no WCAG 2.1 AA violations", async ({ page }) => {
    const app = await openApp(page);
    await expect(app.locator(".Polaris-Page").first()).toBeVisible();
    expect(await violations(appOnly(page))).toEqual([]);
  });
});

test("the page SEKO opens to receive the Australia Post keys has no WCAG 2.1 AA violations", async ({ page }) => {
  await page.goto("http://localhost:3100/handover");
  await expect(page.getByRole("heading", { name: "Australia Post API keys" })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.readyState)).toBe("complete");
  expect(await violations(new AxeBuilder({ page }))).toEqual([]);
});
