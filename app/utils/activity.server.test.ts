import { beforeEach, describe, expect, test, vi } from "vitest";
import { SEKO_TEST_KEYS } from "#tests/mocks/seko";
import { DEMO_SHOP } from "#tests/setup/config";
import { installShop, syncTestHooks } from "#tests/setup/order-sync";
import { adminRequest } from "#tests/setup/requests";
import { drainJobs } from "~/job-handlers.server";
import { action as settingsAction } from "~/routes/app.settings/route";
import { loader as olderActivity } from "~/routes/app.activity";
import { uploadDueOrders } from "~/seko/order-upload.server";
import { unauthenticated } from "~/shopify.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { startBackfill } from "~/shopify/backfill.server";
import { submitSummary } from "~/integration/summary.server";
import { ACTIVITY_PAGE_SIZE, activityFeed, recordActivity } from "./activity.server";
import { APP_ACTOR, rememberStaff } from "./staff.server";
import { db } from "./db.server";
import { formatDate } from "./format-date";
import { rememberShopDates } from "./shop-dates.server";

const SHOP = DEMO_SHOP;
const OTHER = "other-store.myshopify.com";
/** The person the simulated Shopify's online token names for every staff user of the demo shop. */
const MERCHANT = "Demo Merchant (owner@demo-returns-store.example.com)";
const ANA = { id: 4242, first_name: "Ana", last_name: "Returns", email: "ana@example.com" };

syncTestHooks();
beforeEach(() => {
  vi.spyOn(console, "info").mockImplementation(() => {});
});

const settings = (fields: Record<string, string>, userId?: string) =>
  settingsAction({ request: adminRequest("/app/settings", { shop: SHOP, userId, init: { method: "POST", body: new URLSearchParams(fields) } }), params: {}, context: {} });

const connectOmniRps = (environment = "test") => settings({ intent: "connect", system: "omnirps", environment, ...SEKO_TEST_KEYS.omnirps });

async function entries(kind: string, shop = SHOP) {
  const { entries } = await activityFeed(shop);
  return entries.filter((entry) => entry.kind === kind);
}

describe("SEKO keys and settings, recorded by the settings page's actions", () => {
  test("connecting a key names the person from the online token and the key's system and environment", async () => {
    expect(await connectOmniRps()).toMatchObject({ ok: true });
    expect(await entries("seko.connected")).toEqual([expect.objectContaining({ who: MERCHANT, action: "Connected OmniRPS (Test)", detail: `Retailer ${SEKO_TEST_KEYS.omnirps.retailerName}` })]);
    expect(JSON.stringify(await activityFeed(SHOP))).not.toContain(SEKO_TEST_KEYS.omnirps.token);
  });

  test("a re-check says what SEKO answered, without reading as a new connection", async () => {
    await connectOmniRps();
    await settings({ intent: "recheck", system: "omnirps", environment: "test" });
    expect(await entries("seko.checked")).toEqual([expect.objectContaining({ who: MERCHANT, action: "Checked the OmniRPS (Test) key", detail: "SEKO accepted it" })]);
  });

  test("removing a key is recorded; removing one that is not there records nothing", async () => {
    await connectOmniRps();
    await settings({ intent: "disconnect", system: "omnirps", environment: "test" });
    await settings({ intent: "disconnect", system: "omniparcel", environment: "test" });
    expect(await entries("seko.removed")).toEqual([expect.objectContaining({ who: MERCHANT, action: "Removed the OmniRPS (Test) key" })]);
  });

  test("switching the environment is recorded once; saving the same environment again is not a switch", async () => {
    await settings({ intent: "save-settings", environment: "production" });
    await settings({ intent: "save-settings", environment: "production" });
    expect(await entries("seko.environment")).toEqual([expect.objectContaining({ who: MERCHANT, action: "Switched SEKO to Production", detail: "Was Test" })]);
  });

  test("tracking webhook credentials: created, then replaced, never with the password", async () => {
    const first = await settings({ intent: "rotate-tracking" });
    const second = await settings({ intent: "rotate-tracking" });
    const log = await entries("tracking.credentials");
    expect(log.map((entry) => entry.action)).toEqual(["Replaced the tracking webhook credentials", "Created the tracking webhook credentials"]);
    expect(log[0]).toMatchObject({ who: MERCHANT, detail: `Username ${"username" in second ? second.username : ""}; ${"username" in first ? first.username : ""} and its password stopped working` });
    expect(JSON.stringify(log)).not.toContain("password" in second ? second.password : "no password");
  });
});

