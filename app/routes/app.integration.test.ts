import { expect, test } from "vitest";
import { shopifyStore } from "#tests/mocks/shopify";
import { DEMO_SCOPES, DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { getGuide } from "~/onboarding/guide.server";
import { drainJobs } from "~/jobs.server";
import { installShop, ordersWithinDays, syncTestHooks } from "#tests/setup/order-sync";
import { db } from "~/utils/db.server";
import { action, loader } from "./app.integration";

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
