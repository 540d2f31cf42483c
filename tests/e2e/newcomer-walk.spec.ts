import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { expectRealLabel } from "./label-file";
import { readOrderPage, returnInPortal } from "./seko-portal";
import { hydrated } from "./app-frame";

/**
 * A newcomer's walk of the offline demo (issue 27), on a demo of its own started fresh
 * (playwright.config.ts: the second webServer, the "newcomer-walk" project): from the start-up banner
 * to a customer's live return counted on Home, through every step as a merchant takes them. What the
 * newcomer reads in the banner (the address to open, the SEKO keys) comes from the text the demo printed,
 * which Playwright captured (webServer.wait) into the NEWCOMER_* variables; nothing here repeats the keys.
 * Along the way: the test return's label renders (a one-page PDF, shown in the preview), and the
 * Storefront page's "Turn on in the theme editor" opens the demo's own theme editor.
 */
function fromBanner(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this spec through tests/e2e/playwright.config.ts, whose webServer reads the demo's start-up banner.`);
  return value;
}

/** What the banner said, read when the walk starts (listing the tests needs no demo). */
function readBanner() {
  return {
    open: fromBanner("NEWCOMER_DEMO_URL"),
    seconds: fromBanner("NEWCOMER_DEMO_SECONDS"),
    omnireturns: fromBanner("NEWCOMER_OMNIRETURNS_KEY"),
    omnirpsToken: fromBanner("NEWCOMER_OMNIRPS_TOKEN"),
    retailerName: fromBanner("NEWCOMER_RETAILER_NAME"),
    omniparcel: fromBanner("NEWCOMER_OMNIPARCEL_KEY"),
  };
}

/** The app's own origin: where the simulated admin frames it from (the storefront and SEKO's sites live there too). */
async function appOrigin(page: Page): Promise<string> {
  return new URL((await page.locator("#app-frame").getAttribute("src")) ?? "").origin;
}

/** Fills a field until the value sticks (typed while React hydrates, a value can be reset). */
async function fillSteadily(page: Page, field: ReturnType<FrameLocator["getByLabel"]>, value: string) {
  await expect(async () => {
    await field.fill(value);
    await page.waitForTimeout(200);
    await expect(field).toHaveValue(value, { timeout: 500 });
  }).toPass();
}

/**
 * Chromium's PDF viewer (its extension frame inside the label's frame) has the file open: its toolbar's Print
 * button shows only once a document loaded; a file it cannot read (a PDF without a page) leaves its
 * progress bar up under an "Error" dialog, "Failed to load PDF document."
 */
async function expectPdfShown(page: Page) {
  const viewer = () => page.frames().find((frame) => frame.url().startsWith("chrome-extension://") && frame.url().endsWith("/index.html"));
  await expect.poll(() => viewer()?.url() ?? "").toMatch(/^chrome-extension:/);
  await expect(viewer()!.getByRole("button", { name: "Print" })).toBeVisible();
  await expect(viewer()!.getByText("Failed to load PDF document")).toHaveCount(0);
  await expect(viewer()!.getByRole("progressbar")).toHaveCount(0);
}

