import { defineConfig, devices } from "@playwright/test";
import { chromiumPath } from "../setup/chromium";

/**
 * Browser tests against the offline demo on their own ports and database.
 * Chromium comes from Debian (`apt-get install chromium`); Playwright never
 * downloads a browser here (docs/demo-and-testing.md).
 */
const appPort = 3100;
const adminPort = 3101;

export default defineConfig({
  testDir: ".",
  outputDir: "../../test-results",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  use: {
    ...devices["Desktop Chrome"],
    baseURL: `http://localhost:${adminPort}`,
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  // The launch comes last: it builds on what the other specs did to the shared demo database. After it,
  // only the second accessibility pass, over the pages as they are once everything has been used.
  projects: [
    { name: "setup", testIgnore: [/returns-(live|portal)\.spec\.ts$/, /accessibility-populated\.spec\.ts$/] },
    // returns-portal.spec.ts (a customer's live returns, from the storefront) runs after the launch: files run in name order.
    { name: "returns-live", testMatch: /returns-(live|portal)\.spec\.ts$/, dependencies: ["setup"] },
    { name: "accessibility-populated", testMatch: /accessibility-populated\.spec\.ts$/, dependencies: ["returns-live"] },
  ],
  webServer: {
    command: "tsx tests/demo/start.ts --no-build --fresh",
    cwd: "../..",
    url: `http://localhost:${appPort}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    // The living store (new orders and webhooks every few seconds) is off: specs assert on fixed data.
    env: { DEMO_APP_PORT: String(appPort), DEMO_ADMIN_PORT: String(adminPort), DEMO_DB: ".demo/e2e.sqlite", DEMO_LIVE_ORDERS_PER_MINUTE: "0" },
  },
});
