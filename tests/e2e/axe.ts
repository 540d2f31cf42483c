import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/** The rules checked: WCAG 2.1 A and AA. */
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Every admin page, by the name a failure reports and its path under the app. */
export const ADMIN_PAGES: { name: string; subpath: string }[] = [
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
  { name: "Returns", subpath: "/returns" },
  { name: "Storefront", subpath: "/storefront" },
  { name: "Integration", subpath: "/integration" },
];

/** One line per violation and element: rule id, impact, target selectors. */
export async function violations(builder: AxeBuilder): Promise<string[]> {
  const results = await builder.withTags(WCAG_21_AA).analyze();
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact ?? "unknown impact"}) at ${JSON.stringify(node.target)}: ${violation.help}`));
}

/**
 * Axe on the app's own document inside the admin frame (the simulated admin around it is not ours).
 * The previews' sandboxed frames (no scripts: app/components/notifications/EmailPreview.tsx,
 * app/components/storefront/LinkPreview.tsx) cannot run axe, and waiting on them never ends.
 */
export function appFrame(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).include({ fromFrames: ["#app-frame", "html"] }).exclude({ fromFrames: ["#app-frame", "iframe[sandbox]"] });
}
