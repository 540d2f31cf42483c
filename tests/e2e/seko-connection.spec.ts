import { expect, test } from "@playwright/test";
import { SEKO_TEST_KEYS, trackingEvent } from "../mocks/seko";

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
