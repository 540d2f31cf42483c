import { defineConfig, devices } from "@playwright/test";
import { chromiumPath } from "../setup/chromium";

/**
 * Browser tests against the offline demo on their own ports and database.
 * Chromium comes from Debian (`apt-get install chromium`); Playwright never
 * downloads a browser here (docs/demo-and-testing.md).
 */
const appPort = 3100;
const adminPort = 3101;
// The newcomer's walk (newcomer-walk.spec.ts) has a demo of its own, started fresh: no other spec touches its store.
const walkAppPort = 3102;
const walkAdminPort = 3103;
/**
 * tests/demo/start.ts's start-up banner, as a newcomer reads it: the address to open and the simulated SEKO's keys.
 * Playwright stores each named group in process.env (webServer.wait), where newcomer-walk.spec.ts reads it.
 */
const WALK_BANNER =
  /offline demo is ready \((?<NEWCOMER_DEMO_SECONDS>[\d.]+)s\)\.\n\s*Open (?<NEWCOMER_DEMO_URL>\S+)\n[\s\S]*?OmniReturns access key +(?<NEWCOMER_OMNIRETURNS_KEY>\S+)\n\s*OmniRPS token +(?<NEWCOMER_OMNIRPS_TOKEN>\S+)\n\s*Retailer name +(?<NEWCOMER_RETAILER_NAME>\S[^\n]*?) *\n\s*OmniParcel access key +(?<NEWCOMER_OMNIPARCEL_KEY>\S+)\n/;

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
    // From the start-up banner to a live return, on the second demo (below): it needs nothing the others did, and they never see its store.
    // Listed first, it runs first: the shared store's specs then run back to back, as they did before it.
    { name: "newcomer-walk", testMatch: /newcomer-walk\.spec\.ts$/, use: { baseURL: `http://localhost:${walkAdminPort}` } },
    { name: "setup", testIgnore: [/returns-(live|portal|in-shopify)\.spec\.ts$/, /accessibility-populated\.spec\.ts$/, /newcomer-walk\.spec\.ts$/] },
    // returns-portal.spec.ts (a customer's live returns, from the storefront) runs after the launch: files run in name order.
    { name: "returns-live", testMatch: /returns-(live|portal)\.spec\.ts$/, dependencies: ["setup"] },
    // Returns written into Shopify, after the customers' returns: its name sorts before returns-live's, so it has its own project.
    { name: "returns-in-shopify", testMatch: /returns-in-shopify\.spec\.ts$/, dependencies: ["returns-live"] },
    { name: "accessibility-populated", testMatch: /accessibility-populated\.spec\.ts$/, dependencies: ["returns-in-shopify"] },
  ],
  webServer: [
    {
      command: "tsx tests/demo/start.ts --no-build --fresh",
      cwd: "../..",
      url: `http://localhost:${appPort}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      // The living store (new orders and webhooks every few seconds) is off: specs assert on fixed data.
      env: { DEMO_APP_PORT: String(appPort), DEMO_ADMIN_PORT: String(adminPort), DEMO_DB: ".demo/e2e.sqlite", DEMO_LIVE_ORDERS_PER_MINUTE: "0" },
    },
    {
      // The walk's demo, ready once it printed its start-up banner. What a newcomer reads there (the address to open,
      // the SEKO keys) Playwright keeps from the printed text, as NEWCOMER_* variables the spec reads.
      command: "tsx tests/demo/start.ts --no-build --fresh",
      cwd: "../..",
      wait: { stdout: WALK_BANNER },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      env: {
        DEMO_APP_PORT: String(walkAppPort),
        DEMO_ADMIN_PORT: String(walkAdminPort),
        DEMO_DB: ".demo/walk/demo.sqlite",
        DEMO_MAIL_DIR: ".demo/walk/mail",
        DEMO_LIVE_ORDERS_PER_MINUTE: "0",
      },
    },
  ],
});
