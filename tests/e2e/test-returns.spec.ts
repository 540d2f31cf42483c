import { openApp } from "./app-frame";
import { expect, type Page, test } from "@playwright/test";
import { SEKO_TEST_KEYS } from "../mocks/seko";
import { expectRealLabel } from "./label-file";

const APP = "http://localhost:3100";

const open = openApp;

/**
 * What a merchant does before step 9, done here so the spec stands alone (other specs share the
 * demo database; each action below is harmless to repeat): SEKO's test keys, the tracking webhook
 * handed to the simulated SEKO, step 1's reasons and countries saved, the orders synced.
 */
async function prepare(page: Page) {
  let app = await open(page, "/settings");
  for (const [name, key] of [
    ["OmniReturns", SEKO_TEST_KEYS.omnireturns],
    ["OmniParcel", SEKO_TEST_KEYS.omniparcel],
  ] as const) {
    await app.getByLabel(`${name} access key`).fill(key);
    await app.getByRole("button", { name: new RegExp(`^(Connect ${name}|Replace ${name} key)$`) }).click();
    await expect(app.getByText(`${name} connected.`)).toBeVisible();
  }
  await app.getByRole("button", { name: /tracking webhook credentials|Rotate URL/ }).click();
  const password = await app.getByTestId("tracking-password").textContent();
  // All three from the banner that shows them once: the page's own URL field may still show the old address for a moment.
  const url = (await app.getByTestId("tracking-url").textContent())!;
  const username = (await app.getByTestId("tracking-username").textContent())!;
  // The merchant types these into OmniRPS; from then on the simulated SEKO posts each label's statuses.
  const handed = await page.request.post(`${APP}/__simulated-seko/webhook`, { data: { url, username, password, stepMs: 700 } });
  expect(handed.status()).toBe(200);

  app = await open(page, "/steps/onboarding-form");
  const policy = app.getByRole("form", { name: "Returns policy" });
  const reasons = policy.getByLabel("Return reasons (optional)", { exact: true });
  // Typed until it sticks: a value typed while the page is still hydrating is reset by React.
  await expect(async () => {
    await reasons.fill("Too small\nFaulty");
    await page.waitForTimeout(300);
    await expect(reasons).toHaveValue("Too small\nFaulty", { timeout: 500 });
  }).toPass();
  await policy.getByLabel("Reasons that need review (optional)", { exact: true }).fill("Faulty");
  await policy.getByRole("checkbox", { name: "Refund", exact: true }).check();
  await policy.getByRole("button", { name: "Save Returns policy" }).click();
  await expect(policy.getByText("Saved.")).toBeVisible();
  const countries = app.getByRole("form", { name: "Countries and label costs" });
  // Saved already when an earlier spec filled step 1 (the button is then disabled: nothing to save).
  const saveCountries = countries.getByRole("button", { name: "Save Countries and label costs" });
  if (await saveCountries.isEnabled()) {
    await saveCountries.click();
    await expect(countries.getByText("Saved.")).toBeVisible();
  }

  app = await open(page, "/integration");
  await expect(app.getByRole("heading", { name: "5. Shopify integration" })).toBeVisible();
  const start = app.getByRole("button", { name: "Start sync" });
  if (await start.isVisible()) {
    await start.click();
    await expect(app.getByText("Synced", { exact: true })).toBeVisible({ timeout: 30_000 });
  }
}

/** Chooses the first order shipped to `country` and creates a test return on it. */
async function createReturn(page: Page, country: string, reason: string) {
  const app = await open(page, "/steps/test-returns");
  await expect(app.getByRole("heading", { name: "9. Test returns" })).toBeVisible();
  await app.getByLabel("Ships to").selectOption({ label: country });
  await app.getByRole("button", { name: "Search", exact: true }).click();
  const orders = app.getByRole("list", { name: "Orders" });
  await expect(orders.getByRole("listitem").first()).toContainText(country);
  await orders
    .getByRole("button", { name: /^Choose / })
    .first()
    .click();
  const form = app.getByRole("form", { name: /^Test return on / });
  // The form opens below the twenty orders: "Choose" brings it into view with its first field focused.
  const firstField = form.getByRole("spinbutton").first();
  await expect(firstField).toBeFocused();
  await expect(firstField).toBeInViewport();
  await form.getByLabel("Return reason").selectOption(reason);
  await form.getByLabel("Returned from").selectOption({ label: country });
  await form.getByRole("button", { name: /^Create test return/ }).click();
  await expect(form.getByText("Test return created.")).toBeVisible();
  await form.getByRole("link", { name: "Open it" }).click();
  await expect(app.getByRole("heading", { name: /^Test return on / })).toBeVisible();
  return app;
}

