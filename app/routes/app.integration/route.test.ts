import { expect, test } from "vitest";
import { shopifyStore } from "#tests/mocks/shopify";
import { DEMO_SCOPES, DEMO_SHOP } from "#tests/setup/config";
import { adminRequest, webhookRequest } from "#tests/setup/requests";
import { getGuide } from "~/guide/guide.server";
import { drainJobs } from "~/job-handlers.server";
import { installShop, ordersWithinDays, restOrder, syncTestHooks } from "#tests/setup/order-sync";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { runBackfillStep } from "~/shopify/backfill.server";
import { db } from "~/utils/db.server";
import { action, loader } from "./route";

const SHOP = DEMO_SHOP;
const load = () => loader({ request: adminRequest("/app/integration", { shop: SHOP }), params: {}, context: {} });
const post = (fields: Record<string, string>, shop = SHOP) =>
  action({ request: adminRequest("/app/integration", { shop, init: { method: "POST", body: new URLSearchParams(fields) } }), params: {}, context: {} });

syncTestHooks();

test("the step 5 page walks from 'not started' to a completed step", async () => {
  await installShop(SHOP);
  const first = await load();
  expect(first.fact.status).toBe("not_started");
  expect(first.sync.status).toBe("idle");
  expect(first.scopes.granted).toContain("read_orders");
  expect(first.webhooks.map((w) => w.topic)).toEqual(["orders/create", "orders/updated", "orders/cancelled", "orders/fulfilled", "refunds/create"]);

  expect(await post({ intent: "start-sync" })).toMatchObject({ ok: true, message: "Order sync started" });
  expect(await post({ intent: "start-sync" })).toMatchObject({ ok: true, message: "The order sync is already running" });
  const running = await load();
  expect(running.sync.status).toBe("queued");
  expect(running.fact.status).toBe("in_progress");

  await drainJobs({ shop: SHOP });
  const synced = await load();
  const expected = ordersWithinDays(shopifyStore(SHOP).data.orders, 60).length;
  expect(synced.sync).toMatchObject({ status: "done", ordersStored: expected, progress: { ingested: expected, fraction: 1 } });
  expect(synced.preview.orderVolume.ordersSynced).toBe(expected);
  expect(synced.preview.locations.map((l) => l.name)).toEqual(["Auckland Warehouse", "Christchurch Warehouse"]);
  expect(synced.preview.productReadiness.byCountry.length).toBeGreaterThan(0);
  expect(synced.toFix.length).toBeGreaterThan(0);
  expect(synced.toFix[0]!.fixUrl).toMatch(/^shopify:\/\/admin\/products\/\d+\/variants\/\d+$/);

  // Delivered like the other submissions: emailed to the account manager with the JSON attached.
  expect(await post({ intent: "submit-summary" })).toMatchObject({ ok: true, message: "Summary sent to SEKO" });
  const stored = await db.onboardingSubmission.findFirstOrThrow({ where: { shop: SHOP, form: "integration-summary" } });
  expect(stored.deliveryStatus).toBe("sent");
  const payload = JSON.parse(stored.payload) as { shop: { domain: string }; orderVolume: { ordersSynced: number }; locations: unknown[] };
  expect(payload.shop.domain).toBe(SHOP);
  expect(payload.orderVolume.ordersSynced).toBe(expected);
  expect(payload.locations).toHaveLength(2);
  const done = await load();
  expect(done.fact.status).toBe("done");
  expect(done.summary).toMatchObject({ version: 1, deliveryStatus: "sent" });
  const guide = await getGuide(SHOP);
  expect(guide.steps.find((s) => s.id === "integration")?.status).toBe("done");
});

test("non-returnable tags are saved per shop and an unknown intent is refused", async () => {
  await installShop(SHOP);
  expect(await post({ intent: "save-rules", nonReturnableTags: " Final-Sale, clearance ," })).toMatchObject({ ok: true });
  expect((await load()).nonReturnableTags).toBe("final-sale,clearance");
  await expect(post({ intent: "delete-everything" })).rejects.toMatchObject({ status: 400 });
  const tooLong = await post({ intent: "save-rules", nonReturnableTags: "x".repeat(501) });
  expect(tooLong).toMatchObject({ init: { status: 400 }, data: { ok: false, message: "Keep the list under 500 characters" } });
});

