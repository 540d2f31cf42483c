import { expect, test } from "@playwright/test";
import { SEKO_TEST_KEYS, trackingEvent } from "../mocks/seko";
import { hydrated, openApp } from "./app-frame";

const SETTINGS = "/store/demo-returns-store/apps/seko-returns/settings";

test("a merchant connects OmniReturns; the page never shows the key again", async ({ page }) => {
  await page.goto(SETTINGS);
  const app = page.frameLocator("#app-frame");
  await app.getByLabel("OmniReturns access key").fill("or_not_a_real_key");
  await app.getByRole("button", { name: "Connect OmniReturns" }).click();
  await expect(app.getByText(/rejected|not accepted|access key/i).first()).toBeVisible();

  await app.getByLabel("OmniReturns access key").fill(SEKO_TEST_KEYS.omnireturns);
  await app.getByRole("button", { name: "Connect OmniReturns" }).click();
  await expect(app.getByText("OmniReturns connected.")).toBeVisible();
  await expect(app.getByText(`Key ending in ${SEKO_TEST_KEYS.omnireturns.slice(-4)}`)).toBeVisible();
  await expect(app.getByLabel("OmniReturns access key")).toHaveValue("");
  await expect(app.locator("body")).not.toContainText(SEKO_TEST_KEYS.omnireturns);
  // The demo lists its keys until they are connected, so the first document carried it; loaded again, the page holds it nowhere.
  await page.reload();
  await hydrated(page);
  const html = await page.frame({ url: /localhost:3100/ })!.content();
  expect(html).not.toContain(SEKO_TEST_KEYS.omnireturns);
});

test("tracking events SEKO posts show up under Latest events", async ({ page, request }) => {
  await page.goto(SETTINGS);
  const app = page.frameLocator("#app-frame");
  await app.getByRole("button", { name: /tracking webhook credentials|Rotate URL/ }).click();
  const password = await app.getByTestId("tracking-password").textContent();
  // All three from the banner that shows them once: the page's own URL field may still show the old address for a moment.
  const url = (await app.getByTestId("tracking-url").textContent())!;
  const username = (await app.getByTestId("tracking-username").textContent())!;
  expect(password).toBeTruthy();

  const response = await request.post(url, {
    headers: { Username: username, Password: password! },
    data: [trackingEvent({ ConsignmentNo: "SEKO7654321", Code: "RC" }), trackingEvent({ ConsignmentNo: "SEKO7654321", Code: "ZZ9", Status: "New SEKO status" })],
  });
  expect(response.status()).toBe(200);
  const refused = await request.post(url, { headers: { Username: username, Password: "wrong" }, data: [trackingEvent()] });
  expect(refused.status()).toBe(401);

  await page.reload();
  const table = app.getByRole("table");
  await expect(table.getByText("SEKO7654321").first()).toBeVisible();
  await expect(table.getByText("RC · Return Created")).toBeVisible();
  await expect(table.getByText("ZZ9 (unknown code)")).toBeVisible();
});

test("deliveries SEKO makes with wrong credentials show on Settings and Home until one is accepted", async ({ page, request }) => {
  await page.goto(SETTINGS);
  let app = page.frameLocator("#app-frame");
  await app.getByRole("button", { name: /tracking webhook credentials|Rotate URL/ }).click();
  const password = (await app.getByTestId("tracking-password").textContent())!;
  const url = (await app.getByTestId("tracking-url").textContent())!;
  const username = (await app.getByTestId("tracking-username").textContent())!;
  expect(password).toBeTruthy();

  // SEKO posts with a password typed wrong in OmniRPS, then with none at all.
  expect((await request.post(url, { headers: { Username: username, Password: `${password}x` }, data: [] })).status()).toBe(401);
  await page.reload();
  app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: /^SEKO's last status delivery was refused \(wrong username or password\), last at / })).toBeVisible();
  expect((await request.post(url, { data: [] })).status()).toBe(401);
  await page.reload();
  const refused = /^SEKO's last 2 status deliveries were refused \(no credentials\), last at /;
  await expect(app.getByRole("heading", { name: refused })).toBeVisible();
  await expect(app.getByText("No delivery from SEKO accepted with these credentials yet.")).toBeVisible();

  // Home says the same, with what to do and the way to Settings.
  app = await openApp(page);
  await expect(app.getByRole("heading", { name: refused })).toBeVisible();
  await expect(app.getByText(/Give SEKO the webhook URL, username and password from Settings/)).toBeVisible();
  await expect(app.getByRole("link", { name: "Open Settings" }).or(app.getByRole("button", { name: "Open Settings" }))).toBeVisible();

  // The right credentials again: accepted, and the banner is gone from both pages.
  expect((await request.post(url, { headers: { Username: username, Password: password }, data: [] })).status()).toBe(200);
  await page.reload();
  app = await hydrated(page);
  await expect(app.getByRole("heading", { name: "Setup guide" }).or(app.getByText(/Returns are live with SEKO/))).toBeVisible();
  await expect(app.getByText(/status deliver(y was|ies were) refused/)).toHaveCount(0);
  app = await openApp(page, "/settings");
  await expect(app.getByText(/^Last delivery from SEKO accepted /)).toBeVisible();
  await expect(app.getByText(/status deliver(y was|ies were) refused/)).toHaveCount(0);
});
