import path from "node:path";
import { createClient } from "@libsql/client";
import { hydrated, openApp } from "./app-frame";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { DEMO_SHOP } from "../setup/config";

/**
 * A merchant completes steps 1-4 and 6 in the simulated admin. The tests run
 * in order against one demo database (playwright.config.ts starts it fresh).
 */
// playwright.config.ts gives the demo this database; a run on other ports may pass its own.
const DEMO_DB = path.resolve(process.env.DEMO_DB ?? ".demo/e2e.sqlite");

test.describe.configure({ mode: "serial" });

const CREDENTIAL_ID = "e2e-onboarding-credential";
let client: ReturnType<typeof createClient> | undefined;
const database = () => (client ??= createClient({ url: `file:${DEMO_DB}` }));

// Later specs (the SEKO connection's) connect accounts themselves: leave no credential behind.
test.afterAll(async () => {
  await database().execute({ sql: `DELETE FROM "SekoCredential" WHERE id = ?`, args: [CREDENTIAL_ID] });
  client?.close();
});

const open = openApp;

/** Opens a step of the setup guide (the next step is already open). */
async function expand(app: FrameLocator, name: string) {
  const toggle = app.getByRole("button", { name });
  await expect(toggle).toBeVisible();
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
}

/**
 * How many steps the guide counts as complete. Other specs share this demo
 * database (e.g. the integration step), so progress is asserted relative to it.
 */
async function completed(app: FrameLocator): Promise<number> {
  const text = await app.getByText(/\d+ of 10 complete/).textContent();
  return Number(/(\d+) of 10/.exec(text ?? "")?.[1]);
}

/** Steps other specs completed before these ran; read once, before step 1. */
let base = 0;

function section(app: FrameLocator, name: string) {
  return app.getByRole("form", { name });
}

/** Everything kept in this browser's localStorage, by every frame of the page (the app's and the admin's), as one text. */
async function keptInBrowser(page: Page): Promise<string> {
  const stores = await Promise.all(
    page.frames().map((frame) =>
      frame.evaluate(() => {
        try {
          return Object.entries(window.localStorage)
            .map(([key, value]) => `${key}=${value}`)
            .join("\n");
        } catch {
          return "";
        }
      }),
    ),
  );
  return stores.join("\n");
}

/** The app's own frame, where it keeps the questionnaire's unsaved edits. */
const appFrame = (page: Page) => page.frame({ url: /localhost:3100/ })!;

