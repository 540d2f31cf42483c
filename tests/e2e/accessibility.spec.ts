import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openApp } from "./app-frame";

/**
 * An axe-core check (WCAG 2.1 A and AA) of every admin page, inside the simulated admin as the
 * merchant sees it, and of /auth/login. Only reads: it runs first (file order) on the fresh demo.
 */
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const ADMIN_PAGES: { name: string; subpath: string }[] = [
  { name: "Home", subpath: "" },
  { name: "Step 1: On-boarding form", subpath: "/steps/onboarding-form" },
  { name: "Step 2: Contracts", subpath: "/steps/contracts" },
  { name: "Step 4: Australia returns", subpath: "/steps/australia-returns" },
  { name: "Step 6: System access", subpath: "/steps/system-access" },
  { name: "Step 9: Test returns", subpath: "/steps/test-returns" },
  { name: "Label costs", subpath: "/steps/test-returns/label-costs" },
  { name: "Step 7: Label email", subpath: "/steps/label-email" },
  { name: "Step 8: Notifications", subpath: "/steps/notifications" },
  { name: "Step 10: Go-live", subpath: "/steps/go-live" },
  { name: "Settings", subpath: "/settings" },
  { name: "Storefront", subpath: "/storefront" },
  { name: "Integration", subpath: "/integration" },
];

/** One line per violation and element: rule id, impact, target selectors. */
async function violations(builder: AxeBuilder): Promise<string[]> {
  const results = await builder.withTags(WCAG_21_AA).analyze();
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact ?? "unknown impact"}) at ${JSON.stringify(node.target)}: ${violation.help}`));
}

/**
 * Axe on the app's own document inside the admin frame (the simulated admin around it is not ours).
 * The previews' sandboxed frames (no scripts: app/components/notifications/EmailPreview.tsx,
 * app/components/storefront/LinkPreview.tsx) cannot run axe, and waiting on them never ends.
 */
function appFrame(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).include({ fromFrames: ["#app-frame", "html"] }).exclude({ fromFrames: ["#app-frame", "iframe[sandbox]"] });
}

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
