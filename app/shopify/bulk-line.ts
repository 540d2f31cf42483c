import { normaliseTags, personName, toGrams, type LineRecord, type OrderRecord, type SyncAddress, type VariantRecord } from "./order-sync";

/**
 * The bulk file's lines read straight into records, for the ingest's hot path
 * (app/shopify/order-ingest.server.ts). Each accepts exactly the lines
 * `gqlOrderSchema` / `gqlLineItemSchema` accept and returns what `orderFromGql`
 * / `lineFromGql` / `variantFromGql` make of them (./order-sync.ts stays the
 * shapes' definition; bulk-line.test.ts compares the two on a corpus of valid
 * and broken lines). The schemas copy every object and wrap every field in a
 * parse result of its own: on a 100,000-order export that was about half of
 * everything the ingest allocated, which under the image's small heap
 * (decision 031) was paid again in garbage collection (docs/benchmarks.md,
 * "The ingest's memory (issue 29)").
 */

type Json = Record<string, unknown>;

/** Thrown inside a read to reject the line; caught at the top (never escapes). */
const REJECT = Symbol("reject");
const reject = (): never => {
  throw REJECT;
};

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const object = (value: unknown): Json => (isObject(value) ? value : reject());
/** An object, or undefined/null as given (`.nullish()`). */
const nullishObject = (value: unknown): Json | null | undefined => (value === undefined || value === null ? value : object(value));
const string = (value: unknown): string => (typeof value === "string" ? value : reject());
/** The schemas' `text`: a string, null or absent; an empty string is null. */
const text = (value: unknown): string | null => (value === undefined || value === null || value === "" ? null : string(value));
const int = (value: unknown): number => (typeof value === "number" && Number.isSafeInteger(value) ? value : reject());
const nullishInt = (value: unknown): number | null => (value === undefined || value === null ? null : int(value));
const boolean = (value: unknown, absent: boolean): boolean => (value === undefined ? absent : typeof value === "boolean" ? value : reject());
const date = (value: unknown): Date => {
  const parsed = new Date(string(value));
  return Number.isNaN(parsed.getTime()) ? reject() : parsed;
};
/** The schemas' `optionalDate`: absent, null or "" is none. */
const optionalDate = (value: unknown): Date | null => (value === undefined || value === null || value === "" ? null : date(value));

function address(value: unknown): SyncAddress | null {
  const a = nullishObject(value);
  if (!a) return null;
  const firstName = text(a.firstName);
  const lastName = text(a.lastName);
  const name = text(a.name);
  const result: SyncAddress = {
    name: null,
    company: text(a.company),
    address1: text(a.address1),
    address2: text(a.address2),
    city: text(a.city),
    province: text(a.province),
    provinceCode: text(a.provinceCode),
    zip: text(a.zip),
    country: text(a.country),
    countryCode: text(a.countryCodeV2),
  };
  result.name = name ?? personName(firstName, lastName);
  return result;
}

/** The first successful fulfilment's time (every entry checked, as the schema does). */
function firstFulfilment(value: unknown): Date | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) return reject();
  let first: number | null = null;
  for (const entry of value) {
    const f = object(entry);
    const at = date(f.createdAt).getTime();
    const status = string(f.status);
    if (/^(success|fulfilled)$/i.test(status) && (first === null || at < first)) first = at;
  }
  return first === null ? null : new Date(first);
}

const CUSTOMER_ID = /^gid:\/\/shopify\/Customer\/\d+$/;

/** The schema's `customer`: anything unreadable is none (`.catch(null)`). */
function customerId(value: unknown): string | null {
  return isObject(value) && typeof value.id === "string" && CUSTOMER_ID.test(value.id) ? value.id : null;
}

