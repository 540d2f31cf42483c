import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { SEKO_TEST_KEYS } from "../mocks/seko";

/**
 * Step 3 is done only while a key is connected in the environment chosen in
 * Settings: a merchant connects OmniRPS on Test, switches to Production and
 * watches the step reopen with its reason on Home, then switches back. The
 * tests run in order against the shared demo database and leave the shop on
 * Test with no OmniRPS key, as the later specs expect.
 */
const ADMIN = "/store/demo-returns-store/apps/seko-returns";

test.describe.configure({ mode: "serial" });

async function open(page: Page, subpath = ""): Promise<FrameLocator> {
  await page.goto(`${ADMIN}${subpath}`);
  return page.frameLocator("#app-frame");
}

function stepThree(home: FrameLocator) {
  const toggle = home.getByRole("button", { name: "3. SEKO account set-up" });
  return { toggle, row: home.getByRole("list", { name: "Setup steps" }).getByRole("listitem").filter({ has: toggle }) };
}

async function chooseEnvironment(page: Page, environment: "test" | "production") {
  const settings = await open(page, "/settings");
  await settings.getByLabel("SEKO environment").selectOption(environment);
  await settings.getByRole("button", { name: "Save connection settings" }).click();
  await expect(settings.getByText("Connection settings saved.")).toBeVisible();
}

const REASON = "Reopened: no Production connection to OmniRPS yet";

test("a merchant's OmniRPS key on Test completes step 3, credited to nobody but the merchant", async ({ page }) => {
  const settings = await open(page, "/settings");
  await settings.getByLabel("OmniRPS token").fill(SEKO_TEST_KEYS.omnirps.token);
  await settings.getByLabel("Retailer name").fill(SEKO_TEST_KEYS.omnirps.retailerName);
  await settings.getByRole("button", { name: /^(Connect OmniRPS|Replace OmniRPS key)$/ }).click();
  await expect(settings.getByText("OmniRPS connected.")).toBeVisible();

  const home = await open(page);
  const { toggle, row } = stepThree(home);
  await expect(row).toContainText("Done");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await expect(row.getByText(/^Connected to .*OmniRPS.* \(Test\)\.$/)).toBeVisible();
  await expect(row).not.toContainText("Completed by SEKO");
  await expect(home.getByRole("alert").filter({ hasText: "Reopened" })).toHaveCount(0);
});

test("switching to Production reopens step 3 and Home says why; switching back closes it again", async ({ page }) => {
  await chooseEnvironment(page, "production");
  let home = await open(page);
  const banner = home.getByRole("alert").filter({ hasText: REASON });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("3. SEKO account set-up");
  await expect(banner.getByRole("link", { name: "Connect SEKO accounts" })).toBeVisible();
  await expect(stepThree(home).row).toContainText("Reopened");
  await expect(stepThree(home).row).not.toContainText("Done");

  await chooseEnvironment(page, "test");
  home = await open(page);
  await expect(stepThree(home).row).toContainText("Done");
  await expect(home.getByText(REASON)).toHaveCount(0);
});

test("leaves no OmniRPS key behind for the specs after it", async ({ page }) => {
  const settings = await open(page, "/settings");
  await settings.getByRole("button", { name: "Remove the OmniRPS key" }).click();
  await expect(settings.getByText("OmniRPS (test) removed.")).toBeVisible();
});
