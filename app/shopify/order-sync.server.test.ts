import { createHmac } from "node:crypto";
import { http, HttpResponse } from "msw";
import { describe, expect, test } from "vitest";
import { server } from "#tests/mocks/node";
import { BULK_STORAGE_ORIGIN, configureShopify, shopifyFaults, shopifyStore } from "#tests/mocks/shopify";
import { DEMO_API_SECRET, DEMO_SCOPES, DEMO_SHOP } from "#tests/setup/config";
import { webhookRequest } from "#tests/setup/requests";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as ordersUpdated } from "~/routes/webhooks.orders.updated";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { action as bulkFinish } from "~/routes/webhooks.bulk_operations.finish";
import { db } from "~/utils/db.server";
import { acquireLock, LeaseLostError } from "~/utils/leases.server";
import { drainJobs } from "~/job-handlers.server";
import { integrationFact } from "~/guide/facts";
import { getGuide } from "~/guide/guide.server";
import { rememberStaff } from "~/utils/staff.server";
import { startBackfill } from "./backfill.server";
import { reconcile } from "./reconcile.server";
import { integrationRecords } from "./sync-view.server";
import { orderJobs } from "./order-sync-webhooks.server";
import { installShop, ordersWithinDays, restOrder, syncTestHooks } from "#tests/setup/order-sync";

const SHOP = DEMO_SHOP;
const OTHER = "beta-returns.myshopify.com";
const args = (request: Request) => ({ request, params: {}, context: {} });

syncTestHooks();

async function backfill(shop = SHOP) {
  await startBackfill(shop);
  await drainJobs({ shop });
  return db.orderSyncState.findUniqueOrThrow({ where: { shop } });
}

/** Makes every queued job due now (a test does not wait out back-off). */
async function everythingDue(shop = SHOP) {
  await db.syncJob.updateMany({ where: { shop }, data: { runAt: new Date(Date.now() - 1) } });
}

