import { expect, test } from "@playwright/test";

const ADMIN = "/store/demo-returns-store/apps/seko-returns";

test("the app loads inside the simulated admin with the setup guide", async ({ page }) => {
  await page.goto(ADMIN);
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: "Setup guide" })).toBeVisible();
  await expect(app.getByText("0 of 10 complete")).toBeVisible();
  const steps = app.getByRole("list", { name: "Setup steps" }).getByRole("listitem");
  await expect(steps).toHaveCount(10);
  await expect(app.getByText("Welcome, Demo Returns Store.")).toBeVisible();
  // The title bar reaches the admin frame through App Bridge.
  await expect(page.getByRole("heading", { name: "SEKO Returns", level: 1 })).toBeVisible();
});

test("Home opens the next step with its button, and only that one", async ({ page }) => {
  await page.goto(ADMIN);
  const app = page.frameLocator("#app-frame");
  const steps = app.getByRole("list", { name: "Setup steps" }).getByRole("listitem");
  await expect(app.getByRole("button", { name: "1. On-boarding form" })).toHaveAttribute("aria-expanded", "true");
  await expect(steps.filter({ has: app.locator('button[aria-expanded="true"]') })).toHaveCount(1);
  await expect(steps.first().getByRole("link", { name: "Start the on-boarding form" })).toHaveAttribute("href", /\/app\/steps\/onboarding-form/);
});

test("setup steps expand with the keyboard", async ({ page }) => {
  await page.goto(ADMIN);
  const app = page.frameLocator("#app-frame");
  const contracts = app.getByRole("button", { name: "2. Contracts" });
  await expect(contracts).toHaveAttribute("aria-expanded", "false");
  await contracts.focus();
  await page.keyboard.press("Enter");
  await expect(contracts).toHaveAttribute("aria-expanded", "true");
  await expect(app.getByText("Review and sign the SEKO Agreement", { exact: false })).toBeVisible();
});

test("admin navigation reaches Settings and back without reloading the app", async ({ page }) => {
  await page.goto(ADMIN);
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: "Setup guide" })).toBeVisible();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("listitem").filter({ hasText: "Settings" }).click();
  await expect(app.getByText("Connected to demo-returns-store.myshopify.com")).toBeVisible();
  await expect(page).toHaveURL(/\/apps\/seko-returns\/settings$/);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "SEKO Returns" }).click();
  await expect(app.getByRole("heading", { name: "Setup guide" })).toBeVisible();
});

test("a reload of the settings page comes back to settings", async ({ page }) => {
  await page.goto(`${ADMIN}/settings`);
  const app = page.frameLocator("#app-frame");
  await expect(app.getByText("Connected to demo-returns-store.myshopify.com")).toBeVisible();
  await page.reload();
  await expect(app.getByText("Connected to demo-returns-store.myshopify.com")).toBeVisible();
});

test("offline, only the App Bridge stand-in loads: nothing is fetched from Shopify's CDN, and both origins have an icon", async ({ page, request }) => {
  const cdn: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).hostname === "cdn.shopify.com") cdn.push(r.url());
  });
  await page.goto(`${ADMIN}/integration`);
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: "5. Shopify integration" })).toBeVisible();
  await page.goto(`${ADMIN}/settings`);
  await expect(app.getByText("Connected to demo-returns-store.myshopify.com")).toBeVisible();
  expect(cdn).toEqual([]);
  const adminIcon = await request.get("/favicon.ico");
  expect(adminIcon.status()).toBe(200);
  expect(adminIcon.headers()["content-type"]).toBe("image/png");
  const appSrc = await page.locator("#app-frame").getAttribute("src");
  const appIcon = await request.get(new URL("/favicon.svg", appSrc!).toString());
  expect(appIcon.status()).toBe(200);
});
