import { describe, expect, test, vi } from "vitest";
import { redactCustomer } from "~/privacy/compliance.server";
import { db } from "~/utils/db.server";
import { acquireLock, releaseLock } from "~/utils/leases.server";
import { applyOrders, writeVariants } from "./order-ingest.server";
import type { OrderRecord, VariantRecord } from "./order-sync";
import { productReadiness, READINESS_REFRESH_DURING_IMPORT_MS } from "./products.server";

const SHOP = "readiness.myshopify.com";
const OTHER = "other-readiness.myshopify.com";

type Line = { variantId: string | null; sku?: string; title?: string; requiresShipping?: boolean };

let next = 0;
async function order(shop: string, country: string, lines: Line[], cancelled = false) {
  const n = ++next;
  await db.order.create({
    data: {
      shop,
      shopifyId: `gid://shopify/Order/${n}`,
      name: `#${n}`,
      currency: "NZD",
      shipCountry: country,
      processedAt: new Date(),
      shopifyUpdatedAt: new Date(),
      cancelledAt: cancelled ? new Date() : null,
      lineItems: {
        create: lines.map((line, i) => ({
          shopifyId: `gid://shopify/LineItem/${n}${i}`,
          sku: line.sku ?? null,
          title: line.title ?? "Line title",
          quantity: 1,
          price: "10.00",
          variantId: line.variantId,
          productId: line.variantId ? "gid://shopify/Product/7" : null,
          requiresShipping: line.requiresShipping ?? true,
        })),
      },
    },
  });
}

async function variant(shop: string, variantId: string, data: { sku: string; hsCode?: string; countryOfOrigin?: string; weightGrams?: number }) {
  await db.syncedVariant.create({ data: { shop, variantId, productId: "gid://shopify/Product/7", productTitle: "Wool Beanie", variantTitle: "Grey", ...data } });
}

test("readiness counts each sold variant once per country, from the shop's own product data, leaving out cancelled orders and lines that do not ship", async () => {
  const complete = "gid://shopify/ProductVariant/1";
  const noHsCode = "gid://shopify/ProductVariant/2";
  const unknown = "gid://shopify/ProductVariant/3";
  await variant(SHOP, complete, { sku: "BEANIE-GREY", hsCode: "6505.00", countryOfOrigin: "NZ", weightGrams: 120 });
  await variant(SHOP, noHsCode, { sku: "SCARF", countryOfOrigin: "NZ", weightGrams: 200 });
  // Another shop knows the unknown variant with full data: it must not make this shop's SKU complete.
  await variant(OTHER, unknown, { sku: "OTHER-SKU", hsCode: "6117.10", countryOfOrigin: "CN", weightGrams: 90 });

  // Three orders to Australia sell the same variants again and again: each counts once.
  for (let i = 0; i < 3; i++) await order(SHOP, "AU", [{ variantId: complete, sku: "OLD-SKU" }, { variantId: noHsCode }]);
  await order(SHOP, "NZ", [{ variantId: complete }, { variantId: unknown, sku: "LINE-SKU", title: "Gift card sleeve" }]);
  // Not counted: a cancelled order, a line that needs no shipping, and another shop's order.
  await order(SHOP, "US", [{ variantId: noHsCode }], true);
  await order(SHOP, "GB", [{ variantId: "gid://shopify/ProductVariant/4", requiresShipping: false }]);
  await order(OTHER, "AU", [{ variantId: unknown }]);

  const readiness = await productReadiness(SHOP, { shopCountry: "NZ" });

  expect(readiness.byCountry.map((c) => c.country).sort()).toEqual(["AU", "NZ"]);
  const au = readiness.byCountry.find((c) => c.country === "AU")!;
  expect(au).toMatchObject({ international: true, skus: 2, missingHsCode: 1, missingOrigin: 0, missingWeight: 0, incomplete: 1 });
  const nz = readiness.byCountry.find((c) => c.country === "NZ")!;
  // At home the HS code is not needed; the variant without product data misses its origin and weight.
  expect(nz).toMatchObject({ international: false, skus: 2, missingHsCode: null, missingOrigin: 1, missingWeight: 1, incomplete: 1 });
  expect(readiness.skusSold).toBe(3);
  expect(readiness.incomplete).toBe(2);

  const byVariant = new Map(readiness.toFix.map((v) => [v.variantId, v]));
  // Product data wins over the line item's copy (the SKU sold as OLD-SKU is BEANIE-GREY now)...
  expect(byVariant.has(complete)).toBe(false);
  expect(byVariant.get(noHsCode)).toMatchObject({ sku: "SCARF", title: "Wool Beanie - Grey", missing: ["hsCode"], countries: ["AU"] });
  // ...and where the shop has none, the line item's own values are shown, not another shop's.
  expect(byVariant.get(unknown)).toMatchObject({ sku: "LINE-SKU", title: "Gift card sleeve", missing: ["countryOfOrigin", "weight"], countries: ["NZ"] });
});

