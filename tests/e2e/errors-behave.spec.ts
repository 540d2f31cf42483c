import path from "node:path";
import { createClient } from "@libsql/client";
import { openApp } from "./app-frame";
import { expect, test, type FrameLocator } from "@playwright/test";
import { SEKO_TEST_KEYS } from "../mocks/seko";

/**
 * Errors as a merchant meets them: they belong to the values on screen and
 * clear once a value is fixed or saved; the unanswered questions link to
 * themselves; a removed team member can be added again; a refused SEKO key is
 * named at its field. Runs in order against the shared demo database and
 * leaves it as it found it (later specs walk the same steps).
 */
const SHOP = "demo-returns-store.myshopify.com";
const DEMO_DB = path.resolve(process.env.DEMO_DB ?? ".demo/e2e.sqlite");

test.describe.configure({ mode: "serial" });

let client: ReturnType<typeof createClient> | undefined;
const database = () => (client ??= createClient({ url: `file:${DEMO_DB}` }));
let activityBefore = new Set<string>();

test.beforeAll(async () => {
  const rows = await database().execute({ sql: `SELECT id FROM "OnboardingActivity" WHERE shop = ?`, args: [SHOP] });
  activityBefore = new Set(rows.rows.map((row) => String(row.id)));
});

test.afterAll(async () => {
  const db = database();
  for (const table of ["OnboardingSection", "TeamMemberRequest", "SekoCredential"]) {
    await db.execute({ sql: `DELETE FROM "${table}" WHERE shop = ?`, args: [SHOP] });
  }
  const rows = await db.execute({ sql: `SELECT id FROM "OnboardingActivity" WHERE shop = ?`, args: [SHOP] });
  for (const row of rows.rows) {
    if (!activityBefore.has(String(row.id))) await db.execute({ sql: `DELETE FROM "OnboardingActivity" WHERE id = ?`, args: [String(row.id)] });
  }
  client?.close();
});

const open = openApp;

const section = (app: FrameLocator, name: string) => app.getByRole("form", { name });

