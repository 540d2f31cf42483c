/**
 * Whose order it is: the order sync reads `Order.customer { id }` (read_customers) so the
 * customer-account endpoint can prove ownership of backfilled orders; a shop that has not accepted
 * read_customers yet is synced without it and told why; a refusal of the customer says so.
 */
import { http } from "msw";
import { describe, expect, test } from "vitest";
import { server } from "#tests/mocks/node";
import { shopifyStore } from "#tests/mocks/shopify";
import { DEMO_SCOPES, DEMO_SHOP } from "#tests/setup/config";
import { webhookRequest } from "#tests/setup/requests";
import { installShop, ordersWithinDays, restOrder, syncTestHooks } from "#tests/setup/order-sync";
import { drainJobs } from "~/job-handlers.server";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { db } from "~/utils/db.server";
import { startBackfill, WITHOUT_CUSTOMER_IDS } from "./backfill.server";
import { reconcile } from "./reconcile.server";

const SHOP = DEMO_SHOP;
const WITHOUT_READ_CUSTOMERS = DEMO_SCOPES.split(",")
  .filter((scope) => scope !== "read_customers")
  .join(",");

syncTestHooks();

async function backfillUntilSettled() {
  await startBackfill(SHOP);
  for (let i = 0; i < 3; i++) {
    await drainJobs({ shop: SHOP });
    await db.syncJob.updateMany({ where: { shop: SHOP }, data: { runAt: new Date(Date.now() - 1) } });
  }
  return db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } });
}

const stored = (shopifyId: string) => db.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop: SHOP, shopifyId } } });
const latestFinish = () => db.onboardingActivity.findFirstOrThrow({ where: { shop: SHOP, kind: "sync.finished" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });

describe("the customer id of synced orders", () => {
  test("the bulk export brings every order's customer id, guests none; no webhook needed", async () => {
    await installShop(SHOP);
    const expected = ordersWithinDays(shopifyStore(SHOP).data.orders, 60);
    const state = await backfillUntilSettled();
    expect(state).toMatchObject({ status: "done", lastError: null });
    expect(shopifyStore(SHOP).bulkOperations[0]!.query).toMatch(/customer\s*\{\s*id\s*\}/);
    const rows = await db.order.findMany({ where: { shop: SHOP }, select: { shopifyId: true, customerId: true } });
    const byId = new Map(rows.map((row) => [row.shopifyId, row.customerId]));
    expect(expected.filter((order) => order.customerId).length).toBeGreaterThan(0);
    for (const order of expected) expect({ order: order.id, customerId: byId.get(order.id) }).toEqual({ order: order.id, customerId: order.customerId });
    expect((await latestFinish()).detail).not.toContain("read_customers");
  });

  test("reconciliation brings it too, for an order the backfill stored before the customer was known", async () => {
    await installShop(SHOP);
    await backfillUntilSettled();
    const order = ordersWithinDays(shopifyStore(SHOP).data.orders, 60).find((o) => o.customerId)!;
    await db.order.update({ where: { shop_shopifyId: { shop: SHOP, shopifyId: order.id } }, data: { customerId: null } });
    order.updatedAt = new Date().toISOString();
    expect(await reconcile(SHOP)).toBeGreaterThanOrEqual(1);
    expect((await stored(order.id)).customerId).toBe(order.customerId);
  });

  test("a shop that has not accepted read_customers yet is synced all the same, without customer ids, and the finished sync says why", async () => {
    await installShop(SHOP, WITHOUT_READ_CUSTOMERS);
    const expected = ordersWithinDays(shopifyStore(SHOP).data.orders, 60);
    // One order's customer id came with its webhook: the sync without the scope keeps it.
    const hooked = expected.find((o) => o.customerId)!;
    await ordersCreate({ request: webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(hooked) }), params: {}, context: {} });
    await drainJobs({ shop: SHOP });

    const state = await backfillUntilSettled();
    expect(state).toMatchObject({ status: "done", lastError: null, ordersIngested: expected.length });
    expect(shopifyStore(SHOP).bulkOperations).toHaveLength(1);
    expect(shopifyStore(SHOP).bulkOperations[0]!.query).not.toMatch(/customer/);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(expected.length);
    expect(await db.order.findMany({ where: { shop: SHOP, customerId: { not: null } }, select: { shopifyId: true, customerId: true } })).toEqual([
      { shopifyId: hooked.id, customerId: hooked.customerId },
    ]);
    const finished = await latestFinish();
    expect(finished.detail).toContain(WITHOUT_CUSTOMER_IDS);
    // No new sync to start: the grant's webhook queues the job that reads the customers (app/customer-account/ownership-backfill.server.ts).
    expect(WITHOUT_CUSTOMER_IDS).toMatch(/read_customers.*Open the app again from Shopify admin to grant it: the app then reads the customer of these orders by itself\.$/);

    // Reconciliation and single orders run without it too.
    hooked.updatedAt = new Date().toISOString();
    expect(await reconcile(SHOP)).toBeGreaterThanOrEqual(1);
    expect((await stored(hooked.id)).customerId).toBe(hooked.customerId);

    // Once granted, starting the sync again links every order.
    await installShop(SHOP);
    expect(await backfillUntilSettled()).toMatchObject({ status: "done" });
    expect(await db.order.count({ where: { shop: SHOP, customerId: { not: null } } })).toBe(expected.filter((o) => o.customerId).length);
    expect((await latestFinish()).detail).not.toContain(WITHOUT_CUSTOMER_IDS);
  });

  test("Shopify refusing the customer (the grant said read_customers, the token lacks it) stops the sync and names the scope; nothing half-imported", async () => {
    await installShop(SHOP, WITHOUT_READ_CUSTOMERS);
    // The installation's grant lists read_customers, but the token the sync calls with does not carry it (a grant changed mid-way).
    server.use(
      http.post(`https://${SHOP}/admin/api/:version/graphql.json`, async ({ request }) => {
        const body = (await request.clone().json()) as { query?: string };
        if (!body.query?.includes("query GrantedScopes")) return undefined;
        const handles = [...DEMO_SCOPES.split(","), "read_customers"];
        return Response.json({ data: { currentAppInstallation: { accessScopes: handles.map((handle) => ({ handle })) } } });
      }),
    );
    const state = await backfillUntilSettled();
    expect(state.status).toBe("failed");
    expect(state.lastError).toMatch(/^Shopify refused access this app needs: `read_customers` access scope\.+ Open the app again from Shopify admin to grant it\.$/);
    // No retry loop: another export would be refused the same way.
    expect(shopifyStore(SHOP).bulkOperations).toHaveLength(1);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(0);
    const failed = await db.onboardingActivity.findFirstOrThrow({ where: { shop: SHOP, kind: "sync.failed" } });
    expect(failed.detail).toBe(state.lastError);
  });
});