describe("the stored readiness", () => {
  const STORED = "stored-readiness.myshopify.com";
  const beanie = "gid://shopify/ProductVariant/801";
  const scarf = "gid://shopify/ProductVariant/802";

  let orderNo = 9000;
  /** An order as the sync writes it (the webhook and reconciliation path), shipping one line per variant to `country`. */
  function synced(country: string, variantIds: string[], customerId: string | null = null): OrderRecord {
    const n = ++orderNo;
    const at = new Date("2026-11-20T10:00:00Z");
    return {
      shopifyId: `gid://shopify/Order/${n}`,
      name: `#${n}`,
      email: null,
      customerId,
      customerName: "Ana Lee",
      currency: "NZD",
      shippingAddress: { name: "Ana Lee", company: null, address1: "1 Queen St", address2: null, city: "Town", province: null, provinceCode: null, zip: "1010", country: null, countryCode: country },
      processedAt: at,
      createdAt: at,
      updatedAt: at,
      fulfilledAt: null,
      cancelledAt: null,
      fulfillmentStatus: null,
      financialStatus: "PAID",
      test: false,
      lineItems: variantIds.map((variantId, i) => ({
        shopifyId: `gid://shopify/LineItem/${n}${i}`,
        sku: null,
        title: "Merino",
        variantTitle: null,
        quantity: 1,
        currentQuantity: 1,
        unfulfilledQuantity: 1,
        price: "10.00",
        variantId,
        productId: "gid://shopify/Product/8",
        requiresShipping: true,
        imageUrl: null,
      })),
    };
  }
  const product = (variantId: string, data: Partial<VariantRecord>): VariantRecord => ({
    variantId,
    productId: "gid://shopify/Product/8",
    sku: "SKU",
    barcode: null,
    productTitle: "Merino",
    variantTitle: null,
    imageUrl: null,
    productTags: "",
    hsCode: null,
    countryOfOrigin: null,
    weightGrams: null,
    ...data,
  });
  const countries = (readiness: Awaited<ReturnType<typeof productReadiness>>) => readiness.byCountry.map((c) => `${c.country}:${c.skus}`).sort();

  test("is used while no order or product of the shop was written, and computed again after every write that changes them", async () => {
    await applyOrders(STORED, [synced("AU", [beanie])]);
    const first = await productReadiness(STORED, { shopCountry: "NZ" });
    expect(countries(first)).toEqual(["AU:1"]);
    const stored = await db.readinessSnapshot.findUniqueOrThrow({ where: { shop: STORED } });
    expect(stored.computedVersion).toBe(stored.version);

    // Used as stored while the version stands: a marker put in its place is what the page gets.
    const marker = { ...first, skusSold: 4242 };
    await db.readinessSnapshot.update({ where: { shop: STORED }, data: { readiness: JSON.stringify(marker) } });
    expect((await productReadiness(STORED, { shopCountry: "NZ" })).skusSold).toBe(4242);
    // Another choice of countries is another result.
    expect((await productReadiness(STORED, { shopCountry: "NZ", offered: ["NZ"] })).skusSold).toBe(0);

    // An order webhook or reconciliation: a new country and variant.
    await applyOrders(STORED, [synced("GB", [beanie, scarf])]);
    const afterOrder = await productReadiness(STORED, { shopCountry: "NZ" });
    expect(countries(afterOrder)).toEqual(["AU:1", "GB:2"]);
    expect(afterOrder.incomplete).toBe(2);

    // The merchant fixed the products in Shopify and the app read them again ("Check again").
    await writeVariants(STORED, [product(beanie, { hsCode: "6110.11", countryOfOrigin: "NZ", weightGrams: 300 }), product(scarf, { hsCode: "6117.10", countryOfOrigin: "NZ", weightGrams: 90 })]);
    expect((await productReadiness(STORED, { shopCountry: "NZ" })).incomplete).toBe(0);

    // A customer's orders erased (customers/redact): their items are no longer counted.
    await applyOrders(STORED, [synced("US", [scarf], "gid://shopify/Customer/55")]);
    expect(countries(await productReadiness(STORED, { shopCountry: "NZ" }))).toEqual(["AU:1", "GB:2", "US:1"]);
    await db.$transaction((tx) => redactCustomer(tx, STORED, { shop_domain: STORED, customer: { id: "55", email: null } }));
    expect(countries(await productReadiness(STORED, { shopCountry: "NZ" }))).toEqual(["AU:1", "GB:2"]);
  });

  test("a result computed from an older version is not used, and one shop's writes leave another's stored result alone", async () => {
    const A = "stored-a.myshopify.com";
    const B = "stored-b.myshopify.com";
    await applyOrders(A, [synced("AU", [beanie])]);
    await applyOrders(B, [synced("GB", [scarf])]);
    await productReadiness(A, { shopCountry: "NZ" });
    await productReadiness(B, { shopCountry: "NZ" });
    const before = await db.readinessSnapshot.findUniqueOrThrow({ where: { shop: B } });

    await applyOrders(A, [synced("US", [scarf])]);
    // B's version and stored result are as they were.
    expect(await db.readinessSnapshot.findUniqueOrThrow({ where: { shop: B } })).toEqual(before);

    // A result stored as computed from the version before the last write (a write landed while its rows were read).
    const current = await db.readinessSnapshot.findUniqueOrThrow({ where: { shop: A } });
    await db.readinessSnapshot.update({ where: { shop: A }, data: { computedVersion: current.version - 1, readiness: JSON.stringify({ skusSold: 4242 }) } });
    const readiness = await productReadiness(A, { shopCountry: "NZ" });
    expect(countries(readiness)).toEqual(["AU:1", "US:1"]);
    expect((await db.readinessSnapshot.findUniqueOrThrow({ where: { shop: A } })).computedVersion).toBe(current.version);
  });
  const syncStatus = (shop: string, status: string) => db.orderSyncState.upsert({ where: { shop }, create: { shop, status }, update: { status } });
  const stored = (shop: string) => db.readinessSnapshot.findUniqueOrThrow({ where: { shop } });
  const PAGE = { duringImport: "reuse" } as const;

  test("while the shop's order sync imports, a page gets the last result with its time; once the import has finished, every order is counted", async () => {
    const SHOP_I = "importing-readiness.myshopify.com";
    await applyOrders(SHOP_I, [synced("AU", [beanie])]);
    const before = await productReadiness(SHOP_I, { shopCountry: "NZ" }, PAGE);
    expect(before).toMatchObject({ updating: false });
    expect(before.asOf).toBe((await stored(SHOP_I)).computedAt!.toISOString());

    await syncStatus(SHOP_I, "running");
    // Each of the import's batches moves the version on.
    await applyOrders(SHOP_I, [synced("GB", [beanie, scarf])]);
    await applyOrders(SHOP_I, [synced("US", [scarf])]);
    const during = await productReadiness(SHOP_I, { shopCountry: "NZ" }, PAGE);
    expect(countries(during)).toEqual(["AU:1"]);
    expect(during).toMatchObject({ updating: true, asOf: before.asOf });
    const snapshot = await stored(SHOP_I);
    expect(snapshot.computedVersion).toBeLessThan(snapshot.version);
    // Another choice of countries was never computed: it is computed, not shown as someone else's result.
    expect(await productReadiness(SHOP_I, { shopCountry: "NZ", offered: ["GB"] }, PAGE)).toMatchObject({ updating: false, skusSold: 2 });

    await syncStatus(SHOP_I, "done");
    const after = await productReadiness(SHOP_I, { shopCountry: "NZ" }, PAGE);
    expect(countries(after)).toEqual(["AU:1", "GB:2", "US:1"]);
    expect(after.updating).toBe(false);
  });

  test("during an import, what is not for a page (the summary sent to SEKO) is computed from every order", async () => {
    const SHOP_S = "importing-summary.myshopify.com";
    await applyOrders(SHOP_S, [synced("AU", [beanie])]);
    await productReadiness(SHOP_S, { shopCountry: "NZ" }, PAGE);
    await syncStatus(SHOP_S, "running");
    await applyOrders(SHOP_S, [synced("GB", [scarf])]);
    const fresh = await productReadiness(SHOP_S, { shopCountry: "NZ" });
    expect(countries(fresh)).toEqual(["AU:1", "GB:1"]);
    expect(fresh.updating).toBe(false);
  });

  test("during an import, a result older than the refresh interval is computed again after the answer, by one process at a time", async () => {
    const SHOP_R = "refresh-readiness.myshopify.com";
    await applyOrders(SHOP_R, [synced("AU", [beanie])]);
    await productReadiness(SHOP_R, { shopCountry: "NZ" }, PAGE);
    await syncStatus(SHOP_R, "running");
    await applyOrders(SHOP_R, [synced("GB", [scarf])]);
    const old = new Date(Date.now() - READINESS_REFRESH_DURING_IMPORT_MS - 1_000);
    await db.readinessSnapshot.update({ where: { shop: SHOP_R }, data: { computedAt: old } });

    // Another instance is computing it (it holds the lease): this page answers with the last result and starts nothing.
    await acquireLock(SHOP_R, "readiness", "other-instance", 60_000);
    expect(countries(await productReadiness(SHOP_R, { shopCountry: "NZ" }, PAGE))).toEqual(["AU:1"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await stored(SHOP_R)).computedAt).toEqual(old);
    await releaseLock(SHOP_R, "readiness", "other-instance");

    // Free: the page still answers at once with the last result, and the result is brought up to date behind it.
    const answered = await productReadiness(SHOP_R, { shopCountry: "NZ" }, PAGE);
    expect(countries(answered)).toEqual(["AU:1"]);
    expect(answered.asOf).toBe(old.toISOString());
    await vi.waitFor(async () => expect((await stored(SHOP_R)).computedAt!.getTime()).toBeGreaterThan(old.getTime()), { timeout: 5_000 });
    const next = await productReadiness(SHOP_R, { shopCountry: "NZ" }, PAGE);
    expect(countries(next)).toEqual(["AU:1", "GB:1"]);
    // Computed from the version it read: current until the import's next batch.
    expect(next.updating).toBe(false);
    expect(await db.syncLock.count({ where: { shop: SHOP_R } })).toBe(0);
  });

  test("a page that finds the readiness being computed waits for that result instead of computing its own", async () => {
    const SHOP_W = "waiting-readiness.myshopify.com";
    await applyOrders(SHOP_W, [synced("AU", [beanie])]);
    await acquireLock(SHOP_W, "readiness", "other-instance", 60_000);
    const page = productReadiness(SHOP_W, { shopCountry: "NZ" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The other instance stores its result (a marker here) and lets go.
    const snapshot = await stored(SHOP_W);
    const marker = { byCountry: [], toFix: [], skusSold: 4242, incomplete: 0, incompleteShare: 0 };
    await db.readinessSnapshot.update({
      where: { shop: SHOP_W },
      data: { computedVersion: snapshot.version, optionsKey: snapshot.optionsKey ?? JSON.stringify(["readiness-1", "NZ", null]), readiness: JSON.stringify(marker), computedAt: new Date() },
    });
    await releaseLock(SHOP_W, "readiness", "other-instance");
    expect((await page).skusSold).toBe(4242);
  });
});
