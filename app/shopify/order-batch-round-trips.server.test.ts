import { describe, expect, test } from "vitest";
import { shopifyStore } from "#tests/mocks/shopify";
import { DEMO_SHOP } from "#tests/setup/config";
import { webhookRequest } from "#tests/setup/requests";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { drainJobs } from "~/job-handlers.server";
import { databaseDialect, databaseRoundTrips, db } from "~/utils/db.server";
import { installShop, restOrder, syncTestHooks } from "#tests/setup/order-sync";

/**
 * The job runner's database round trips for one batch of order webhooks (issue 29): statements sent
 * to Postgres, or messages to SQLite's thread, from the claim through the orders' transaction to its
 * commit, as the runner makes them. The count does not grow with the batch: its statements are
 * set-based. (A runner pass ends with one more claim, which finds nothing; not counted here: an
 * upload queued within the pass's first millisecond would be due in it and run.)
 */
const SHOP = DEMO_SHOP;
const args = (request: Request) => ({ request, params: {}, context: {} });

syncTestHooks();

async function queueOrderWebhooks(count: number, overrides: Record<string, unknown> = {}) {
  const orders = shopifyStore(SHOP).data.orders.slice(-count);
  for (const order of orders) await ordersCreate(args(webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(order, overrides) })));
  expect(await db.syncJob.count({ where: { shop: SHOP, kind: "order" } })).toBe(count);
  return orders;
}

/** The runner's work for the queued order jobs, as its pass does it, up to the batch's commit. */
async function roundTripsOfOneBatch(count: number) {
  const before = databaseRoundTrips();
  const ran = await drainJobs({ shop: SHOP, dueAtStart: true, maxJobs: count });
  return { ran, roundTrips: databaseRoundTrips() - before };
}

/**
 * Postgres: the claim that returns the jobs (1); BEGIN, the orders' upsert, their old line items
 * removed and the new ones written, one statement that removes the jobs (their claim checked),
 * queues the upload and, if a variant is unknown, the product data lookup, and moves the shop's
 * data version on, then COMMIT (6). SQLite: the claim, the orders' transaction as one message.
 * Before issue 29: 14 on Postgres, 10 on SQLite (a look for due jobs, the claim and a re-read of the
 * claimed rows; a removal of the jobs the transaction had already removed; the unknown-variants
 * count and the lookup's queueing after the commit; on Postgres one statement each for the jobs'
 * removal, the upload and the data version).
 */
const EXPECTED = { postgres: 7, sqlite: 2 };

describe("one batch of order webhooks, claim to commit", () => {
  test.each([1, 20])("%i order jobs: the same round trips whatever the batch's size", async (count) => {
    await installShop(SHOP);
    const orders = await queueOrderWebhooks(count);

    const { ran, roundTrips } = await roundTripsOfOneBatch(count);

    expect(ran).toBe(count);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(orders.length);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: "order" } })).toBe(0);
    expect(await db.syncJob.count({ where: { shop: SHOP, kind: { in: ["upload", "variants"] } } })).toBe(2);
    expect(roundTrips).toBe(EXPECTED[databaseDialect()]);
  });

  test("the product data lookup is queued with the orders only when they sell a variant the shop has no data for", async () => {
    await installShop(SHOP);
    await queueOrderWebhooks(5);
    await drainJobs({ shop: SHOP });
    expect(await db.syncedVariant.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    expect(await db.syncJob.count({ where: { shop: SHOP } })).toBe(0);

    // The same orders again, a minute newer: every variant they sell is known now.
    await queueOrderWebhooks(5, { updated_at: new Date(Date.now() + 60_000).toISOString() });
    const { ran, roundTrips } = await roundTripsOfOneBatch(5);

    expect(ran).toBe(5);
    expect(await db.syncJob.findMany({ where: { shop: SHOP }, select: { kind: true } })).toEqual([{ kind: "upload" }]);
    expect(roundTrips).toBe(EXPECTED[databaseDialect()]);
  });
});