test("step 1: the on-boarding form, with an invalid answer and a reload mid-form, submitted to SEKO", async ({ page }) => {
  let app = await open(page);
  base = await completed(app);
  await app.getByRole("link", { name: "Start the on-boarding form" }).click();
  await expect(app.getByRole("heading", { name: "1. On-boarding form" })).toBeVisible();

  const business = section(app, "Business and contacts");
  await expect(business.getByLabel("Trading name", { exact: true })).toHaveValue("Demo Returns Store");
  await business.getByLabel("Legal entity name", { exact: true }).fill("Demo Returns Limited");
  await business.getByLabel("Main contact name", { exact: true }).fill("Ana Returns");
  await business.getByLabel("Main contact email", { exact: true }).fill("not-an-email");
  await expect(app.getByRole("region", { name: "Unsaved changes" })).toContainText("Business and contacts");
  await business.getByRole("button", { name: "Save Business and contacts" }).click();
  await expect(business.getByText("Enter an email address like name@example.com")).toBeVisible();
  await business.getByLabel("Main contact email", { exact: true }).fill("ana@demo-returns.example");
  await business.getByRole("button", { name: "Save Business and contacts" }).click();
  await expect(business.getByText("Saved.")).toBeVisible();

  const policy = section(app, "Returns policy");
  await policy.getByLabel("Days allowed to return", { exact: true }).fill("thirty");
  await policy.getByRole("button", { name: "Save Returns policy" }).click();
  await expect(policy.getByText("Enter a whole number")).toBeVisible();
  await policy.getByLabel("Days allowed to return", { exact: true }).fill("30");
  await policy.getByLabel("Order method", { exact: true }).selectOption("both");
  await policy.getByRole("checkbox", { name: "Refund", exact: true }).check();
  await policy.getByRole("checkbox", { name: "Exchange", exact: true }).check();
  await policy.getByRole("button", { name: "Save Returns policy" }).click();
  await expect(policy.getByText("Saved.")).toBeVisible();

  // Typed but not saved, then the page reloads: the answer comes back from this browser.
  let volumes = section(app, "Expected volumes");
  await volumes.getByLabel("Orders per month (optional)", { exact: true }).fill("500");
  await page.reload();
  app = await hydrated(page);
  volumes = section(app, "Expected volumes");
  await expect(volumes.getByText("Restored changes you had not saved yet.")).toBeVisible();
  await expect(volumes.getByLabel("Orders per month (optional)", { exact: true })).toHaveValue("500");
  await volumes.getByRole("checkbox", { name: "Ask my account manager about Returns per month" }).check();
  // The contextual save bar saves it.
  await app.getByRole("region", { name: "Unsaved changes" }).getByRole("button", { name: "Save all" }).click();
  await expect(volumes.getByText("Saved.")).toBeVisible();
  await expect(app.getByRole("region", { name: "Unsaved changes" })).toHaveCount(0);
  // Saved answers survive a reload too.
  await page.reload();
  app = await hydrated(page);
  await expect(section(app, "Business and contacts").getByLabel("Legal entity name", { exact: true })).toHaveValue("Demo Returns Limited");

  const countries = section(app, "Countries and label costs");
  await expect(countries.getByRole("checkbox", { name: "Returns from Australia" })).toBeChecked();
  await countries.getByLabel("Label for Australia paid by", { exact: true }).selectOption("customer");
  await countries.getByRole("button", { name: "Save Countries and label costs" }).click();
  await expect(countries.getByText("Enter what the customer pays")).toBeVisible();
  await countries.getByLabel("Amount the customer pays in Australia", { exact: true }).fill("9.50");
  await countries.getByRole("checkbox", { name: "Returns from Spain" }).uncheck();
  await countries.getByRole("button", { name: "Save Countries and label costs" }).click();
  await expect(countries.getByText("Saved.")).toBeVisible();

  await app.getByRole("button", { name: "Submit to SEKO" }).click();
  await expect(app.getByText("Delivered to your SEKO account manager.")).toBeVisible();
  await expect(app.getByRole("list", { name: "Submitted versions" })).toContainText("Delivered to SEKO");

  app = await open(page);
  await expect(app.getByText(`${base + 1} of 10 complete`)).toBeVisible();
  await expect(app.getByRole("list", { name: "On-boarding activity" })).toContainText("Submitted the on-boarding form to SEKO");
});