function readOrder(o: Json): OrderRecord {
  // In the schema's field order, so the first field to fail is the same one.
  const shopifyId = string(o.id);
  const name = string(o.name);
  const email = text(o.email);
  const createdAt = date(o.createdAt);
  const processedAt = date(o.processedAt);
  const updatedAt = date(o.updatedAt);
  const cancelledAt = optionalDate(o.cancelledAt);
  const test = boolean(o.test, false);
  const fulfillmentStatus = text(o.displayFulfillmentStatus);
  const financialStatus = text(o.displayFinancialStatus);
  const currency = string(o.currencyCode);
  const shippingAddress = address(o.shippingAddress);
  const fulfilledAt = firstFulfilment(o.fulfillments);
  return {
    shopifyId,
    name,
    email,
    customerId: customerId(o.customer),
    customerName: shippingAddress?.name ?? null,
    shippingAddress,
    currency,
    processedAt,
    createdAt,
    updatedAt,
    fulfilledAt,
    cancelledAt,
    fulfillmentStatus,
    financialStatus,
    test,
    lineItems: [],
  };
}

/** An order line of the bulk file as `orderFromGql(gqlOrderSchema.parse(value), [])` makes it; null where the schema rejects it. */
export function bulkOrderRecord(value: unknown): OrderRecord | null {
  try {
    return readOrder(object(value));
  } catch (error) {
    if (error === REJECT) return null;
    throw error;
  }
}

/** A line item of the bulk file, and its variant's product data when it has a variant. */
export type BulkLine = { line: LineRecord; variantId: string | null; variant: () => VariantRecord | null };

function readLine(l: Json): BulkLine {
  const shopifyId = string(l.id);
  const sku = text(l.sku);
  const title = string(l.title);
  const variantTitle = text(l.variantTitle);
  const quantity = int(l.quantity);
  const currentQuantity = nullishInt(l.currentQuantity);
  const unfulfilledQuantity = nullishInt(l.unfulfilledQuantity);
  const requiresShipping = boolean(l.requiresShipping, true);
  const price = string(object(object(l.originalUnitPriceSet).shopMoney).amount);
  const image = nullishObject(l.image);
  const imageUrl = image ? string(image.url) : null;
  const product = nullishObject(l.product);
  let tags: string[] = [];
  if (product) {
    string(product.id);
    string(product.title);
    if (product.tags !== undefined) {
      if (!Array.isArray(product.tags)) reject();
      for (const tag of product.tags as unknown[]) string(tag);
      tags = product.tags as string[];
    }
  }
  const variant = nullishObject(l.variant);
  let item: Json | null | undefined;
  let weight: Json | null | undefined;
  if (variant) {
    string(variant.id);
    text(variant.sku);
    text(variant.barcode);
    text(variant.title);
    item = nullishObject(variant.inventoryItem);
    if (item) {
      text(item.harmonizedSystemCode);
      text(item.countryCodeOfOrigin);
      const measurement = nullishObject(item.measurement);
      weight = measurement ? nullishObject(measurement.weight) : null;
      if (weight && !(typeof weight.value === "number" && Number.isFinite(weight.value))) reject();
      if (weight) string(weight.unit);
    }
  }
  const productTitle = product ? (product.title as string) : title;
  const line: LineRecord = {
    shopifyId,
    sku: sku ?? (variant ? text(variant.sku) : null),
    title: productTitle,
    variantTitle,
    quantity,
    currentQuantity,
    unfulfilledQuantity,
    price,
    variantId: variant ? (variant.id as string) : null,
    productId: product ? (product.id as string) : null,
    requiresShipping,
    imageUrl,
  };
  const variantRecord = (): VariantRecord | null => {
    if (!variant) return null;
    const variantTitleText = text(variant.title);
    return {
      variantId: variant.id as string,
      productId: line.productId,
      sku: text(variant.sku),
      barcode: text(variant.barcode),
      productTitle,
      variantTitle: variantTitleText === "Default Title" ? null : variantTitleText,
      imageUrl,
      productTags: normaliseTags(tags),
      hsCode: item ? text(item.harmonizedSystemCode) : null,
      countryOfOrigin: item ? text(item.countryCodeOfOrigin) : null,
      weightGrams: toGrams(weight as { value: number; unit: string } | null | undefined),
    };
  };
  return { line, variantId: line.variantId, variant: variantRecord };
}

/** A line item line of the bulk file as `lineFromGql` / `variantFromGql` make it from `gqlLineItemSchema.parse(value)`; null where the schema rejects it. */
export function bulkLineRecord(value: unknown): BulkLine | null {
  try {
    return readLine(object(value));
  } catch (error) {
    if (error === REJECT) return null;
    throw error;
  }
}