describe("backfill from a bulk operation", () => {
  test("imports the last 60 days of orders, their line items and product data, streamed from the JSONL", async () => {
    await installShop(SHOP);
    const expected = ordersWithinDays(shopifyStore(SHOP).data.orders, 60);
    const state = await backfill();

    expect(state).toMatchObject({ status: "done", ordersIngested: expected.length, estimatedTotal: expected.length });
    expect(state.since).not.toBeNull();
    const stored = await db.order.findMany({ where: { shop: SHOP }, include: { lineItems: true } });
    expect(stored.map((o) => o.shopifyId).sort()).toEqual(expected.map((o) => o.id).sort());
    expect(stored.reduce((n, o) => n + o.lineItems.length, 0)).toBe(expected.reduce((n, o) => n + o.lineItems.length, 0));

    const sample = expected.find((o) => o.fulfillments.length > 0 && o.customerId)!;
    const row = stored.find((o) => o.shopifyId === sample.id)!;
    expect(row).toMatchObject({ name: sample.name, email: sample.email, currency: "NZD", shipCountry: sample.shippingAddress.countryCodeV2 });
    expect(row.fulfilledAt?.toISOString()).toBe(new Date(sample.fulfillments[0]!.createdAt).toISOString());
    // Whose order it is (Order.customer { id }, under read_customers): the customer-account endpoint's ownership check.
    expect(row.customerId).toBe(sample.customerId);

    const soldVariant = sample.lineItems.find((l) => l.variantId)!;
    const product = shopifyStore(SHOP).data.products.find((p) => p.id === soldVariant.productId)!;
    const variant = product.variants.find((v) => v.id === soldVariant.variantId)!;
    const synced = await db.syncedVariant.findUniqueOrThrow({ where: { shop_variantId: { shop: SHOP, variantId: variant.id } } });
    expect(synced).toMatchObject({ sku: variant.sku, hsCode: variant.inventoryItem.harmonizedSystemCode, countryOfOrigin: variant.inventoryItem.countryCodeOfOrigin });
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "backfill" } })).toBe(0);
  });

  test("reaches every order when read_all_orders is granted", async () => {
    await installShop(SHOP, `${DEMO_SCOPES},read_all_orders`);
    const state = await backfill();
    expect(state.status).toBe("done");
    expect(state.since).toBeNull();
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(shopifyStore(SHOP).data.orders.length);
  });

  test("resumes after a crash mid-file without duplicates or gaps", async () => {
    await installShop(SHOP);
    const expected = ordersWithinDays(shopifyStore(SHOP).data.orders, 60);
    // The result file breaks off part-way, as when the process dies mid-download.
    server.use(
      http.get(`${BULK_STORAGE_ORIGIN}/bulk/:file`, () => {
        const operation = shopifyStore(SHOP).bulkOperations.at(-1)!;
        const cut =
          operation.jsonl
            .split("\n")
            .slice(0, Math.floor(operation.objectCount * 0.6))
            .join("\n") + "\n";
        let sent = false;
        const stream = new ReadableStream({
          async pull(controller) {
            if (sent) {
              await new Promise((resolve) => setTimeout(resolve, 200));
              return controller.error(new Error("connection reset"));
            }
            sent = true;
            controller.enqueue(new TextEncoder().encode(cut));
          },
        });
        return new HttpResponse(stream, { headers: { "Content-Type": "application/jsonl" } });
      }),
    );
    const { configureOrderSync } = await import("./order-sync-config.server");
    configureOrderSync({ ingestBatch: 20 });
    await startBackfill(SHOP);
    await drainJobs({ shop: SHOP });
    const broken = await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(broken).toMatchObject({ status: "running", phase: "ingesting" });
    expect(broken.linesProcessed).toBeGreaterThan(0);
    expect(broken.ordersIngested).toBeGreaterThan(0);
    expect(broken.ordersIngested).toBeLessThan(expected.length);
    const job = await db.syncJob.findFirstOrThrow({ where: { shop: SHOP, kind: "backfill" } });
    expect(job.lastError).toMatch(/connection reset/);

    // The next process picks the job up and reads only what is left.
    server.resetHandlers();
    await everythingDue();
    await drainJobs({ shop: SHOP, owner: "next-process" });
    const done = await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(done.status).toBe("done");
    expect(done.ordersIngested).toBe(expected.length); // each order counted once across both runs
    const ids = (await db.order.findMany({ where: { shop: SHOP }, select: { shopifyId: true } })).map((o) => o.shopifyId);
    expect(ids.sort()).toEqual(expected.map((o) => o.id).sort());
    expect(await db.lineItem.count()).toBe(expected.reduce((n, o) => n + o.lineItems.length, 0));
  });

  test("a lease held by a live process blocks a second ingest; an expired one is taken over", async () => {
    await installShop(SHOP);
    await acquireLock(SHOP, "backfill", "other-instance", 60_000);
    await startBackfill(SHOP);
    await drainJobs({ shop: SHOP });
    expect((await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } })).status).toBe("running");
    expect(await db.order.count()).toBe(0);

    // The other instance died: its lease runs out and this one finishes the work.
    await db.syncLock.update({ where: { shop_name: { shop: SHOP, name: "backfill" } }, data: { expiresAt: new Date(Date.now() - 1) } });
    await everythingDue();
    await drainJobs({ shop: SHOP });
    expect((await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } })).status).toBe("done");
    expect(await db.syncLock.count()).toBe(0);
  });

  test("an ingest whose lease another instance took over commits no batch, not even the orders, and leaves the job to that instance", async () => {
    await installShop(SHOP);
    // This instance stalls while the result file downloads; its lease runs out and another instance takes it.
    server.use(
      http.get(`${BULK_STORAGE_ORIGIN}/bulk/:file`, async () => {
        await db.syncLock.updateMany({ where: { shop: SHOP, name: "backfill" }, data: { owner: "other-instance" } });
      }),
    );
    await startBackfill(SHOP);
    await drainJobs({ shop: SHOP });
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.lineItem.count()).toBe(0);
    expect(await db.syncedVariant.count({ where: { shop: SHOP } })).toBe(0);
    const state = await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(state).toMatchObject({ status: "running", ordersIngested: 0, linesProcessed: 0 });
    expect((await db.syncLock.findFirstOrThrow({ where: { shop: SHOP, name: "backfill" } })).owner).toBe("other-instance");
  });

  test("an export another instance finished while this one waited for the lease is not imported or finished again", async () => {
    await installShop(SHOP);
    let downloads = 0;
    server.use(
      http.post(`https://${SHOP}/admin/api/:version/graphql.json`, async ({ request }) => {
        const { query } = (await request.clone().json()) as { query: string };
        // While this instance asks Shopify about the export, another one imports it and marks the sync done.
        if (query.includes("BulkOperationStatus")) await db.orderSyncState.update({ where: { shop: SHOP }, data: { status: "done", phase: null, finishedAt: new Date() } });
        return undefined; // the simulated Shopify answers
      }),
      http.get(`${BULK_STORAGE_ORIGIN}/bulk/:file`, () => void downloads++),
    );
    await startBackfill(SHOP);
    await drainJobs({ shop: SHOP });
    expect(downloads).toBe(0);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.onboardingActivity.count({ where: { shop: SHOP, kind: "sync.finished" } })).toBe(0);
    expect(await db.syncLock.count()).toBe(0);
  });

  test("two runners never claim the same job", async () => {
    await installShop(SHOP);
    await startBackfill(SHOP);
    const [a, b] = await Promise.all([drainJobs({ shop: SHOP, owner: "a", maxJobs: 1 }), drainJobs({ shop: SHOP, owner: "b", maxJobs: 1 })]);
    expect(a + b).toBe(1);
    expect(shopifyStore(SHOP).bulkOperations).toHaveLength(1);
  });

  test("clicking start twice starts one export", async () => {
    await installShop(SHOP);
    expect(await startBackfill(SHOP)).toBe(true);
    expect(await startBackfill(SHOP)).toBe(false);
    await drainJobs({ shop: SHOP });
    expect(shopifyStore(SHOP).bulkOperations).toHaveLength(1);
  });

  test("a failed bulk operation is started again", async () => {
    await installShop(SHOP);
    shopifyFaults.failNextBulkOperation("INTERNAL_SERVER_ERROR", { shop: SHOP });
    await startBackfill(SHOP);
    await drainJobs({ shop: SHOP });
    await everythingDue();
    await drainJobs({ shop: SHOP });
    const state = await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(state).toMatchObject({ status: "done", attempts: 1 });
    expect(shopifyStore(SHOP).bulkOperations).toHaveLength(2);
    expect(await db.order.count()).toBe(ordersWithinDays(shopifyStore(SHOP).data.orders, 60).length);
  });

  test("an expired result file means exporting again, keeping what was ingested", async () => {
    await installShop(SHOP);
    server.use(http.get(`${BULK_STORAGE_ORIGIN}/bulk/:file`, () => new HttpResponse("<Error><Code>ExpiredToken</Code></Error>", { status: 400 }), { once: true }));
    await startBackfill(SHOP);
    await drainJobs({ shop: SHOP });
    await everythingDue();
    await drainJobs({ shop: SHOP });
    expect((await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } })).status).toBe("done");
    expect(shopifyStore(SHOP).bulkOperations).toHaveLength(2);
  });

  test("gives up after repeated failures and says why", async () => {
    await installShop(SHOP);
    for (let i = 0; i < 5; i++) shopifyFaults.failNextBulkOperation("TIMEOUT", { shop: SHOP });
    await startBackfill(SHOP);
    for (let i = 0; i < 6; i++) {
      await drainJobs({ shop: SHOP });
      await everythingDue();
    }
    const state = await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(state.status).toBe("failed");
    expect(state.lastError).toMatch(/failed \(TIMEOUT\)/);
    expect(integrationFact(await integrationRecords(SHOP)).note).toMatch(/stopped/);
  });

  test("bulk_operations/finish moves the next check forward", async () => {
    await installShop(SHOP);
    const { configureShopify } = await import("#tests/mocks/shopify");
    configureShopify({ bulkOperationDurationMs: 60_000 });
    const { configureOrderSync } = await import("./order-sync-config.server");
    configureOrderSync({ pollMs: 60_000, maxPollMs: 60_000 });
    await startBackfill(SHOP);
    await drainJobs({ shop: SHOP });
    const job = await db.syncJob.findFirstOrThrow({ where: { shop: SHOP, kind: "backfill" } });
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    const { bulkOperationId } = await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } });
    const body = { admin_graphql_api_id: bulkOperationId, completed_at: new Date().toISOString(), created_at: new Date().toISOString(), error_code: null, status: "completed", type: "query" };
    const response = await bulkFinish(args(webhookRequest({ topic: "bulk_operations/finish", shop: SHOP, body })));
    expect(response.status).toBe(200);
    const moved = await db.syncJob.findFirstOrThrow({ where: { shop: SHOP, kind: "backfill" } });
    expect(moved.runAt.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe("access Shopify refuses", () => {
  async function backfillUntilSettled() {
    await startBackfill(SHOP);
    for (let i = 0; i < 3; i++) {
      await drainJobs({ shop: SHOP });
      await everythingDue();
    }
    return db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } });
  }

  test("before Shopify approves protected customer data, the sync stops at once and says so; nothing half-imported", async () => {
    configureShopify({ customerData: { level1: true, fields: [] } });
    await installShop(SHOP);
    const state = await backfillUntilSettled();
    expect(state.status).toBe("failed");
    expect(state.lastError).toMatch(/not approved this app for the protected customer data/);
    // No retry loop: another export would be refused the same way.
    expect(shopifyStore(SHOP).bulkOperations).toHaveLength(1);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(0);
    expect(integrationFact(await integrationRecords(SHOP)).note).toMatch(/stopped: Shopify has not approved/);
  });

  test("approved for level 1 only: orders themselves are readable, their names and emails are not", async () => {
    configureShopify({ customerData: { level1: true, fields: ["address"] } });
    await installShop(SHOP);
    expect((await backfillUntilSettled()).lastError).toMatch(/protected customer data/);
  });

  test("a missing scope is named", async () => {
    await installShop(
      SHOP,
      DEMO_SCOPES.split(",")
        .filter((s) => s !== "read_orders")
        .join(","),
    );
    const state = await backfillUntilSettled();
    expect(state.status).toBe("failed");
    expect(state.lastError).toMatch(/Shopify refused access this app needs: `read_orders` access scope/);
  });

  test("once approved, starting again imports everything", async () => {
    configureShopify({ customerData: { level1: true, fields: [] } });
    await installShop(SHOP);
    await backfillUntilSettled();
    configureShopify({ customerData: { level1: true, fields: ["name", "email", "address"] } });
    const state = await backfillUntilSettled();
    expect(state.status).toBe("done");
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(ordersWithinDays(shopifyStore(SHOP).data.orders, 60).length);
  });
});

