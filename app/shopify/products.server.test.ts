import { expect, test } from "vitest";
import { db } from "~/utils/db.server";
import { productReadiness } from "./products.server";

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