test("step 9: test returns from two countries, the label shown, the timeline played through the receiver, a voided label, a faulty return reviewed, label costs confirmed, the checklist ticking", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await prepare(page);

  // A return from Australia: the label, its consignment and tracking link, and SEKO's statuses arriving.
  let app = await createReturn(page, "Australia", "Too small");
  await expect(app.getByText("Test", { exact: true }).first()).toBeVisible();
  await expect(app.getByText(/^Consignment SEKO\d+/)).toBeVisible();
  await expect(app.frameLocator('iframe[title^="Return label SEKO"]').locator("body")).toBeAttached();
  // The label the preview shows is a real one: a PDF of one 100 × 150 mm page naming its consignment.
  const labelConnote = /SEKO\d+/.exec((await app.getByText(/^Consignment SEKO\d+/).textContent()) ?? "")![0];
  await expectRealLabel(page.frame({ url: /localhost:3100\/app\/steps\/test-returns\// })!, labelConnote);
  await expect(app.getByRole("link", { name: "Tracking page" })).toHaveAttribute("href", /track\.omnirps\.com/);
  const timeline = app.getByRole("list", { name: "Tracking timeline" });
  await expect(timeline.locator('li[data-reached="yes"]').filter({ hasText: "Return Created (RC)" })).toBeVisible();
  await expect(timeline.locator('li[data-reached="yes"]').filter({ hasText: "Delivered Back To Retailer (RDBTC)" })).toBeVisible({ timeout: 40_000 });
  await expect(timeline.locator('li[data-reached="yes"]')).toHaveCount(7);
  // The page's status is where the timeline is, not "Label created".
  await expect(app.getByText("Delivered Back To Retailer", { exact: true })).toBeVisible();
  // Each status's email as this return's customer would read it (step 8 may have switched Return in Transit on): never raw Liquid.
  await expect(timeline).not.toContainText("{{");
  await expect(timeline.getByRole("listitem").filter({ hasText: "Return in Transit (RT)" })).toContainText(/No customer email|Email: Your return SEKO\d+: Return in Transit/);
  // What the customer-account block would show for it (customers never see a test return).
  const block = app.getByRole("region", { name: "Return status block preview" });
  await expect(block).toContainText("Your return");
  await expect(block).toContainText("Delivered back to the store");
  await expect(block).toContainText(/Updated \w+ \d{1,2}, \d{4}/);
  await app.getByRole("button", { name: "Void label" }).click();
  await expect(app.getByText("Label voided with SEKO.")).toBeVisible();
  await expect(app.getByText("Label voided", { exact: true })).toBeVisible();

  // Step 8's "What your customers would have received" renders this return's emails with its own order and consignment, not the sample's.
  const orderName = (await app.getByRole("heading", { name: /^Test return on / }).textContent())!.replace(/^Test return on /, "");
  const connote = /SEKO\d+/.exec((await app.getByText(/^Consignment SEKO\d+/).textContent())!)![0];
  const returned = (await app.getByRole("list", { name: "Items" }).getByRole("listitem").first().textContent())!.replace(/^\d+ × /, "");
  app = await open(page, "/steps/notifications");
  const tracked = app.getByRole("list", { name: "Tracking events of test returns" });
  const created = tracked
    .getByRole("listitem")
    .filter({ hasText: `Return Created · ${orderName}` })
    .first()
    .getByRole("button", { name: "Show the Return Created email" });
  // The subject carries the return's own consignment as its reference; the email, the order and the items returned.
  await expect(created).toContainText(connote);
  await created.click();
  // The step's own editor preview (sample data) is on the page too: this one is the return's email.
  const email = app.frameLocator(`[data-testid="email-preview"][srcdoc*="${connote}"]`).locator("body");
  await expect(email).toContainText(orderName);
  await expect(email).toContainText(returned);
  await expect(email).not.toContainText("Hi Alex");
  await expect(email).not.toContainText("Linen shirt");

  // A faulty item from New Zealand: on hold, accepted with a free label, which then exists.
  app = await createReturn(page, "New Zealand", "Faulty");
  await expect(app.getByRole("heading", { name: "On hold for review" })).toBeVisible();
  await app.getByRole("button", { name: "Accept with a free label" }).click();
  await expect(app.getByText("Decision recorded: Accept with a free label.")).toBeVisible();
  await expect(app.frameLocator('iframe[title^="Return label SEKO"]').locator("body")).toBeAttached();
  await expect(app.getByText(/^Decision: Accept with a free label, by /)).toBeVisible();

  // The same items of that order cannot go into a second test return while this one is open: the form says so and creates nothing.
  app = await open(page, "/steps/test-returns");
  await app.getByLabel("Ships to").selectOption({ label: "New Zealand" });
  await app.getByRole("button", { name: "Search", exact: true }).click();
  await app
    .getByRole("list", { name: "Orders" })
    .getByRole("button", { name: /^Choose / })
    .first()
    .click();
  const again = app.getByRole("form", { name: /^Test return on / });
  await expect(again.getByText(/in an open test return/).first()).toBeVisible();
  const quantities = again.getByRole("spinbutton");
  for (let index = 0; index < (await quantities.count()); index++) {
    const field = quantities.nth(index);
    await field.fill((await field.getAttribute("max")) ?? "1");
  }
  await again.getByRole("button", { name: /^Create test return/ }).click();
  await expect(again.getByText(/already in an open test return of this order/i).first()).toBeVisible();
  await expect(again.getByText("Test return created.")).toHaveCount(0);

  // The label costs: a rate per country, confirmed as a new version.
  app = await open(page, "/steps/test-returns/label-costs");
  await expect(app.getByRole("heading", { name: "Cost per return" })).toBeVisible();
  await expect(app.getByRole("table")).toContainText("Australia");
  const costs = app.getByRole("table").filter({ hasText: "Your cost per return" });
  // Both countries have test labels by now: each is quoted from there, never refused as "no synced order ships there".
  for (const country of ["Australia", "New Zealand"]) {
    const row = costs.getByRole("row").filter({ has: app.getByRole("rowheader", { name: country, exact: true }) });
    await expect(row.getByRole("cell").first()).toHaveText(/^\d+\.\d{2} [A-Z]{3} \(/);
    await expect(row).not.toContainText("no synced order ships there");
  }
  // Every money figure names its currency (the rate, the customer's price, the cost per return, the warnings).
  expect(await costs.innerText()).not.toMatch(/\d\.\d{2}(?! [A-Z]{3}\b)/);
  // A long warning wraps inside its column instead of running out of sight.
  for (const warnings of await costs.getByRole("list", { name: /^Warnings for / }).all()) {
    expect(await warnings.evaluate((node) => [getComputedStyle(node).whiteSpace, node.scrollWidth <= node.clientWidth + 1])).toEqual(["normal", true]);
  }
  await app.getByRole("button", { name: "Confirm these label costs" }).click();
  await expect(app.getByText(/^Label costs confirmed \(version \d+\)\.$/)).toBeVisible();

  // The checklist ticked itself from all that.
  app = await open(page, "/steps/test-returns");
  const checklist = app.getByRole("list", { name: "Test checklist" });
  for (const item of ["Every return reason used", "The faulty-item flow: a held return reviewed", "Label cost by country confirmed"]) {
    await expect(checklist.locator('li[data-done="yes"]').filter({ hasText: item })).toBeVisible();
  }
  const returns = app.getByRole("list", { name: "Test returns" });
  await expect(returns.getByRole("listitem").filter({ hasText: "from Australia" }).first()).toContainText("Label voided");
  await expect(returns.getByRole("listitem").filter({ hasText: "from New Zealand" }).first()).toContainText("Label created");
});

test("step 10: a go-live date proposed and agreed with a countdown, the procedure acknowledged, the gate saying what is still open", async ({ page }) => {
  const app = await open(page, "/steps/go-live");
  await expect(app.getByRole("heading", { name: "10. Go live" })).toBeVisible();
  // Fourteen days ahead in the shop's calendar (the demo shop is in Auckland): the countdown counts the shop's days.
  const soon = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Auckland" }).format(Date.now() + 14 * 86_400_000);
  // The page writes that day as the shop's locale does (en-NZ: "19 Dec 2026"), not as the ISO text typed.
  const soonShown = new Intl.DateTimeFormat("en-NZ", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(soon));
  const proposed = app.getByLabel("Proposed date");
  // Typed until it sticks: a value typed while the page is still hydrating is reset by React.
  await expect(async () => {
    await proposed.fill(soon);
    await page.waitForTimeout(300);
    await expect(proposed).toHaveValue(soon, { timeout: 500 });
  }).toPass();
  await app.getByRole("button", { name: "Propose this date" }).click();
  await expect(app.getByText(`Proposed ${soonShown} by `)).toBeVisible();
  await app.getByLabel("Confirmed by").selectOption("seko");
  await app.getByRole("button", { name: "Record the agreed date" }).click();
  await expect(app.getByText(`Agreed: ${soonShown} (confirmed by SEKO by `)).toBeVisible();
  await expect(app.getByText("14 days to go-live", { exact: true })).toBeVisible();
  // Who vouched for it and when (in the shop's zone and locale: the demo shop is in Auckland, en-NZ), by name; the agreed date went to SEKO, listed as delivered and in SEKO's inbox (the demo's outbox).
  await expect(app.getByText(new RegExp(`^Agreed: ${soonShown} \\(confirmed by SEKO by Demo Merchant \\(.+\\) on \\d{1,2} \\w{3} \\d{4}, \\d{1,2}:\\d{2}\\s[ap]m NZ[DS]T\\)\\.$`))).toBeVisible();
  await expect(app.getByText(`Go-live date ${soonShown} agreed and sent to SEKO.`)).toBeVisible();
  await expect(app.getByRole("list", { name: "Agreed dates sent to SEKO" }).getByRole("listitem").first()).toContainText("Delivered to SEKO");
  const outbox = await page.context().newPage();
  await outbox.goto("/outbox");
  await expect(outbox.getByRole("link", { name: /^Agreed go-live date \(version \d+\) from demo-returns-store\.myshopify\.com$/ }).first()).toBeVisible();
  await outbox.close();

  await app.getByLabel("Procedure link").fill("https://seko.example/customer-service-procedure");
  await app.getByRole("button", { name: "Save link" }).click();
  await app.getByRole("button", { name: "I have read it and our team will follow it" }).click();
  await expect(app.getByText(/acknowledged by /)).toBeVisible();
  await expect(app.getByText(/ · acknowledged by Demo Merchant \(.+\) on \d{1,2} \w{3} \d{4}, \d{1,2}:\d{2}\s[ap]m NZ[DS]T$/)).toBeVisible();

  const gate = app.getByRole("list", { name: "Go-live checks" });
  await expect(gate.getByRole("listitem").filter({ hasText: "Go-live date agreed with SEKO" })).toContainText("Done");
  await expect(gate.getByRole("listitem").filter({ hasText: "Customer-service procedure acknowledged" })).toContainText("Done");
  // Not every earlier step is done in this demo: the gate names them and Go live stays shut.
  await expect(gate.getByRole("listitem").filter({ hasText: "Every earlier step done or not needed" })).toContainText("Still open:");
  // The customer-account extension's status block is advisory: shown with the editor link, never holding Go live.
  const customerAccounts = gate.getByRole("listitem").filter({ hasText: "Return status in customer accounts (recommended)" });
  await expect(customerAccounts).toContainText("Recommended");
  await expect(customerAccounts.getByRole("link", { name: "Open the customer accounts editor" })).toHaveAttribute(
    "href",
    "https://demo-returns-store.myshopify.com/admin/settings/checkout/editor?page=order-status&context=apps",
  );
  await expect(app.getByRole("button", { name: "Go live" })).toBeDisabled();
});