test("fixing an answer clears its error at once, and nothing stays red after Saved.", async ({ page }) => {
  const app = await open(page, "/steps/onboarding-form");
  const business = section(app, "Business and contacts");
  const email = business.getByLabel("Main contact email", { exact: true });
  const phone = business.getByLabel("Main contact phone (optional)", { exact: true });
  // Filled in from Shopify, and said to be not saved yet.
  await expect(email).not.toHaveValue("");
  await expect(business.getByText("From your Shopify store, not saved yet.").first()).toBeVisible();

  await email.fill("not-an-email");
  await phone.fill("call Ana");
  await business.getByRole("button", { name: "Save Business and contacts" }).click();
  const emailError = business.getByText("Enter an email address like name@example.com");
  const phoneError = business.getByText("Enter a phone number using digits, spaces and an optional leading +");
  await expect(emailError).toBeVisible();
  await expect(phoneError).toBeVisible();

  await email.fill("ana@demo-returns.example");
  await expect(emailError).toHaveCount(0);
  await expect(phoneError).toBeVisible();
  await phone.fill("+64 9 555 0123");
  await expect(phoneError).toHaveCount(0);
  await business.getByRole("button", { name: "Save Business and contacts" }).click();
  await expect(business.getByText("Saved.")).toBeVisible();
  await expect(business.getByText("Some answers need fixing")).toHaveCount(0);
  await expect(email).not.toHaveAttribute("aria-invalid", "true");

  // "1,200" is 1200; more returns than orders is questioned until confirmed.
  const volumes = section(app, "Expected volumes");
  await volumes.getByLabel("Orders per month (optional)", { exact: true }).fill("1,200");
  await volumes.getByLabel("Returns per month", { exact: true }).fill("1,500");
  await expect(volumes.getByText("More returns than orders?")).toBeVisible();
  const questioned = volumes.getByText(/That is more returns than orders a month/);
  await expect(questioned).toHaveCount(1);
  await volumes.getByRole("button", { name: "Save Expected volumes" }).click();
  // Refused: the warning, and now the same words at the field.
  await expect(questioned).toHaveCount(2);
  await expect(volumes.getByLabel("Returns per month", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await volumes.getByLabel("Preferred go-live date (optional)", { exact: true }).fill("2020-01-01");
  await volumes.getByRole("checkbox", { name: "These numbers are right" }).check();
  await expect(questioned).toHaveCount(1);
  await volumes.getByRole("button", { name: "Save Expected volumes" }).click();
  await expect(volumes.getByText("Choose today or a later date: a go-live date cannot be in the past")).toBeVisible();
  await volumes.getByLabel("Preferred go-live date (optional)", { exact: true }).fill("");
  await expect(volumes.getByText(/go-live date cannot be in the past/)).toHaveCount(0);
  await volumes.getByRole("button", { name: "Save Expected volumes" }).click();
  await expect(volumes.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(section(page.frameLocator("#app-frame"), "Expected volumes").getByLabel("Orders per month (optional)", { exact: true })).toHaveValue("1200");
});

test("submitting with unanswered questions lists them as links that move to each question", async ({ page }) => {
  const app = await open(page, "/steps/onboarding-form");
  await app.getByRole("button", { name: "Submit to SEKO" }).click();
  const unanswered = app.getByRole("list", { name: "Unanswered questions" });
  await expect(unanswered.getByRole("link", { name: "Legal entity name" })).toBeVisible();
  // The country table was filled in from Shopify: it counts, saved with its section.
  await expect(unanswered.getByRole("link", { name: "Return countries" })).toHaveCount(0);
  await expect(section(app, "Countries and label costs").getByText(/^Last saved/)).toBeVisible();

  await unanswered.getByRole("link", { name: "Legal entity name" }).click();
  const legal = section(app, "Business and contacts").getByLabel("Legal entity name", { exact: true });
  await expect(legal).toBeFocused();

  // Keyboard: a link is reached with Tab-order focus and followed with Enter.
  await unanswered.getByRole("link", { name: "Days allowed to return" }).focus();
  await page.keyboard.press("Enter");
  await expect(section(app, "Returns policy").getByLabel("Days allowed to return", { exact: true })).toBeFocused();

  await legal.fill("Demo Returns Limited");
  await section(app, "Business and contacts").getByRole("button", { name: "Save Business and contacts" }).click();
  await expect(section(app, "Business and contacts").getByText("Saved.")).toBeVisible();
  await expect(unanswered.getByRole("link", { name: "Legal entity name" })).toHaveCount(0);
  await expect(unanswered.getByRole("link", { name: "Days allowed to return" })).toBeVisible();
});

test("the credit application starts from step 1's answers, marked as such", async ({ page }) => {
  const app = await open(page, "/steps/contracts");
  const company = section(app, "Company");
  await expect(company.getByLabel("Registered company name", { exact: true })).toHaveValue("Demo Returns Limited");
  await expect(company.getByText("From your on-boarding form (step 1), not saved yet.").first()).toBeVisible();
  await expect(company.getByLabel("Country of registration", { exact: true })).toHaveValue("NZ");
  // Each country once: no retired or alias code (UK, YU, CS) listed beside the current one.
  const countries = company.getByLabel("Country of registration", { exact: true }).locator("option");
  await expect(countries.filter({ hasText: /^United Kingdom$/ })).toHaveCount(1);
  await expect(countries.filter({ hasText: /^Serbia$/ })).toHaveCount(1);
  await company.getByLabel("Tax number (GST, ABN, VAT)", { exact: true }).fill("123-456-789");
  await company.getByRole("button", { name: "Save Company" }).click();
  const taxError = company.getByText(/GST \(IRD\) number/).last();
  await expect(taxError).toBeVisible();
  await company.getByLabel("Tax number (GST, ABN, VAT)", { exact: true }).fill("49-091-850");
  await expect(company.getByText(/check digit does not match/)).toHaveCount(0);
});

test("a removed team member can be added again; the form clears after adding", async ({ page }) => {
  const app = await open(page, "/steps/system-access");
  const add = app.getByRole("form", { name: "Add a team member" });
  const name = add.getByLabel("Name", { exact: true });
  const email = add.getByLabel("Email", { exact: true });
  const members = app.getByRole("list", { name: "Team members" });

  await name.fill("Casey Returns");
  await email.fill("casey@demo-returns.example");
  await add.getByRole("button", { name: "Add team member" }).click();
  await expect(members).toContainText("Casey Returns");
  await expect(name).toHaveValue("");
  await expect(email).toHaveValue("");

  await name.fill("Casey Returns");
  await email.fill("casey@demo-returns.example");
  await add.getByRole("button", { name: "Add team member" }).click();
  const duplicate = add.getByText("This person is already on the list");
  await expect(duplicate).toBeVisible();

  await app.getByRole("button", { name: "Remove Casey Returns" }).click();
  await expect(members).toHaveCount(0);
  await expect(duplicate).toHaveCount(0);
  await add.getByRole("button", { name: "Add team member" }).click();
  await expect(app.getByRole("list", { name: "Team members" })).toContainText("Casey Returns");
  await expect(email).toHaveValue("");
});

test("a refused SEKO key is named at its field, not in a banner sending the merchant to this page", async ({ page }) => {
  const app = await open(page, "/settings");
  const token = app.getByLabel("OmniRPS token");
  const retailer = app.getByLabel("Retailer name");
  // The demo names its SEKO's keys on this page, and suggests the retailer name that SEKO issued (step 1's legal name would be refused).
  const demoKeys = app.getByRole("list", { name: "The demo's SEKO keys" });
  await expect(demoKeys).toContainText(`OmniRPS token: ${SEKO_TEST_KEYS.omnirps.token}`);
  await expect(demoKeys).toContainText(`Retailer name: ${SEKO_TEST_KEYS.omnirps.retailerName}`);
  await expect(retailer).toHaveValue(SEKO_TEST_KEYS.omnirps.retailerName);
  await token.fill("rps_wrong_token_123");
  await retailer.fill(SEKO_TEST_KEYS.omnirps.retailerName);
  await app.getByRole("button", { name: "Connect OmniRPS" }).click();
  await expect(token).toHaveAttribute("aria-invalid", "true");
  await expect(app.getByText(`OmniRPS did not accept this token with the retailer name "${SEKO_TEST_KEYS.omnirps.retailerName}"`)).toBeVisible();
  await expect(app.getByText(/Check it in the SEKO connection settings/)).toHaveCount(0);

  await token.fill(SEKO_TEST_KEYS.omnirps.token);
  await expect(token).not.toHaveAttribute("aria-invalid", "true");
  await app.getByRole("button", { name: "Connect OmniRPS" }).click();
  await expect(app.getByText("OmniRPS connected.")).toBeVisible();
  await expect(app.getByText(`retailer "${SEKO_TEST_KEYS.omnirps.retailerName}"`)).toBeVisible();
  // Connected: the token is not shown again, not even by the demo's list.
  await expect(app.getByText(SEKO_TEST_KEYS.omnirps.token)).toHaveCount(0);
});

test("Home's activity log shows a run of uploads as one entry", async ({ page }) => {
  // Three uploads the app recorded, newest of all (removed again after this file, with the other new entries).
  const start = Date.now() + 60_000;
  for (const [index, count] of [1, 2, 1].entries()) {
    await database().execute({
      sql: `INSERT OR REPLACE INTO "OnboardingActivity" (id, shop, kind, actor, action, createdAt) VALUES (?, ?, 'orders.sent', 'app', ?, ?)`,
      args: [`e2e-upload-run-${index}`, SHOP, `Sent ${count} order${count === 1 ? "" : "s"} to SEKO`, start + index * 60_000],
    });
  }
  const home = await open(page);
  const log = home.getByRole("list", { name: "On-boarding activity" });
  await expect(log.getByText(/^Sent \d+ orders to SEKO in \d+ uploads$/).first()).toBeVisible();
  // Its span in the shop's time zone, named (the demo shop is in Auckland): "6 Dec 2026, 5:07 – 5:09 am NZDT".
  const run = log
    .getByRole("listitem")
    .filter({ hasText: /^Sent \d+ orders to SEKO in \d+ uploads/ })
    .first();
  await expect(run).toContainText(/by SEKO Returns app, \d{1,2} \w{3} \d{4}, \d{1,2}:\d{2}.*\d{1,2}:\d{2} [ap]m NZ[DS]T$/);
});