test("step 2: the credit application and the signed SEKO Agreement", async ({ page }) => {
  const app = await open(page);
  await expand(app, "2. Contracts");
  await app.getByRole("link", { name: "Start the contracts" }).click();
  await expect(app.getByRole("heading", { name: "2. Contracts" })).toBeVisible();

  const company = section(app, "Company");
  await company.getByLabel("Registered company name", { exact: true }).fill("Demo Returns Limited");
  await company.getByLabel("Company registration number", { exact: true }).fill("NZ1234567");
  await company.getByLabel("Tax number (GST, ABN, VAT)", { exact: true }).fill("49-091-850");
  await company.getByLabel("Directors or owners", { exact: true }).fill("Ana Returns, Director");
  await company.getByRole("button", { name: "Save Company" }).click();
  await expect(company.getByText("Saved.")).toBeVisible();
  const accounts = section(app, "Accounts and terms");
  await accounts.getByLabel("Accounts contact name", { exact: true }).fill("Ben Accounts");
  await accounts.getByLabel("Accounts contact email", { exact: true }).fill("accounts@demo-returns.example");
  await accounts.getByLabel("Requested payment terms", { exact: true }).selectOption("20th-month");
  await accounts.getByRole("button", { name: "Save Accounts and terms" }).click();
  await expect(accounts.getByText("Saved.")).toBeVisible();
  await app.getByRole("button", { name: "Submit to SEKO" }).click();
  await expect(app.getByText("Delivered to your SEKO account manager.")).toBeVisible();

  await expect(app.getByRole("document", { name: "SEKO Agreement text" })).toContainText("SEKO RETURNS SERVICES AGREEMENT");
  const sign = app.getByRole("form", { name: "Sign the SEKO Agreement" });
  await sign.getByRole("button", { name: "Sign the SEKO Agreement" }).click();
  await expect(sign.getByText("Type your full name to sign")).toBeVisible();
  await sign.getByLabel("Full name", { exact: true }).fill("Ana Returns");
  await sign.getByLabel("Job title", { exact: true }).fill("Director");
  await sign.getByRole("checkbox", { name: /authorised to sign/ }).check();
  await sign.getByRole("button", { name: "Sign the SEKO Agreement" }).click();
  await expect(app.getByText("Signed by Ana Returns, Director")).toBeVisible();
  // The staff user who signed is named as everywhere else, never "Staff <id>".
  await expect(app.getByText(/ by Demo Merchant \(.+\), from IP /)).toBeVisible();
  await expect(app.getByText(/Staff \d+/)).toHaveCount(0);
  await expect(app.getByRole("form", { name: "Sign the SEKO Agreement" })).toHaveCount(0);

  const home = await open(page);
  await expect(home.getByText(`${base + 2} of 10 complete`)).toBeVisible();
  await expand(home, "3. SEKO account set-up");
  await expect(home.getByText(/Waiting on SEKO since/)).toBeVisible();
});

test("step 4: Australia returns on the merchant's own Australia Post account", async ({ page }) => {
  let app = await open(page, "/steps/australia-returns");
  await expect(app.getByRole("heading", { name: "4. Australia returns" })).toBeVisible();
  const choice = section(app, "Australia Post account");
  await choice.getByLabel("Use your own Australia Post account for Australian returns?", { exact: true }).selectOption("yes");
  await choice.getByRole("button", { name: "Save Australia Post account" }).click();
  let account = section(app, "Account and API access");
  await expect(account.getByLabel("API key", { exact: true })).toBeVisible();

  // Unsaved edits an earlier version of the app kept in this browser, the key and secret among them: thrown away on the next load.
  const draftKey = `seko-onboarding:${DEMO_SHOP}:australia-post:account`;
  const oldValues = { accountNumber: "5550001111", apiKey: "ak_live_old_draft_77aa01", apiSecret: "sk_live_old_draft_77aa02", contractDetails: "", returnProducts: [] };
  const oldDraft = JSON.stringify({ basedOn: null, ui: { values: oldValues, askManager: [], confirm: [] } });
  await appFrame(page).evaluate(([key, value]) => window.localStorage.setItem(key, value), [draftKey, oldDraft] as const);
  await page.reload();
  app = await hydrated(page);
  account = section(app, "Account and API access");
  await expect(account.getByLabel("Account number", { exact: true })).toHaveValue("");
  await account.getByLabel("Account number", { exact: true }).fill("1234567890");
  // The section's draft is kept again, with the number just typed and nothing of the old one.
  await expect.poll(() => appFrame(page).evaluate((key) => window.localStorage.getItem(key), draftKey)).toContain("1234567890");
  expect(await keptInBrowser(page)).not.toContain("old_draft_77aa");
  expect(await keptInBrowser(page)).not.toContain("5550001111");

  // A key and secret typed but not saved never stay in this browser: after a reload the fields are empty.
  await account.getByLabel("API key", { exact: true }).fill("ak_live_typed_unsaved_41b7");
  await account.getByLabel("API secret (password)", { exact: true }).fill("sk_live_typed_unsaved_41b8");
  await expect(app.getByRole("region", { name: "Unsaved changes" })).toContainText("Account and API access");
  expect(await keptInBrowser(page)).not.toContain("typed_unsaved_41b");
  await page.reload();
  app = await hydrated(page);
  account = section(app, "Account and API access");
  await expect(account.getByText("Restored changes you had not saved yet.")).toBeVisible();
  await expect(account.getByLabel("Account number", { exact: true })).toHaveValue("1234567890");
  await expect(account.getByLabel("API key", { exact: true })).toHaveValue("");
  await expect(account.getByLabel("API secret (password)", { exact: true })).toHaveValue("");
  expect(await keptInBrowser(page)).not.toContain("typed_unsaved_41b");

  await account.getByLabel("Account number", { exact: true }).fill("1234567890");
  await account.getByLabel("API key", { exact: true }).fill("ak_live_5fa1c0ffee9f3a");
  await account.getByLabel("API secret (password)", { exact: true }).fill("sk_live_secretvalue_c0de");
  await account.getByRole("checkbox", { name: "Parcel Post return (PR)" }).check();
  await account.getByRole("button", { name: "Save Account and API access" }).click();
  await expect(account.getByText("Saved, ending 9f3a.", { exact: false })).toBeVisible();
  await expect(account.getByLabel("API key", { exact: true })).toHaveValue("");
  expect(await keptInBrowser(page)).not.toContain("ak_live_5fa1c0ffee9f3a");
  await app.getByRole("button", { name: "Submit to SEKO" }).click();
  await expect(app.getByText("Delivered to your SEKO account manager.")).toBeVisible();
  await expect(app.locator("body")).not.toContainText("ak_live_5fa1c0ffee9f3a");
});

