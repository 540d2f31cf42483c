import { expect, test } from "vitest";
import { computeReadiness, describeRefusedOrder, type OrderLineData, type RefusedOrderData } from "./products";

const row = (country: string, id: number, data: Partial<{ hsCode: string; countryOfOrigin: string; weightGrams: number }>) => ({
  country,
  variantId: `gid://shopify/ProductVariant/${id}`,
  productId: `gid://shopify/Product/${id * 10}`,
  sku: `SKU-${id}`,
  productTitle: `Product ${id}`,
  variantTitle: null,
  hsCode: data.hsCode ?? null,
  countryOfOrigin: data.countryOfOrigin ?? null,
  weightGrams: data.weightGrams ?? null,
});
const complete = { hsCode: "6109", countryOfOrigin: "NZ", weightGrams: 200 };

test("readiness: a return from abroad needs HS code, origin and weight; a domestic return origin and weight, no HS code", () => {
  const readiness = computeReadiness(
    [
      row("NZ", 1, complete),
      row("NZ", 2, { countryOfOrigin: "NZ", weightGrams: 150 }), // no HS code: fine at home
      row("AU", 1, complete),
      row("AU", 3, { hsCode: "6109", countryOfOrigin: "CN" }), // no weight
      row("AU", 2, { countryOfOrigin: "NZ", weightGrams: 150 }), // the same SKU 2 crosses a border: needs an HS code
    ],
    { shopCountry: "NZ" },
  );
  expect(readiness).toMatchObject({ skusSold: 3, incomplete: 2 });
  expect(readiness.byCountry).toEqual([
    expect.objectContaining({ country: "AU", international: true, skus: 3, missingHsCode: 1, missingOrigin: 0, missingWeight: 1, incomplete: 2 }),
    expect.objectContaining({
      country: "NZ",
      international: false,
      needs: ["countryOfOrigin", "weight"],
      skus: 2,
      missingHsCode: null,
      missingOrigin: 0,
      missingWeight: 0,
      incomplete: 0,
      incompleteShare: 0,
    }),
  ]);
  expect(readiness.toFix.map((v) => [v.sku, v.missing, v.countries, v.fixUrl])).toEqual([
    ["SKU-2", ["hsCode"], ["AU"], "shopify://admin/products/20/variants/2"],
    ["SKU-3", ["weight"], ["AU"], "shopify://admin/products/30/variants/3"],
  ]);
});

test("readiness: a product sold only at home and missing its HS code is not listed to fix; missing its origin it is (SEKO's order row needs it)", () => {
  expect(computeReadiness([row("NZ", 4, { countryOfOrigin: "NZ", weightGrams: 90 })], { shopCountry: "NZ" })).toMatchObject({ skusSold: 1, incomplete: 0, toFix: [] });
  expect(computeReadiness([row("NZ", 4, { weightGrams: 90 })], { shopCountry: "NZ" }).toFix.map((v) => v.missing)).toEqual([["countryOfOrigin"]]);
});

test("readiness: countries switched off in step 1 are not listed and do not count", () => {
  const rows = [row("NZ", 1, complete), row("US", 5, {}), row("AU", 6, { ...complete, weightGrams: undefined })];
  const readiness = computeReadiness(rows, { shopCountry: "NZ", offered: ["NZ", "AU"] });
  expect(readiness.byCountry.map((c) => c.country)).toEqual(["AU", "NZ"]);
  expect(readiness).toMatchObject({ skusSold: 2, incomplete: 1 });
  expect(readiness.toFix.map((v) => v.sku)).toEqual(["SKU-6"]);
  // Not answered yet: every country counts.
  expect(computeReadiness(rows, { shopCountry: "NZ", offered: [] }).byCountry).toHaveLength(3);
});