describe("Shopify throttling and outages", () => {
  test("THROTTLED answers (HTTP 200) are backed off and the backfill completes", async () => {
    await installShop(SHOP);
    shopifyFaults.throttle(3, { shop: SHOP });
    const state = await backfill();
    expect(state.status).toBe("done");
  });

  test("429 and 5xx answers are backed off", async () => {
    await installShop(SHOP);
    shopifyFaults.httpError(429, 1, { shop: SHOP });
    shopifyFaults.httpError(503, 2, { shop: SHOP });
    shopifyFaults.httpError(500, 1, { shop: SHOP });
    const state = await backfill();
    expect(state.status).toBe("done");
  });

  test("a shop whose bucket is nearly empty waits instead of being throttled", async () => {
    await installShop(SHOP);
    await backfill();
    const { configureOrderSync } = await import("./order-sync-config.server");
    configureOrderSync({ maxDelayMs: 2_000 });
    shopifyStore(SHOP).setThrottleStatus({ currentlyAvailable: 0, restoreRate: 5000 });
    expect(await reconcile(SHOP)).toBeGreaterThanOrEqual(0);
  });
});

describe("order webhooks", () => {
  test("an order webhook answers at once; the order is written by the job that follows", async () => {
    await installShop(SHOP);
    const order = shopifyStore(SHOP).data.orders.at(-1)!;
    const response = await ordersCreate(args(webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(order) })));
    expect(response.status).toBe(200);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "order" } })).toBe(1);
    await drainJobs({ shop: SHOP });
    const row = await db.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop: SHOP, shopifyId: order.id } }, include: { lineItems: true } });
    expect(row.lineItems).toHaveLength(order.lineItems.length);
    expect(row.name).toBe(order.name);
    // Product data for the variants the webhook named is read next.
    expect(await db.syncedVariant.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
  });

  test("a duplicated delivery (same event id) is written once", async () => {
    await installShop(SHOP);
    const order = shopifyStore(SHOP).data.orders.at(-1)!;
    const send = () => ordersCreate(args(webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(order), eventId: "evt-dup" })));
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "order" } })).toBe(1);
    await drainJobs({ shop: SHOP });
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(1);
    expect(await db.lineItem.count()).toBe(order.lineItems.length);
  });

  test("webhook jobs leave the queue in the orders' transaction; a batch whose jobs another instance took over commits nothing", async () => {
    await installShop(SHOP);
    const [first, second] = shopifyStore(SHOP).data.orders.slice(-2);
    await ordersCreate(args(webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(first!) })));
    await ordersCreate(args(webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(second!) })));
    const jobs = await db.syncJob.findMany({ where: { shop: SHOP, kind: "order" } });
    expect(jobs).toHaveLength(2);
    // This instance stalled past its lease; another took the jobs over.
    await db.syncJob.updateMany({ where: { kind: "order" }, data: { lockedBy: "other-instance", lockedUntil: new Date(Date.now() + 60_000) } });
    await expect(orderJobs(SHOP, jobs, { owner: "stalled-instance", ids: jobs.map((j) => j.id) })).rejects.toThrow(LeaseLostError);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.syncJob.count({ where: { kind: "order" } })).toBe(2);
    expect(await db.syncJob.count({ where: { kind: "upload" } })).toBe(0);

    // The instance holding them applies them: the jobs are gone and their upload to SEKO is queued.
    await orderJobs(SHOP, jobs, { owner: "other-instance", ids: jobs.map((j) => j.id) });
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(2);
    expect(await db.syncJob.count({ where: { kind: "order" } })).toBe(0);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "upload" } })).toBe(1);
  });

  test("an older payload arriving late never overwrites a newer order", async () => {
    await installShop(SHOP);
    const order = shopifyStore(SHOP).data.orders.at(-1)!;
    const newer = restOrder(order, { updated_at: "2030-01-02T00:00:00Z", cancelled_at: "2030-01-02T00:00:00Z" });
    const older = restOrder(order, { updated_at: "2030-01-01T00:00:00Z", cancelled_at: null, email: "stale@example.com" });
    await ordersUpdated(args(webhookRequest({ topic: "orders/updated", shop: SHOP, body: newer })));
    await drainJobs({ shop: SHOP });
    await ordersUpdated(args(webhookRequest({ topic: "orders/updated", shop: SHOP, body: older })));
    await drainJobs({ shop: SHOP });
    const row = await db.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop: SHOP, shopifyId: order.id } } });
    expect(row.shopifyUpdatedAt.toISOString()).toBe("2030-01-02T00:00:00.000Z");
    expect(row.cancelledAt).not.toBeNull();
    expect(row.email).toBe(order.email);
  });

  test("a stale webhook does not roll back what the backfill wrote, and a newer one wins", async () => {
    await installShop(SHOP);
    await backfill();
    const order = ordersWithinDays(shopifyStore(SHOP).data.orders, 60).at(-1)!;
    const before = await db.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop: SHOP, shopifyId: order.id } } });
    const stale = restOrder(order, { updated_at: new Date(Date.parse(order.updatedAt) - 3_600_000).toISOString(), name: "#STALE" });
    await ordersUpdated(args(webhookRequest({ topic: "orders/updated", shop: SHOP, body: stale })));
    await drainJobs({ shop: SHOP });
    expect((await db.order.findUniqueOrThrow({ where: { id: before.id } })).name).toBe(order.name);

    const fresh = restOrder(order, { updated_at: new Date(Date.parse(order.updatedAt) + 3_600_000).toISOString(), cancelled_at: new Date().toISOString() });
    await ordersUpdated(args(webhookRequest({ topic: "orders/updated", shop: SHOP, body: fresh })));
    await drainJobs({ shop: SHOP });
    const after = await db.order.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.cancelledAt).not.toBeNull();
    expect(after.id).toBe(before.id);
  });

  test("the customer id an order webhook brought survives a later write from GraphQL, which has none", async () => {
    // Without read_customers (a shop that has not accepted it yet) the GraphQL sync reads no customer id.
    await installShop(
      SHOP,
      DEMO_SCOPES.split(",")
        .filter((s) => s !== "read_customers")
        .join(","),
    );
    const order = ordersWithinDays(shopifyStore(SHOP).data.orders, 60).find((o) => o.customerId)!;
    await ordersCreate(args(webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(order) })));
    await drainJobs({ shop: SHOP });
    expect((await db.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop: SHOP, shopifyId: order.id } } })).customerId).toBe(order.customerId);

    order.updatedAt = new Date(Date.parse(order.updatedAt) + 60_000).toISOString();
    await backfill();
    const row = await db.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop: SHOP, shopifyId: order.id } } });
    expect(row.shopifyUpdatedAt.toISOString()).toBe(order.updatedAt);
    expect(row.customerId).toBe(order.customerId);
  });

  test("a malformed payload answers 400 and queues nothing; a bad HMAC answers 401", async () => {
    await installShop(SHOP);
    const bad = await ordersCreate(args(webhookRequest({ topic: "orders/create", shop: SHOP, body: { id: 1 } })));
    expect(bad.status).toBe(400);
    const order = shopifyStore(SHOP).data.orders.at(-1)!;
    const forged = await ordersCreate(args(webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(order), secret: "wrong" }))).catch((r: Response) => r);
    expect(forged.status).toBe(401);
    expect(await db.syncJob.count()).toBe(0);
  });

  test("the order topics' own checks: 405 for other methods, 400 without Shopify's headers or with a foreign shop domain", async () => {
    await installShop(SHOP);
    const order = shopifyStore(SHOP).data.orders.at(-1)!;
    const answer = (request: Request) => ordersCreate(args(request)).catch((thrown: Response) => thrown);
    expect((await answer(webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(order), method: "GET" }))).status).toBe(405);
    expect((await answer(webhookRequest({ topic: "orders/create", shop: "evil.example.com", body: restOrder(order) }))).status).toBe(400);
    for (const header of ["x-shopify-topic", "x-shopify-api-version", "x-shopify-shop-domain"]) {
      const request = webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(order) });
      request.headers.delete(header);
      expect((await answer(request)).status, `without ${header}`).toBe(400);
    }
    const noIds = webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(order) });
    noIds.headers.delete("x-shopify-event-id");
    noIds.headers.delete("x-shopify-webhook-id");
    expect((await answer(noIds)).status).toBe(400);
    // Correctly signed, but not JSON.
    const signed = webhookRequest({ topic: "orders/create", shop: SHOP, body: {}, hmac: createHmac("sha256", DEMO_API_SECRET).update("{not json").digest("base64") });
    expect((await answer(new Request(signed.url, { method: "POST", body: "{not json", headers: signed.headers }))).status).toBe(400);
    expect(await db.syncJob.count()).toBe(0);
    expect(await db.webhookDelivery.count()).toBe(0);
  });

  test("refunds/create reads the order again from Shopify", async () => {
    await installShop(SHOP);
    const order = shopifyStore(SHOP).data.orders.at(-1)!;
    const response = await refundsCreate(args(webhookRequest({ topic: "refunds/create", shop: SHOP, body: { id: 99, order_id: Number(order.id.split("/").pop()), refund_line_items: [] } })));
    expect(response.status).toBe(200);
    await drainJobs({ shop: SHOP });
    expect(await db.order.count({ where: { shop: SHOP, shopifyId: order.id } })).toBe(1);
  });
});