test("step 6: team members requested from SEKO, then created; the guide shows the progress", async ({ page }) => {
  const app = await open(page, "/steps/system-access");
  await expect(app.getByRole("heading", { name: "6. System access" })).toBeVisible();
  const add = app.getByRole("form", { name: "Add a team member" });
  await add.getByLabel("Name", { exact: true }).fill("Ben");
  await add.getByLabel("Email", { exact: true }).fill("ben@");
  await add.getByRole("button", { name: "Add team member" }).click();
  await expect(add.getByText("Enter an email address like name@example.com")).toBeVisible();
  await add.getByRole("button", { name: "Use suggestion" }).click();
  await expect(add.getByLabel("Email", { exact: true })).toHaveValue("ana@demo-returns.example");
  await add.getByRole("button", { name: "Add team member" }).click();
  const members = app.getByRole("list", { name: "Team members" });
  await expect(members).toContainText("Ana Returns (ana@demo-returns.example)");
  await app.getByRole("button", { name: "Request access for 1 team member" }).click();
  await expect(app.getByText("Requested 1 login from SEKO.")).toBeVisible();
  await expect(members).toContainText("Requested");
  await app.getByRole("button", { name: "Mark Ana Returns's login as created" }).click();
  await expect(members).toContainText("Created");

  // SEKO connects the accounts (the SEKO connection's Settings page writes this row).
  await database().execute({
    sql: `INSERT INTO "SekoCredential" (id, shop, system, environment, secret, status, checkedAt, createdAt, updatedAt)
          VALUES ('${CREDENTIAL_ID}', 'demo-returns-store.myshopify.com', 'omnireturns', 'test', 'v1.x.x.x.x', 'connected', ?, ?, ?)`,
    args: [Date.now(), Date.now(), Date.now()],
  });

  const home = await open(page);
  await expect(home.getByText(`${base + 5} of 10 complete`)).toBeVisible();
  const steps = home.getByRole("list", { name: "Setup steps" }).getByRole("listitem");
  for (const [index, status] of [
    [0, "Done"],
    [1, "Done"],
    [2, "Done"],
    [3, "Done"],
    [5, "Done"],
  ] as const) {
    await expect(steps.nth(index)).toContainText(status);
  }
});
