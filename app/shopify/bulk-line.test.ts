import { expect, test } from "vitest";
import { bulkLineRecord, bulkOrderRecord } from "./bulk-line";
import { gqlLineItemSchema, gqlOrderSchema, lineFromGql, orderFromGql, variantFromGql } from "./order-sync";

// The ingest's reader must accept exactly what the schemas accept and make the same records of it:
// compared on full lines of the bulk query's shape (app/shopify/bulk.server.ts) and on every way of
// breaking one field at a time.

const ORDER = {
  id: "gid://shopify/Order/1001",
  name: "#1001",
  email: "jo@example.com",
  createdAt: "2026-01-01T10:00:00Z",
  processedAt: "2026-01-01T10:00:01Z",
  updatedAt: "2026-01-02T10:00:00Z",
  cancelledAt: null,
  test: false,
  displayFulfillmentStatus: "FULFILLED",
  displayFinancialStatus: "PAID",
  currencyCode: "NZD",
  shippingAddress: {
    firstName: "Jo",
    lastName: "Bloggs",
    name: "Jo Bloggs",
    company: "",
    address1: "1 Queen St",
    address2: null,
    city: "Auckland",
    province: "Auckland",
    provinceCode: "AUK",
    zip: "1010",
    country: "New Zealand",
    countryCodeV2: "NZ",
  },
  fulfillments: [
    { createdAt: "2026-01-03T10:00:00Z", status: "SUCCESS" },
    { createdAt: "2026-01-02T11:00:00Z", status: "success" },
    { createdAt: "2026-01-01T11:00:00Z", status: "CANCELLED" },
  ],
  customer: { id: "gid://shopify/Customer/77" },
};

const LINE = {
  id: "gid://shopify/LineItem/5",
  sku: "TEE-M",
  title: "Tee",
  variantTitle: "M",
  quantity: 2,
  currentQuantity: 2,
  unfulfilledQuantity: 0,
  requiresShipping: true,
  originalUnitPriceSet: { shopMoney: { amount: "25.00" } },
  image: { url: "https://cdn.example/tee.png" },
  product: { id: "gid://shopify/Product/3", title: "The Tee", tags: [" Summer ", "", "SALE"] },
  variant: {
    id: "gid://shopify/ProductVariant/2",
    sku: "TEE-M-V",
    barcode: "9400000000001",
    title: "Default Title",
    inventoryItem: { harmonizedSystemCode: "6109.10", countryCodeOfOrigin: "NZ", measurement: { weight: { value: 0.25, unit: "KILOGRAMS" } } },
  },
  __parentId: "gid://shopify/Order/1001",
};

/** Values a broken export might carry in place of any field. */
const REPLACEMENTS: unknown[] = [undefined, null, "", "x", "2026-01-05T00:00:00Z", "not a date", 0, 3, -1, 1.5, 2 ** 53, true, false, [], [{}], {}, { id: "gid://shopify/Customer/8" }];

/** Every path to a value in `value` (objects and arrays walked), the root excluded. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => [[...prefix, key], ...paths((value as Record<string | number, unknown>)[key], [...prefix, key])]);
}

/** `value` with the field at `path` set to `replacement` (deleted for undefined). */
function withField(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === undefined) delete at[last];
  else at[last] = replacement;
  return copy;
}

function variants(base: unknown): unknown[] {
  const out: unknown[] = [base, null, "text", 5, [], {}, [base]];
  for (const path of paths(base)) for (const replacement of REPLACEMENTS) out.push(withField(base, path, replacement));
  return out;
}

const bySchemaOrder = (value: unknown) => {
  const parsed = gqlOrderSchema.safeParse(value);
  return parsed.success ? orderFromGql(parsed.data, []) : null;
};
const bySchemaLine = (value: unknown) => {
  const parsed = gqlLineItemSchema.safeParse(value);
  return parsed.success ? { line: lineFromGql(parsed.data), variant: variantFromGql(parsed.data) } : null;
};

test("an order line: the same record as the schema and orderFromGql, and rejected where the schema rejects it", () => {
  const corpus = variants(ORDER);
  let accepted = 0;
  for (const value of corpus) {
    const expected = bySchemaOrder(value);
    expect(bulkOrderRecord(value), JSON.stringify(value)).toEqual(expected);
    if (expected) accepted++;
  }
  // Both outcomes are exercised: the corpus is not all good or all broken.
  expect(accepted).toBeGreaterThan(50);
  expect(corpus.length - accepted).toBeGreaterThan(50);
});

test("a line item line: the same line and variant records as the schema with lineFromGql and variantFromGql, and rejected where the schema rejects it", () => {
  const corpus = [...variants(LINE), ...variants({ ...LINE, variant: { ...LINE.variant, title: "Blue", inventoryItem: null } }), { ...LINE, product: null, variant: null, image: null, sku: null }];
  let accepted = 0;
  for (const value of corpus) {
    const expected = bySchemaLine(value);
    const read = bulkLineRecord(value);
    expect(read && { line: read.line, variant: read.variant() }, JSON.stringify(value)).toEqual(expected);
    if (expected) accepted++;
  }
  expect(accepted).toBeGreaterThan(50);
  expect(corpus.length - accepted).toBeGreaterThan(50);
});

test("the fields the records take from a full line", () => {
  const order = bulkOrderRecord(ORDER)!;
  expect(order).toMatchObject({ shopifyId: "gid://shopify/Order/1001", customerId: "gid://shopify/Customer/77", customerName: "Jo Bloggs", test: false });
  expect(order.shippingAddress).toMatchObject({ company: null, address2: null, countryCode: "NZ" });
  expect(order.fulfilledAt?.toISOString()).toBe("2026-01-02T11:00:00.000Z");
  const line = bulkLineRecord(LINE)!;
  expect(line.line).toMatchObject({ sku: "TEE-M", title: "The Tee", price: "25.00", variantId: "gid://shopify/ProductVariant/2", requiresShipping: true });
  expect(line.variant()).toMatchObject({ variantTitle: null, productTags: "summer,sale", weightGrams: 250, hsCode: "6109.10" });
});