describe("the order sync and the upload, recorded by the domain functions", () => {
  test("the sync's start names who started it; its end is the app's, with the orders imported", async () => {
    await installShop(SHOP);
    await rememberStaff(SHOP, ANA);
    await startBackfill(SHOP, String(ANA.id));
    await drainJobs({ shop: SHOP });
    const state = await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(await entries("sync.started")).toEqual([expect.objectContaining({ who: "Ana Returns (ana@example.com)", action: "Started the order sync" })]);
    expect(await entries("sync.finished")).toEqual([
      expect.objectContaining({ who: "SEKO Returns app", action: "The order sync finished", detail: expect.stringContaining(`${state.ordersIngested} orders imported`) }),
    ]);
    // The day it imported from, in the app's date format (app/utils/format-date.ts), not the ISO day.
    expect((await entries("sync.finished"))[0]?.detail).toMatch(/ orders imported, from \d{1,2} \w{3} \d{4}$/);
  });

  test("the day the sync imported from is written in the shop's locale and time zone", async () => {
    await installShop(SHOP);
    await rememberShopDates(SHOP, { ianaTimezone: "America/Los_Angeles", primaryLocale: "en", countryCode: "US" });
    await startBackfill(SHOP, String(ANA.id));
    await drainJobs({ shop: SHOP });
    const { since } = await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } });
    const detail = (await entries("sync.finished"))[0]?.detail;
    expect(detail).toMatch(/ orders imported, from \w{3} \d{1,2}, \d{4}$/);
    expect(detail).toContain(`from ${formatDate(since, "date", { locale: "en-US", timeZone: "America/Los_Angeles" })}`);
  });

  test("a sync that cannot get access stops, and the log says why", async () => {
    await installShop(SHOP, "read_products");
    await startBackfill(SHOP, String(ANA.id));
    await drainJobs({ shop: SHOP });
    const [stopped] = await entries("sync.failed");
    expect(stopped).toMatchObject({ who: "SEKO Returns app", action: "The order sync stopped" });
    expect(stopped!.detail).toBeTruthy();
  });

  test("orders sent to SEKO: one entry per run, with what could not go", async () => {
    await installShop(SHOP);
    await startBackfill(SHOP);
    await drainJobs({ shop: SHOP });
    await connectOmniRps();
    const run = await uploadDueOrders(SHOP);
    expect(run.uploaded + run.partial).toBeGreaterThan(0);
    const [sent] = await entries("orders.sent");
    expect(sent).toMatchObject({ who: "SEKO Returns app", action: `Sent ${run.uploaded + run.partial} orders to SEKO` });
    // A run with nothing due records nothing.
    await uploadDueOrders(SHOP);
    expect(await entries("orders.sent")).toHaveLength(1);
  });

  test("the integration summary: recorded with who sent it, and the JSON for SEKO names the person", async () => {
    await installShop(SHOP);
    await startBackfill(SHOP);
    await drainJobs({ shop: SHOP });
    await rememberStaff(SHOP, ANA);
    const { admin } = await unauthenticated.admin(SHOP);
    const result = await submitSummary(SHOP, admin.graphql as AdminGraphql, String(ANA.id));
    expect(await entries("summary.sent")).toEqual([
      expect.objectContaining({ who: "Ana Returns (ana@example.com)", action: "Sent the integration summary to SEKO", detail: `Version ${result.version}` }),
    ]);
    const row = await db.onboardingSubmission.findUniqueOrThrow({ where: { id: result.id } });
    expect(JSON.parse(row.payload).submittedBy).toEqual({ id: "4242", name: "Ana Returns", email: "ana@example.com" });
  });
});

describe("people and pages", () => {
  test("someone the app has not seen through an online token is shown by id until they have been", async () => {
    await recordActivity(SHOP, { kind: "onboarding", actor: "777", action: "Saved something" });
    expect((await activityFeed(SHOP)).entries[0]?.who).toBe("Staff 777");
    await rememberStaff(SHOP, { id: 777, first_name: "Kim", last_name: "Lee", email: "kim@example.com" });
    expect((await activityFeed(SHOP)).entries[0]?.who).toBe("Kim Lee (kim@example.com)");
    // Names are per shop: another shop's staff list says nothing about this one.
    expect((await activityFeed(OTHER)).entries).toEqual([]);
  });

  test("the log pages past the latest 20 entries, and a cursor from another shop shows nothing of it", async () => {
    for (let i = 1; i <= ACTIVITY_PAGE_SIZE + 5; i++) {
      await recordActivity(SHOP, { kind: "onboarding", actor: APP_ACTOR, action: `Entry ${i}` });
    }
    await recordActivity(OTHER, { kind: "onboarding", actor: APP_ACTOR, action: "Theirs" });
    const first = await activityFeed(SHOP);
    expect(first.entries).toHaveLength(ACTIVITY_PAGE_SIZE);
    expect(first.more).toBe(true);
    expect(first.entries[0]?.action).toBe(`Entry ${ACTIVITY_PAGE_SIZE + 5}`);

    const request = adminRequest(`/app/activity?before=${first.entries.at(-1)!.id}`, { shop: SHOP });
    const older = await olderActivity({ request, params: {}, context: {} });
    expect(older.entries.map((entry) => entry.action)).toEqual(["Entry 5", "Entry 4", "Entry 3", "Entry 2", "Entry 1"]);
    expect(older.more).toBe(false);

    const theirs = (await activityFeed(OTHER)).entries[0]!.id;
    const foreign = await olderActivity({ request: adminRequest(`/app/activity?before=${theirs}`, { shop: SHOP }), params: {}, context: {} });
    expect(foreign).toEqual({ entries: [], more: false });
  });
});