test("a newcomer walks the demo from the start-up banner to a live return counted on Home", async ({ page, context }) => {
  test.setTimeout(240_000);
  const banner = readBanner();
  // How long the demo took to start, as its banner said (docs/demo-and-testing.md keeps the measured figure).
  test.info().annotations.push({ type: "demo start", description: `${banner.seconds} s` });
  // The demo stays offline: every request the walk's pages make (the admin, the app, the editors, the storefront, SEKO's portal) stays on this machine.
  const outside = new Set<string>();
  context.on("request", (request) => {
    const url = new URL(request.url());
    // (about:srcdoc, blob: and data: frames, and Chromium's PDF viewer, load nothing from a network.)
    if (/^(https?|wss?):$/.test(url.protocol) && url.hostname !== "localhost") outside.add(url.origin);
  });
  /** The app's pages, as the banner's address opens them. */
  const open = async (subpath = ""): Promise<FrameLocator> => {
    await page.goto(`${banner.open}${subpath}`);
    return hydrated(page);
  };

  // The banner's address opens the app in the simulated admin: a fresh store, nothing done.
  let app = await open();
  await expect(app.getByText("0 of 10 complete")).toBeVisible();
  const origin = await appOrigin(page);
  expect(new URL(banner.open).hostname).toBe("localhost");

  await test.step("step 1: the on-boarding form, returns from New Zealand only, submitted to SEKO", async () => {
    app = await open("/steps/onboarding-form");
    const business = app.getByRole("form", { name: "Business and contacts" });
    await fillSteadily(page, business.getByLabel("Legal entity name", { exact: true }), "Demo Returns Limited");
    await business.getByLabel("Main contact name", { exact: true }).fill("Ana Returns");
    await business.getByRole("button", { name: "Save Business and contacts" }).click();
    await expect(business.getByText("Saved.")).toBeVisible();

    const policy = app.getByRole("form", { name: "Returns policy" });
    await policy.getByLabel("Days allowed to return", { exact: true }).fill("30");
    await policy.getByLabel("Order method", { exact: true }).selectOption("both");
    await policy.getByRole("checkbox", { name: "Refund", exact: true }).check();
    await policy.getByLabel("Return reasons (optional)", { exact: true }).fill("Too small");
    await policy.getByRole("button", { name: "Save Returns policy" }).click();
    await expect(policy.getByText("Saved.")).toBeVisible();

    const countries = app.getByRole("form", { name: "Countries and label costs" });
    for (const box of await countries.getByRole("checkbox", { name: /^Returns from / }).all()) {
      if ((await box.getAttribute("aria-label")) !== "Returns from New Zealand" && (await box.isChecked())) await box.uncheck();
    }
    await countries.getByRole("checkbox", { name: "Returns from New Zealand" }).check();
    await countries.getByRole("button", { name: "Save Countries and label costs" }).click();
    await expect(countries.getByText("Saved.")).toBeVisible();

    const volumes = app.getByRole("form", { name: "Expected volumes" });
    await volumes.getByLabel("Returns per month", { exact: true }).fill("40");
    await volumes.getByRole("button", { name: "Save Expected volumes" }).click();
    await expect(volumes.getByText("Saved.")).toBeVisible();

    await app.getByRole("button", { name: "Submit to SEKO" }).click();
    await expect(app.getByText("Delivered to your SEKO account manager.")).toBeVisible();
  });

  await test.step("step 2: the credit application and the SEKO Agreement signed", async () => {
    app = await open("/steps/contracts");
    const company = app.getByRole("form", { name: "Company" });
    await fillSteadily(page, company.getByLabel("Company registration number", { exact: true }), "NZ1234567");
    await company.getByLabel("Tax number (GST, ABN, VAT)", { exact: true }).fill("49-091-850");
    await company.getByLabel("Directors or owners", { exact: true }).fill("Ana Returns, Director");
    await company.getByRole("button", { name: "Save Company" }).click();
    await expect(company.getByText("Saved.")).toBeVisible();
    const accounts = app.getByRole("form", { name: "Accounts and terms" });
    await accounts.getByLabel("Requested payment terms", { exact: true }).selectOption("20th-month");
    await accounts.getByRole("button", { name: "Save Accounts and terms" }).click();
    await expect(accounts.getByText("Saved.")).toBeVisible();
    await app.getByRole("button", { name: "Submit to SEKO" }).click();
    await expect(app.getByText("Delivered to your SEKO account manager.")).toBeVisible();

    const sign = app.getByRole("form", { name: "Sign the SEKO Agreement" });
    await sign.getByLabel("Full name", { exact: true }).fill("Ana Returns");
    await sign.getByLabel("Job title", { exact: true }).fill("Director");
    await sign.getByRole("checkbox", { name: /authorised to sign/ }).check();
    await sign.getByRole("button", { name: "Sign the SEKO Agreement" }).click();
    await expect(app.getByText("Signed by Ana Returns, Director")).toBeVisible();
  });

  await test.step("step 3: the banner's keys typed into Settings (the app lists the same ones); the tracking webhook given to the simulated OmniRPS", async () => {
    app = await open("/settings");
    // Step 3 names the keys that work in the demo: the banner's.
    const listed = app.getByRole("list", { name: "The demo's SEKO keys" });
    await expect(listed).toContainText(`OmniReturns access key: ${banner.omnireturns}`);
    await expect(listed).toContainText(`Retailer name: ${banner.retailerName}`);

    await app.getByLabel("OmniReturns access key").fill(banner.omnireturns);
    await app.getByRole("button", { name: "Connect OmniReturns" }).click();
    await expect(app.getByText("OmniReturns connected.")).toBeVisible();
    await fillSteadily(page, app.getByLabel("OmniRPS token"), banner.omnirpsToken);
    // The retailer name the app suggests is the one the demo's SEKO takes.
    await expect(app.getByLabel("Retailer name")).toHaveValue(banner.retailerName);
    await app.getByRole("button", { name: "Connect OmniRPS" }).click();
    await expect(app.getByText("OmniRPS connected.")).toBeVisible();
    await fillSteadily(page, app.getByLabel("OmniParcel access key"), banner.omniparcel);
    await app.getByRole("button", { name: "Connect OmniParcel" }).click();
    await expect(app.getByText("OmniParcel connected.")).toBeVisible();
    await expect(app.getByText("Every system is connected with the demo's keys.")).toBeVisible();

    // The tracking webhook: shown once, typed into the simulated OmniRPS's form, as a merchant gives it to SEKO.
    await app.getByRole("button", { name: "Generate tracking webhook credentials" }).click();
    const url = (await app.getByTestId("tracking-url").textContent())!;
    const username = (await app.getByTestId("tracking-username").textContent())!;
    const password = (await app.getByTestId("tracking-password").textContent())!;
    const omnirps = await context.newPage();
    await omnirps.goto(`${origin}/__simulated-seko/webhook`);
    await omnirps.getByLabel("Webhook URL").fill(url);
    await omnirps.getByLabel("Username").fill(username);
    await omnirps.getByLabel("Password").fill(password);
    await omnirps.getByLabel("Time between statuses (milliseconds)").fill("300");
    await omnirps.getByRole("button", { name: "Save in OmniRPS" }).click();
    await expect(omnirps.getByText(/^Saved: SEKO now posts each return label's statuses to /)).toBeVisible();
    await omnirps.close();
  });

  await test.step("steps 5 and 6: the orders synced and summarised to SEKO; a team member's login", async () => {
    app = await open("/integration");
    await app.getByRole("button", { name: "Start sync" }).click();
    await expect(app.getByText("Synced", { exact: true })).toBeVisible({ timeout: 30_000 });
    await app.getByRole("button", { name: "Send summary to SEKO" }).click();
    await expect(app.getByText("Delivered", { exact: true })).toBeVisible();

    app = await open("/steps/system-access");
    const add = app.getByRole("form", { name: "Add a team member" });
    await fillSteadily(page, add.getByLabel("Name", { exact: true }), "Ana Returns");
    await add.getByLabel("Email", { exact: true }).fill("ana@demo-returns.example");
    await add.getByRole("button", { name: "Add team member" }).click();
    await app.getByRole("button", { name: "Request access for 1 team member" }).click();
    await expect(app.getByText("Requested 1 login from SEKO.")).toBeVisible();
    await app.getByRole("button", { name: "Mark Ana Returns's login as created" }).click();
    await expect(app.getByRole("list", { name: "Team members" })).toContainText("Created");
  });

  await test.step("steps 7 and 8: the label email handed over; tracking emails skipped", async () => {
    app = await open("/steps/label-email");
    await app.getByRole("button", { name: "Hand over to SEKO" }).click();
    await expect(app.getByText(/Handed over to SEKO \(version \d+\)\./)).toBeVisible();
    app = await open("/steps/notifications");
    await app.getByRole("button", { name: "Skip: no tracking emails" }).click();
    await expect(app.getByText(/Skipped by .*SEKO sends no tracking emails/)).toBeVisible();
  });

  await test.step("step 9: a test return from New Zealand whose label renders: a one-page PDF, shown in the preview", async () => {
    app = await open("/steps/test-returns");
    await app.getByRole("button", { name: "Search", exact: true }).click();
    await app
      .getByRole("list", { name: "Orders" })
      .getByRole("button", { name: /^Choose / })
      .first()
      .click();
    const form = app.getByRole("form", { name: /^Test return on / });
    await form.getByLabel("Return reason").selectOption("Too small");
    await form.getByLabel("Returned from").selectOption({ label: "New Zealand" });
    await form.getByRole("button", { name: /^Create test return/ }).click();
    await expect(form.getByText("Test return created.")).toBeVisible();
    await form.getByRole("link", { name: "Open it" }).click();
    const connote = /SEKO\d+/.exec((await app.getByText(/^Consignment SEKO\d+/).textContent()) ?? "")?.[0] ?? "";
    expect(connote).toMatch(/^SEKO\d+$/);

    // The file the preview shows, fetched as the page fetches it: one 100 × 150 mm page naming the consignment.
    await expectRealLabel(page.frame({ name: "app-frame" })!, connote);
    const preview = app.locator(`iframe[title="Return label ${connote}"]`);
    await expect(preview).toBeVisible();
    await expectPdfShown(page);

    app = await open("/steps/test-returns/label-costs");
    await app.getByRole("button", { name: "Confirm these label costs" }).click();
    await expect(app.getByText(/^Label costs confirmed \(version \d+\)\.$/)).toBeVisible();
  });

  await test.step("step 10 and the Storefront page: the date agreed, the procedure acknowledged; the theme editor link stays in the demo", async () => {
    app = await open("/steps/go-live");
    const soon = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Auckland" }).format(Date.now() + 14 * 86_400_000);
    const soonShown = new Intl.DateTimeFormat("en-NZ", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(soon));
    await fillSteadily(page, app.getByLabel("Proposed date"), soon);
    await app.getByRole("button", { name: "Propose this date" }).click();
    await expect(app.getByText(`Proposed ${soonShown} by `)).toBeVisible();
    await app.getByLabel("Confirmed by").selectOption("seko");
    await app.getByRole("button", { name: "Record the agreed date" }).click();
    await expect(app.getByText("14 days to go-live", { exact: true })).toBeVisible();
    await app.getByLabel("Procedure link").fill("https://seko.example/customer-service-procedure");
    await app.getByRole("button", { name: "Save link" }).click();
    await app.getByRole("button", { name: "I have read it and our team will follow it" }).click();
    await expect(app.getByText(/acknowledged by /)).toBeVisible();

    app = await open("/storefront");
    await app.getByLabel("Returns portal address").fill("https://returns.example-seko.test/demo");
    await app.getByRole("button", { name: "Save" }).click();
    await expect(app.getByText("Returns portal saved. The storefront link uses it now.")).toBeVisible();
    // The app writes Shopify's own address; the demo's admin opens it in its simulated editor.
    const deepLink = app.getByRole("link", { name: "Turn on in the theme editor" });
    await expect(deepLink).toHaveAttribute("href", /^https:\/\/demo-returns-store\.myshopify\.com\/admin\/themes\/current\/editor\?context=apps&activateAppId=/);
    const [editor] = await Promise.all([context.waitForEvent("page"), deepLink.click()]);
    // The simulated theme editor on the demo's own origin, never the real myshopify.com admin.
    await expect(editor).toHaveURL(new RegExp(`^${new URL(banner.open).origin}/store/demo-returns-store/themes/current/editor\\?context=apps&activateAppId=`));
    await expect(editor.getByRole("heading", { name: "App embeds" })).toBeVisible();
    await expect(editor.getByRole("switch", { name: "Returns link" })).toBeChecked();
    await editor.getByRole("button", { name: "Save", exact: true }).click();
    await expect(editor.locator("#embed-status")).toHaveText("On");
    await editor.close();
    await page.bringToFront();
    await app.getByRole("button", { name: "Check again" }).click();
    await expect(app.getByText("On", { exact: true })).toBeVisible();
  });

  await test.step("go live: Production chosen, the banner's keys connected there, the gate passes", async () => {
    app = await open("/settings");
    await app.getByLabel("SEKO environment").selectOption("production");
    await app.getByRole("button", { name: "Save connection settings" }).click();
    await expect(app.getByText("Connection settings saved.")).toBeVisible();
    // The cards now hold Production's keys, none yet: the page lists the demo's keys again (typed before it has, a key would be wiped).
    await expect(app.getByRole("list", { name: "The demo's SEKO keys" })).toContainText(`OmniReturns access key: ${banner.omnireturns}`);
    await fillSteadily(page, app.getByLabel("OmniReturns access key"), banner.omnireturns);
    await app.getByRole("button", { name: "Connect OmniReturns" }).click();
    await expect(app.getByText("OmniReturns connected.")).toBeVisible();
    await fillSteadily(page, app.getByLabel("OmniRPS token"), banner.omnirpsToken);
    await expect(app.getByLabel("Retailer name")).toHaveValue(banner.retailerName);
    await app.getByRole("button", { name: "Connect OmniRPS" }).click();
    await expect(app.getByText("OmniRPS connected.")).toBeVisible();

    app = await open("/steps/go-live");
    const goLive = app.getByRole("button", { name: "Go live", exact: true });
    await expect(goLive).toBeEnabled();
    await goLive.click();
    await app.getByRole("dialog", { name: "Go live with SEKO returns?" }).getByRole("button", { name: "Go live now" }).click();
    await expect(app.getByText("Returns are live.", { exact: true })).toBeVisible();
    app = await open();
    await expect(app.getByRole("heading", { name: "Live returns by status (0)" })).toBeVisible();
  });

  await test.step("a customer returns an order from the storefront in SEKO's portal; Home counts the live return", async () => {
    const [shop] = await Promise.all([context.waitForEvent("page"), page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Online Store › View your store" }).click()]);
    await shop.getByRole("list", { name: "Order pages" }).getByRole("link").first().click();
    const order = await readOrderPage(shop);
    // Go-live's metafield is written by a background job, run as "Go live" queues it: the link shows within seconds.
    const link = shop.getByRole("region", { name: "Theme app extension" }).getByRole("link").first();
    await expect(async () => {
      await shop.reload();
      await expect(link).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(link).toHaveAttribute("data-portal-address", "https://returns.example-seko.test/demo");
    await link.click();
    await returnInPortal(shop, order);

    await page.bringToFront();
    await expect(async () => {
      app = await open();
      await expect(app.getByRole("heading", { name: "Live returns by status (1)" })).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 30_000 });
  });

  expect([...outside], "requests that left this machine").toEqual([]);
});