test("after Shopify grants all-orders access the page records it from Shopify, not from the browser", async () => {
  await installShop(SHOP);
  await installShop(SHOP, `${DEMO_SCOPES},read_all_orders`);
  const result = await post({ intent: "scopes-changed" });
  expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/All-orders/) });
  expect((await db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).scopes).toContain("read_all_orders");
});

test("the expected order count is known as soon as the export starts, so the bar moves before Shopify finishes", async () => {
  await installShop(SHOP);
  await post({ intent: "start-sync" });
  await runBackfillStep(SHOP, "test"); // starts the export; Shopify has not finished it
  const exporting = await load();
  const expected = ordersWithinDays(shopifyStore(SHOP).data.orders, 60).length;
  expect(exporting.sync).toMatchObject({ status: "running", phase: "exporting", progress: { estimatedTotal: expected } });
  expect(exporting.sync.progress.bar).toBeGreaterThanOrEqual(0);
  expect(exporting.sync.progress.bar).toBeLessThan(1);
  await drainJobs({ shop: SHOP });
  expect((await load()).sync.progress).toMatchObject({ estimatedTotal: expected, bar: 1 });
});

test("readiness lists only the countries step 1 offers returns from; a domestic return needs no HS code", async () => {
  await installShop(SHOP);
  await post({ intent: "start-sync" });
  await drainJobs({ shop: SHOP });
  const before = await load();
  const sold = before.preview.productReadiness.byCountry.map((c) => c.country);
  // Step 1 names no countries yet: the one empty value of the return settings, and every country counts.
  expect(before.offered).toEqual([]);
  const home = before.preview.productReadiness.byCountry.find((c) => !c.international)!;
  expect(home).toMatchObject({ country: "NZ", needs: ["countryOfOrigin", "weight"], missingHsCode: null, missingOrigin: expect.any(Number) });

  const switchedOff = sold.find((country) => country !== "NZ")!;
  const offered = sold.filter((country) => country !== switchedOff);
  await db.onboardingSection.create({
    data: {
      shop: SHOP,
      form: "onboarding",
      section: "countries",
      savedBy: "staff",
      answers: JSON.stringify({ countryFees: offered.map((country) => ({ country, paidBy: "retailer", currency: "NZD" })) }),
    },
  });
  const after = await load();
  expect(after.offered).toEqual(offered);
  expect(after.preview.productReadiness.byCountry.map((c) => c.country).sort()).toEqual([...offered].sort());
  expect(after.toFix.every((item) => !item.countries.includes(switchedOff))).toBe(true);
});

test("every order SEKO could not take is listed, a page at a time, with the reason and a link to fix it", async () => {
  await installShop(SHOP);
  await post({ intent: "start-sync" });
  await drainJobs({ shop: SHOP });
  const orders = await db.order.findMany({
    where: { shop: SHOP, lineItems: { some: { variantId: { not: null }, requiresShipping: true } } },
    include: { lineItems: true },
    take: 25,
    orderBy: { processedAt: "desc" },
  });
  expect(orders).toHaveLength(25);
  await db.order.updateMany({ where: { id: { in: orders.map((o) => o.id) } }, data: { uploadStatus: "blocked", uploadError: "Nothing could be sent" } });
  // The first order's first product has no country of origin in Shopify's data as the app holds it.
  const first = orders[0]!.lineItems.find((l) => l.variantId && l.requiresShipping)!;
  await db.syncedVariant.updateMany({ where: { shop: SHOP, variantId: first.variantId! }, data: { countryOfOrigin: null } });
  const variant = await db.syncedVariant.findFirstOrThrow({ where: { shop: SHOP, variantId: first.variantId! } });

  const page1 = await load();
  expect(page1.refused).toMatchObject({ total: 25, page: 1, pages: 2 });
  expect(page1.refused.orders).toHaveLength(20);
  const listed = page1.refused.orders.find((o) => o.name === orders[0]!.name)!;
  expect(listed.status).toBe("blocked");
  expect(listed.outcome).toMatch(/^Not sent/);
  const title = [variant.productTitle, variant.variantTitle].filter(Boolean).join(" - ");
  expect(listed.problems).toContainEqual({
    text: `country of origin missing on ${title}`,
    fixUrl: `shopify://admin/products/${variant.productId!.split("/").pop()}/variants/${variant.variantId.split("/").pop()}`,
  });
  expect(listed.orderUrl).toBe(`shopify://admin/orders/${orders[0]!.shopifyId.split("/").pop()}`);

  const page2 = await loader({ request: adminRequest("/app/integration?refused=2", { shop: SHOP }), params: {}, context: {} });
  expect(page2.refused).toMatchObject({ total: 25, page: 2 });
  expect(page2.refused.orders).toHaveLength(5);
  const names = new Set([...page1.refused.orders, ...page2.refused.orders].map((o) => o.name));
  expect(names.size).toBe(25);
});