describe("shop isolation", () => {
  test("the same order id in two shops stays two orders; one shop's sync never touches the other", async () => {
    await installShop(SHOP);
    await installShop(OTHER);
    const order = shopifyStore(SHOP).data.orders.at(-1)!;
    await ordersCreate(args(webhookRequest({ topic: "orders/create", shop: OTHER, body: restOrder(order) })));
    await drainJobs({ shop: OTHER });
    await backfill(SHOP);
    expect(await db.order.count({ where: { shop: OTHER } })).toBe(1);
    const otherRow = await db.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop: OTHER, shopifyId: order.id } } });
    const ownRow = await db.order.findUnique({ where: { shop_shopifyId: { shop: SHOP, shopifyId: order.id } } });
    expect(ownRow?.id).not.toBe(otherRow.id);
    expect(await db.orderSyncState.findUnique({ where: { shop: OTHER } })).toBeNull();
    // A webhook for SHOP with a stale copy does not reach OTHER's row.
    await ordersUpdated(args(webhookRequest({ topic: "orders/updated", shop: SHOP, body: restOrder(order, { updated_at: "2099-01-01T00:00:00Z", email: "mine@example.com" }) })));
    await drainJobs({ shop: SHOP });
    expect((await db.order.findUniqueOrThrow({ where: { id: otherRow.id } })).email).toBe(order.email);
  });
});

