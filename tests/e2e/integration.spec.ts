import path from "node:path";
import { createClient } from "@libsql/client";
import { expect, test } from "@playwright/test";

const ADMIN = "/store/demo-returns-store/apps/seko-returns";
const SHOP = "demo-returns-store.myshopify.com";
const DEMO_DB = path.resolve(process.env.DEMO_DB ?? ".demo/e2e.sqlite");

let client: ReturnType<typeof createClient> | undefined;
const database = () => (client ??= createClient({ url: `file:${DEMO_DB}` }));
test.afterAll(() => client?.close());

test("step 5: the order sync runs to done on the seeded store, the summary goes to SEKO, the step completes", async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(`${ADMIN}/integration`);
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: "5. Shopify integration" })).toBeVisible();
  await expect(app.getByText("Not started", { exact: true }).first()).toBeVisible();
  // One true sentence about what is imported: the demo grants no all-orders access.
  await expect(app.getByText(/^Orders from the last 60 days are imported once/)).toBeVisible();
  // The page opens with a summary whose lines jump to the sections.
  const sections = app.getByRole("navigation", { name: "Sections of this page" });
  await expect(sections.getByRole("link", { name: "Orders SEKO could not take" })).toBeVisible();
  // That summary is the first screen, and it never says "not started" beside orders already in the app.
  await expect(sections).toBeInViewport();
  const syncLine = sections.getByRole("listitem").filter({ has: app.getByRole("link", { name: "Order sync" }) });
  await expect(syncLine).toContainText(/not started yet, no orders in the app|no full import yet; [\d,]+ orders? arrived through live order updates/);

  await app.getByRole("button", { name: "Start sync" }).click();
  // The simulated Shopify takes a few seconds to export: the bar moves through that phase first.
  await expect(app.getByText(/Shopify is preparing your orders: \d+ of \d+ exported/)).toBeVisible();
  await expect(app.getByRole("progressbar")).toBeVisible();
  await expect(app.getByText(/^(\d+) of \1 orders imported/)).toBeVisible({ timeout: 20_000 });
  await expect(app.getByText("Synced", { exact: true })).toBeVisible();

  // Product data readiness per country: a domestic return needs no HS code (the country of origin
  // still: SEKO's order row carries it whatever the destination).
  await expect(app.getByRole("heading", { name: "Product data for return labels" })).toBeVisible();
  const home = app.getByRole("row").filter({ hasText: "(domestic)" });
  await expect(home).toBeVisible();
  await expect(home.getByText("not needed", { exact: true })).toHaveCount(1);
  await expect(app.getByRole("heading", { name: "Orders SEKO could not take" })).toBeVisible();

  // One number per figure: the orders the overview says are in the app are the ones the upload counts split up.
  const number = (text: string) => Number(text.replaceAll(",", ""));
  await expect(syncLine).toContainText(/finished, [\d,]+ orders in the app/);
  const byWhatWasSent = app.getByRole("group", { name: "Orders by what was sent" });
  // [the orders in the app the overview names, the total in front of the upload counts, the counts' sum]
  const figures = async () => {
    const stored = /([\d,]+) orders in the app/.exec((await syncLine.textContent()) ?? "")?.[1] ?? "";
    const [, total = "", counts = ""] = /^([\d,]+) orders in the app: (.*)$/.exec((await byWhatWasSent.textContent()) ?? "") ?? [];
    return [number(stored), number(total), (counts.match(/\d[\d,]*/g) ?? []).reduce((all, n) => all + number(n), 0)];
  };
  const [stored] = await figures();
  expect(stored).toBeGreaterThan(0);
  await expect.poll(figures).toEqual([stored, stored, stored]);
  await expect(app.getByText("Synced", { exact: true })).toBeVisible();
  // The currency is named once: the shop's own, then the others.
  await expect(app.getByText(/\(NZD; also AUD, GBP, USD, CAD, EUR\)/)).toBeVisible();

  // The detail lists sit behind a button, collapsed, and open ten rows at a time from the keyboard.
  const showToFix = app.getByRole("button", { name: /^Show the \d+ SKUs? to fix$/ });
  await expect(showToFix).toHaveAttribute("aria-expanded", "false");
  const toFixPanel = app.locator(`[id="${await showToFix.getAttribute("aria-controls")}"]`);
  await expect(toFixPanel.getByRole("listitem")).toHaveCount(0);
  await showToFix.focus();
  await page.keyboard.press("Enter");
  const hideToFix = app.getByRole("button", { name: /^Hide the \d+ SKUs? to fix$/ });
  await expect(hideToFix).toHaveAttribute("aria-expanded", "true");
  await expect(toFixPanel.getByRole("listitem").first()).toBeVisible();
  expect(await toFixPanel.getByRole("listitem").count()).toBeLessThanOrEqual(10);
  await hideToFix.click();
  await expect(toFixPanel.getByRole("listitem")).toHaveCount(0);

  const send = app.getByRole("button", { name: "Send summary to SEKO" });
  await send.focus();
  await page.keyboard.press("Enter");
  await expect(app.getByText("Delivered", { exact: true })).toBeVisible();
  await expect(app.getByText("Done", { exact: true }).first()).toBeVisible();

  // Back on the setup guide the step counts as complete.
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "SEKO Returns" }).click();
  const step = app.getByRole("button", { name: "5. Shopify integration" });
  await expect(step).toBeVisible();
  await expect(app.getByRole("listitem").filter({ has: step }).getByText("Done", { exact: true })).toBeVisible();
});

test("step 5 during an import: product readiness as of when it was computed, then every order's once the import has finished", async ({ page }) => {
  test.setTimeout(60_000);
  const db = database();
  const row = (await db.execute({ sql: `SELECT "status", "phase" FROM "OrderSyncState" WHERE "shop" = ?`, args: [SHOP] })).rows[0]!;
  const before = { status: String(row.status), phase: row.phase === null ? null : String(row.phase) };
  expect(before.status).toBe("done");
  await page.goto(`${ADMIN}/integration`);
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: "Product data for return labels" })).toBeVisible();
  const asOf = app.getByText(/^Figures as of .+, updating while orders import$/);
  await expect(asOf).toHaveCount(0);
  try {
    // "Sync again" is importing, and one of its batches has landed since the readiness was stored.
    await db.execute({ sql: `UPDATE "OrderSyncState" SET "status" = 'running', "phase" = 'ingesting' WHERE "shop" = ?`, args: [SHOP] });
    await db.execute({ sql: `UPDATE "ReadinessSnapshot" SET "version" = "version" + 1 WHERE "shop" = ?`, args: [SHOP] });
    await page.reload();
    await expect(asOf).toBeVisible();
    // The summary's line says so too: what is sent to SEKO is counted afresh.
    await expect(app.getByText(/miss data a return label needs \(as of .+, updating while orders import; a summary sent counts every order\)/)).toBeVisible();
    await expect(app.getByText("Syncing", { exact: true }).first()).toBeVisible();
  } finally {
    await db.execute({ sql: `UPDATE "OrderSyncState" SET "status" = ?, "phase" = ? WHERE "shop" = ?`, args: [before.status, before.phase, SHOP] });
  }
  // The page polls the sync while it runs and loads its data again when it has finished: the figures are current.
  await expect(app.getByText("Synced", { exact: true })).toBeVisible({ timeout: 10_000 });
  await expect(asOf).toHaveCount(0);
  await expect(app.getByRole("row").filter({ hasText: "(domestic)" })).toBeVisible();
});