describe("repeats, grouped", () => {
  const START = new Date("2026-03-02T10:02:00.000Z");
  let minute = 0;
  beforeEach(() => {
    minute = 0;
  });
  /** One row, a minute after the one before (the log orders by time). */
  const add = (action: string, { kind = "orders.sent", actor = APP_ACTOR, detail = null as string | null, shop = SHOP } = {}) =>
    db.onboardingActivity.create({ data: { shop, kind, actor, action, detail, createdAt: new Date(START.getTime() + minute++ * 60_000) } });

  test("a run of uploads is one entry with the orders added up, how many uploads and from when to when", async () => {
    for (const count of [1, 1, 3, 1, 1, 2, 1, 1, 1]) await add(`Sent ${count} order${count === 1 ? "" : "s"} to SEKO`);
    const { entries, more } = await activityFeed(SHOP);
    expect(entries).toEqual([
      expect.objectContaining({
        kind: "orders.sent",
        who: "SEKO Returns app",
        action: "Sent 12 orders to SEKO in 9 uploads",
        repeats: 9,
        firstAt: START.toISOString(),
        at: "2026-03-02T10:10:00.000Z",
      }),
    ]);
    expect(more).toBe(false);
  });

  test("only consecutive entries of the same kind, person, action and detail are grouped", async () => {
    await add("Sent 1 order to SEKO");
    await add("Sent 2 orders to SEKO", { detail: "1 order refused for now, to be sent again" });
    await add("Sent 1 order to SEKO");
    await add("Saved “Branding”", { kind: "onboarding", actor: "777" });
    await add("Saved “Branding”", { kind: "onboarding", actor: "777" });
    await add("Saved “Branding”", { kind: "onboarding", actor: "888" });
    await add("Sent 1 order to SEKO");
    await add("Sent 1 order to SEKO");
    await add("No orders could be sent to SEKO", { detail: "1 order with nothing SEKO could take" });
    await add("No orders could be sent to SEKO", { detail: "1 order with nothing SEKO could take" });
    const { entries } = await activityFeed(SHOP);
    expect(entries.map((entry) => [entry.action, entry.repeats])).toEqual([
      ["No orders could be sent to SEKO ×2", 2],
      ["Sent 2 orders to SEKO in 2 uploads", 2],
      ["Saved “Branding”", 1],
      ["Saved “Branding” ×2", 2],
      ["Sent 1 order to SEKO", 1],
      ["Sent 2 orders to SEKO", 1],
      ["Sent 1 order to SEKO", 1],
    ]);
    expect(entries.find((entry) => entry.repeats === 1)?.firstAt).toBeNull();
  });

  test("a long run still leaves a full page, and the next page starts after the whole run", async () => {
    for (let i = 1; i <= ACTIVITY_PAGE_SIZE + 5; i++) await add(`Entry ${i}`, { kind: "onboarding" });
    for (let i = 0; i < 120; i++) await add("Sent 1 order to SEKO");
    const first = await activityFeed(SHOP);
    expect(first.entries).toHaveLength(ACTIVITY_PAGE_SIZE);
    expect(first.entries[0]).toMatchObject({ action: "Sent 120 orders to SEKO in 120 uploads", repeats: 120 });
    expect(first.entries[1]?.action).toBe(`Entry ${ACTIVITY_PAGE_SIZE + 5}`);
    expect(first.more).toBe(true);
    const older = await activityFeed(SHOP, first.entries.at(-1)!.id);
    expect(older.entries.map((entry) => entry.action)).toEqual(["Entry 6", "Entry 5", "Entry 4", "Entry 3", "Entry 2", "Entry 1"]);
    expect(older.more).toBe(false);
  });
});
