/**
 * Orders imported before the shop granted read_customers: once the grant gains it (the
 * scopes_update webhook), a job reads whose order it is for the orders in the return window, and
 * the customer-account endpoint answers for them. Shopify is the fake at the HTTP boundary.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { signSessionToken } from "#tests/demo/session-token";
import { shopifyStore } from "#tests/mocks/shopify";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SCOPES, DEMO_SHOP } from "#tests/setup/config";
import { installShop, ordersWithinDays, syncTestHooks } from "#tests/setup/order-sync";
import { APP_URL, webhookRequest } from "#tests/setup/requests";
import { RETURNS_LIMIT } from "~/customer-account/request.server";
import { drainJobs } from "~/job-handlers.server";
import { loader as customerAccountReturns } from "~/routes/customer-account.returns";
import { action as scopesUpdate } from "~/routes/webhooks.app.scopes_update";
import { startBackfill } from "~/shopify/backfill.server";
import { db } from "~/utils/db.server";
import { queueOwnershipBackfill, queueOwnershipBackfillOnLoad } from "./ownership-backfill.server";

const SHOP = DEMO_SHOP;
const WINDOW_DAYS = 30;
const WITHOUT_READ_CUSTOMERS = DEMO_SCOPES.split(",").filter((scope) => scope !== "read_customers");

syncTestHooks();
beforeEach(() => RETURNS_LIMIT.reset());

async function settle() {
  for (let i = 0; i < 3; i++) {
    await drainJobs({ shop: SHOP });
    await db.syncJob.updateMany({ where: { shop: SHOP }, data: { runAt: new Date(Date.now() - 1) } });
  }
}

/** A shop installed before read_customers was declared: its orders imported without their customer; step 1's return window set. */
async function importedWithoutCustomers() {
  await installShop(SHOP, WITHOUT_READ_CUSTOMERS.join(","));
  await db.onboardingSection.create({ data: { shop: SHOP, form: "onboarding", section: "policy", answers: JSON.stringify({ returnWindowDays: WINDOW_DAYS }), savedBy: "101" } });
  await startBackfill(SHOP);
  await settle();
  expect(await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({ status: "done" });
  expect(await db.order.count({ where: { shop: SHOP, customerId: { not: null } } })).toBe(0);
}

/** What the customer-account extension asks, with the customer's session token. */
async function ask(orderId: string, customer: string) {
  const token = signSessionToken({ shop: SHOP, apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, userId: customer });
  const request = new Request(`${APP_URL}/customer-account/returns?order=${encodeURIComponent(orderId)}`, {
    headers: { authorization: `Bearer ${token}`, origin: "https://extensions.shopifycdn.com" },
  });
  const response = await customerAccountReturns({ request, params: {}, context: {} });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as { order?: { id: string } }) : null };
}

function grant(scopes: string[]) {
  const body = { id: 1, previous: WITHOUT_READ_CUSTOMERS, current: scopes, updated_at: new Date().toISOString() };
  return scopesUpdate({ request: webhookRequest({ topic: "app/scopes_update", shop: SHOP, body }), params: {}, context: {} });
}

describe("orders imported before read_customers", () => {
  test("the grant's scopes_update queues a job that reads each order's customer in the return window; the endpoint then answers for a backfilled order", async () => {
    await importedWithoutCustomers();
    const inWindow = ordersWithinDays(shopifyStore(SHOP).data.orders, WINDOW_DAYS);
    const owned = inWindow.filter((order) => order.customerId);
    expect(owned.length).toBeGreaterThan(5);
    const sample = owned[0]!;
    expect((await ask(sample.id, sample.customerId!)).status).toBe(404);

    // A webhook for a grant without read_customers queues nothing.
    expect((await grant(WITHOUT_READ_CUSTOMERS)).status).toBe(200);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "customer-ids" } })).toBe(0);

    // The merchant accepts read_customers: Shopify's grant and the webhook say so.
    await installShop(SHOP);
    expect((await grant(DEMO_SCOPES.split(","))).status).toBe(200);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "customer-ids" } })).toBe(1);
    await settle();

    const stored = new Map((await db.order.findMany({ where: { shop: SHOP }, select: { shopifyId: true, customerId: true } })).map((row) => [row.shopifyId, row.customerId]));
    for (const order of inWindow) expect({ order: order.id, customerId: stored.get(order.id) }).toEqual({ order: order.id, customerId: order.customerId });
    // Outside the return window nothing was asked: those orders cannot be returned anyway.
    const older = shopifyStore(SHOP).data.orders.filter((order) => stored.has(order.id) && !inWindow.includes(order) && order.customerId);
    for (const order of older) expect(stored.get(order.id)).toBeNull();

    expect(await ask(sample.id, sample.customerId!)).toMatchObject({ status: 200, body: { order: { id: sample.id } } });
    const someoneElse = owned.find((order) => order.customerId !== sample.customerId)!;
    expect((await ask(sample.id, someoneElse.customerId!)).status).toBe(404);
    const activity = await db.onboardingActivity.findFirstOrThrow({ where: { shop: SHOP, kind: "sync.customers" } });
    expect(activity.action).toBe(`Linked ${owned.length} orders to their customers`);

    // Idempotent: the webhook again (a replay, or another grant) finds only guest orders left; a run links nothing and logs nothing.
    await grant(DEMO_SCOPES.split(","));
    await settle();
    expect(await db.order.count({ where: { shop: SHOP, customerId: { not: null } } })).toBe(owned.length);
    expect(await db.onboardingActivity.count({ where: { shop: SHOP, kind: "sync.customers" } })).toBe(1);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "customer-ids" } })).toBe(0);
  }, 60_000);

  test("found when the app opens: the grant holds read_customers but orders in the window lack their customer (once per process)", async () => {
    await importedWithoutCustomers();
    await installShop(SHOP);
    expect(await queueOwnershipBackfillOnLoad(SHOP)).toBe(true);
    expect(await queueOwnershipBackfillOnLoad(SHOP)).toBe(false);
    await settle();
    const owned = ordersWithinDays(shopifyStore(SHOP).data.orders, WINDOW_DAYS).filter((order) => order.customerId);
    expect(await db.order.count({ where: { shop: SHOP, customerId: { not: null } } })).toBe(owned.length);
  }, 60_000);

  test("a queued job finds the grant gone (revoked meanwhile): it reads nothing", async () => {
    await importedWithoutCustomers();
    expect(await queueOwnershipBackfill(SHOP, DEMO_SCOPES.split(","))).toBe(true);
    await settle();
    expect(await db.order.count({ where: { shop: SHOP, customerId: { not: null } } })).toBe(0);
  }, 60_000);
});