describe("reconciliation", () => {
  test("catches a change whose webhook never arrived", async () => {
    await installShop(SHOP);
    await backfill();
    const order = ordersWithinDays(shopifyStore(SHOP).data.orders, 60).find((o) => !o.cancelledAt)!;
    order.cancelledAt = new Date().toISOString();
    order.updatedAt = new Date(Date.now() + 1000).toISOString();
    await everythingDue();
    await drainJobs({ shop: SHOP });
    const row = await db.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop: SHOP, shopifyId: order.id } } });
    expect(row.cancelledAt).not.toBeNull();
    const state = await db.orderSyncState.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(state.lastReconciledAt).not.toBeNull();
    // The next reconciliation is scheduled (nightly).
    const next = await db.syncJob.findFirstOrThrow({ where: { shop: SHOP, kind: "reconcile" } });
    expect(next.runAt.getTime()).toBeGreaterThan(Date.now() + 3_600_000);
  });
});

describe("step 5 fact", () => {
  test("not started, then in progress while importing, then done once the summary is handed over", async () => {
    await installShop(SHOP);
    expect(integrationFact(await integrationRecords(SHOP))).toEqual({ status: "not_started" });
    await startBackfill(SHOP);
    expect(integrationFact(await integrationRecords(SHOP))).toMatchObject({ status: "in_progress", note: expect.stringMatching(/Importing/) });
    await drainJobs({ shop: SHOP });
    expect(integrationFact(await integrationRecords(SHOP))).toMatchObject({ status: "in_progress", note: expect.stringMatching(/summary/) });
    const { confirmSummaryHandedOver } = await import("~/integration/summary.server");
    await confirmSummaryHandedOver(SHOP, "42");
    expect(integrationFact(await integrationRecords(SHOP))).toMatchObject({ status: "done", completedBy: "42" });
  });

  test("the guide names the person who confirmed the summary, not their staff id", async () => {
    await installShop(SHOP);
    await startBackfill(SHOP);
    await drainJobs({ shop: SHOP });
    const { confirmSummaryHandedOver } = await import("~/integration/summary.server");
    await confirmSummaryHandedOver(SHOP, "42");
    await rememberStaff(SHOP, { id: 42, first_name: "Ana", last_name: "Returns", email: "ana@example.com" });
    const guide = await getGuide(SHOP);
    expect(guide.steps.find((step) => step.id === "integration")).toMatchObject({ status: "done", completedBy: "Ana Returns (ana@example.com)" });
  });
});