const line = (data: Partial<OrderLineData> = {}): OrderLineData => ({
  title: "Merino Neck Gaiter",
  variantTitle: "Oat",
  sku: "MNG-OAT",
  variantId: "gid://shopify/ProductVariant/42",
  productId: "gid://shopify/Product/7",
  requiresShipping: true,
  quantity: 1,
  variant: { sku: "MNG-OAT", productId: "gid://shopify/Product/7", countryOfOrigin: "NZ" },
  ...data,
});
const order = (data: Partial<RefusedOrderData> = {}): RefusedOrderData => ({
  shopifyId: "gid://shopify/Order/1001",
  name: "#1001",
  uploadStatus: "blocked",
  uploadError: "Nothing could be sent: MNG-OAT: ProductCountryOfOrigin is missing or invalid",
  uploadAttempts: 0,
  uploadNextAt: null,
  customerName: "Aroha Ngata",
  email: "aroha@example.com",
  address: { name: "Aroha Ngata", address1: "1 Queen St", address2: null, city: "Auckland", zip: "1010", countryCode: "NZ" },
  lines: [line()],
  ...data,
});

test("a blocked order says why in the merchant's words, with a link to fix each thing in Shopify", () => {
  const described = describeRefusedOrder(
    order({
      lines: [line({ variant: { sku: "MNG-OAT", productId: "gid://shopify/Product/7", countryOfOrigin: null } }), line({ title: "Gift card", requiresShipping: false, sku: null })],
    }),
  );
  expect(described).toEqual({
    name: "#1001",
    status: "blocked",
    outcome: expect.stringMatching(/^Not sent: no item in this order could go to SEKO/),
    problems: [{ text: "country of origin missing on Merino Neck Gaiter - Oat", fixUrl: "shopify://admin/products/7/variants/42" }],
    orderUrl: "shopify://admin/orders/1001",
  });
});

test("order-level gaps point at the order; a missing SKU and a deleted product are named", () => {
  const described = describeRefusedOrder(
    order({
      uploadStatus: "partial",
      email: null,
      address: { name: null, address1: "", address2: null, city: null, zip: "1010", countryCode: "NZ" },
      customerName: null,
      lines: [
        line(),
        line({ title: "Wool Socks", variantTitle: null, sku: null, variant: { sku: null, productId: "gid://shopify/Product/8", countryOfOrigin: "NZ" } }),
        line({ title: "Old Beanie", variantTitle: null, variantId: null, productId: null, variant: null }),
      ],
    }),
  );
  expect(described.status).toBe("partial");
  expect(described.outcome).toMatch(/^Sent to SEKO without some items/);
  expect(described.problems).toEqual([
    { text: "customer name missing on the order", fixUrl: "shopify://admin/orders/1001" },
    { text: "customer email missing on the order", fixUrl: "shopify://admin/orders/1001" },
    { text: "shipping address has no street, no suburb or city", fixUrl: "shopify://admin/orders/1001" },
    { text: "SKU missing on Wool Socks", fixUrl: "shopify://admin/products/8/variants/42" },
    { text: "Old Beanie was deleted from Shopify, so its country of origin is unknown", fixUrl: null },
  ]);
});

test("a failed upload says SEKO's answer and that it is retried; a fixed order says to check again", () => {
  const failed = describeRefusedOrder(order({ uploadStatus: "failed", uploadError: "OmniRPS answered 503", uploadAttempts: 3 }));
  expect(failed).toMatchObject({ status: "failed", problems: [], outcome: expect.stringContaining("OmniRPS answered 503") });
  expect(failed.outcome).toMatch(/Tried 3 times; the app keeps trying/);
  const fixed = describeRefusedOrder(order());
  expect(fixed.problems).toEqual([{ text: expect.stringMatching(/looks fixed now/), fixUrl: null }]);
  const nothingToReturn = describeRefusedOrder(order({ lines: [line({ quantity: 0 })] }));
  expect(nothingToReturn).toMatchObject({ problems: [], outcome: expect.stringMatching(/nothing to return/) });
});
