import { addressFromGql, fulfilmentDone, normaliseTags, toGrams, type LineRecord, type OrderRecord, type SyncAddress, type VariantRecord } from "./order-sync";

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

/** The shipping address, its fields read as the schema reads them, then mapped as `orderFromGql` maps it. */
function address(value: unknown): SyncAddress | null {
  const a = nullishObject(value);
  if (!a) return null;
  return addressFromGql({
    firstName: text(a.firstName),
    lastName: text(a.lastName),
    name: text(a.name),
    company: text(a.company),
    address1: text(a.address1),
    address2: text(a.address2),
    city: text(a.city),
    province: text(a.province),
    provinceCode: text(a.provinceCode),
    zip: text(a.zip),
    country: text(a.country),
    countryCodeV2: text(a.countryCodeV2),
  });
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
    if (fulfilmentDone(status) && (first === null || at < first)) first = at;
  }
  return first === null ? null : new Date(first);
}

const CUSTOMER_ID = /^gid:\/\/shopify\/Customer\/\d+$/;

/** The schema's `customer`: anything unreadable is none (`.catch(null)`). */
function customerId(value: unknown): string | null {
  return isObject(value) && typeof value.id === "string" && CUSTOMER_ID.test(value.id) ? value.id : null;
}

function readOrder(o: Json): OrderRecord {
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

/** A line item of the bulk file, and its variant's product data when it has a variant (made only when asked for). */
export type BulkLine = { line: LineRecord; variant: () => VariantRecord | null };

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
  const productId = product ? string(product.id) : null;
  const productTitle = product ? string(product.title) : title;
  const tags = product ? strings(product.tags) : [];
  const variantJson = nullishObject(l.variant);
  const variant = variantJson ? readVariant(variantJson) : null;
  const line: LineRecord = {
    shopifyId,
    sku: sku ?? variant?.sku ?? null,
    title: productTitle,
    variantTitle,
    quantity,
    currentQuantity,
    unfulfilledQuantity,
    price,
    variantId: variant?.id ?? null,
    productId,
    requiresShipping,
    imageUrl,
  };
  const variantRecord = (): VariantRecord | null =>
    variant && {
      variantId: variant.id,
      productId,
      sku: variant.sku,
      barcode: variant.barcode,
      productTitle,
      variantTitle: variant.title === "Default Title" ? null : variant.title,
      imageUrl,
      productTags: normaliseTags(tags),
      hsCode: variant.hsCode,
      countryOfOrigin: variant.countryOfOrigin,
      weightGrams: toGrams(variant.weight),
    };
  return { line, variant: variantRecord };
}

/** The schema's `z.array(z.string()).default([])`. */
function strings(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return reject();
  for (const item of value as unknown[]) string(item);
  return value as string[];
}

/** A line's variant with its inventory item, read as the schema reads them. */
function readVariant(v: Json) {
  const id = string(v.id);
  const sku = text(v.sku);
  const barcode = text(v.barcode);
  const title = text(v.title);
  const item = nullishObject(v.inventoryItem);
  const hsCode = item ? text(item.harmonizedSystemCode) : null;
  const countryOfOrigin = item ? text(item.countryCodeOfOrigin) : null;
  const measurement = item ? nullishObject(item.measurement) : null;
  const w = measurement ? nullishObject(measurement.weight) : null;
  const weight = w ? { value: typeof w.value === "number" && Number.isFinite(w.value) ? w.value : reject(), unit: string(w.unit) } : null;
  return { id, sku, barcode, title, hsCode, countryOfOrigin, weight };
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