test("orders that arrived by webhook before any full import: the sync says so, not 'not started', and every count agrees", async () => {
  await installShop(SHOP);
  expect((await load()).syncHeadline).toBe("not started yet, no orders in the app");
  for (const order of shopifyStore(SHOP).data.orders.slice(-3)) {
    const response = await ordersCreate({ request: webhookRequest({ topic: "orders/create", shop: SHOP, body: restOrder(order) }), params: {}, context: {} });
    expect(response.status).toBe(200);
  }
  await drainJobs({ shop: SHOP });
  const data = await load();
  expect(data.sync).toMatchObject({ status: "idle", ordersStored: 3 });
  expect(data.syncHeadline).toBe("no full import yet; 3 orders arrived through live order updates");
  expect(data.syncHeadline).not.toMatch(/not started/i);
  expect(data.preview.orderVolume.ordersSynced).toBe(data.sync.ordersStored);
  expect(data.upload.stored).toBe(data.sync.ordersStored);
});

test("the upload status counts add up to the orders stored, test and cancelled orders counted apart; each currency is listed once", async () => {
  await installShop(SHOP);
  await post({ intent: "start-sync" });
  await drainJobs({ shop: SHOP });
  const data = await load();
  expect(data.syncHeadline).toBe(`finished, ${data.sync.ordersStored.toLocaleString("en")} orders in the app`);
  const { uploaded, partial, blocked, failed, pending, waiting, neverSent, stored } = data.upload;
  const excluded = await db.order.count({ where: { shop: SHOP, OR: [{ test: true }, { cancelledAt: { not: null } }] } });
  expect(excluded).toBeGreaterThan(0);
  expect(neverSent).toBe(excluded);
  expect(uploaded + partial + blocked + failed + pending + waiting + neverSent).toBe(data.sync.ordersStored);
  expect(stored).toBe(data.sync.ordersStored);
  expect(data.preview.orderVolume.ordersSynced).toBe(data.sync.ordersStored);

  // Shopify's presentment currencies include the shop's own: "NZD; also NZD, AUD…" named it twice.
  const { currency, currencies } = data.preview.shop;
  expect(currency).toBe("NZD");
  expect(currencies).not.toContain(currency);
  expect(new Set(currencies).size).toBe(currencies.length);
  expect(currencies).toEqual(["AUD", "GBP", "USD", "CAD", "EUR"]);
});

test("while an import runs the page shows product readiness as last computed, with its time, and every order's once it has finished", async () => {
  await installShop(SHOP);
  await post({ intent: "start-sync" });
  await drainJobs({ shop: SHOP });
  const synced = await load();
  expect(synced.readinessAsOf).toMatchObject({ updating: false, asOf: expect.any(String) });
  const skusSold = synced.preview.productReadiness.skusSold;

  // "Sync again" is importing: one of its batches has landed since the result was stored (a marker here).
  await db.orderSyncState.update({ where: { shop: SHOP }, data: { status: "running", phase: "ingesting" } });
  const stored = await db.readinessSnapshot.findUniqueOrThrow({ where: { shop: SHOP } });
  await db.readinessSnapshot.update({
    where: { shop: SHOP },
    data: { version: { increment: 1 }, readiness: JSON.stringify({ ...JSON.parse(stored.readiness!), skusSold: 4242 }) },
  });
  const importing = await load();
  expect(importing.preview.productReadiness.skusSold).toBe(4242);
  expect(importing.readinessAsOf).toEqual({ updating: true, asOf: synced.readinessAsOf.asOf });

  await db.orderSyncState.update({ where: { shop: SHOP }, data: { status: "done", phase: null } });
  const done = await load();
  expect(done.preview.productReadiness.skusSold).toBe(skusSold);
  expect(done.readinessAsOf.updating).toBe(false);
});
