/**
 * The order sync's pure parts: Shopify's two order shapes (the bulk/GraphQL
 * JSON and the REST-shaped webhook payload) normalised into one record, and
 * the progress figures the step 5 page shows. No I/O: unit-tested directly.
 */
import { z } from "zod";

export type SyncAddress = {
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  /** Full name ("Auckland", "New South Wales"): SEKO wants the full state name. */
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  country: string | null;
  countryCode: string | null;
};

export type LineRecord = {
  shopifyId: string;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  quantity: number;
  currentQuantity: number | null;
  unfulfilledQuantity: number | null;
  /** Unit price in the shop currency, decimal string. */
  price: string;
  variantId: string | null;
  productId: string | null;
  requiresShipping: boolean;
  imageUrl: string | null;
};

export type OrderRecord = {
  shopifyId: string;
  name: string;
  email: string | null;
  customerId: string | null;
  customerName: string | null;
  shippingAddress: SyncAddress | null;
  currency: string;
  processedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** The first successful fulfilment: it starts the return window. */
  fulfilledAt: Date | null;
  cancelledAt: Date | null;
  fulfillmentStatus: string | null;
  financialStatus: string | null;
  test: boolean;
  lineItems: LineRecord[];
};

export type VariantRecord = {
  variantId: string;
  productId: string | null;
  sku: string | null;
  barcode: string | null;
  productTitle: string;
  variantTitle: string | null;
  imageUrl: string | null;
  productTags: string;
  hsCode: string | null;
  countryOfOrigin: string | null;
  weightGrams: number | null;
};

const text = z
  .string()
  .nullish()
  .transform((value) => (value === undefined || value === null || value === "" ? null : value));
function toDate(value: string, ctx: { addIssue(issue: { code: "custom"; message: string }): void }) {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) {
    ctx.addIssue({ code: "custom", message: "not a date" });
    return z.NEVER;
  }
  return parsed;
}
const date = z.string().transform(toDate);
const optionalDate = z
  .string()
  .nullish()
  .transform((value, ctx) => (value ? toDate(value, ctx) : null));
const numericId = z.union([z.number(), z.string()]).transform(String);

const WEIGHT_TO_GRAMS: Record<string, number> = { GRAMS: 1, KILOGRAMS: 1000, OUNCES: 28.349523125, POUNDS: 453.59237 };

export function toGrams(weight: { value: number; unit: string } | null | undefined): number | null {
  if (!weight || !weight.value) return null;
  const factor = WEIGHT_TO_GRAMS[weight.unit];
  return factor ? Math.round(weight.value * factor * 1000) / 1000 : null;
}

function gid(type: string, id: string | null): string | null {
  if (id === null) return null;
  return id.startsWith("gid://") ? id : `gid://shopify/${type}/${id}`;
}

function personName(first: string | null | undefined, last: string | null | undefined) {
  return [first, last].filter(Boolean).join(" ").trim() || null;
}

// ---------- GraphQL / bulk JSONL ----------

const gqlAddress = z
  .object({
    firstName: text,
    lastName: text,
    name: text,
    company: text,
    address1: text,
    address2: text,
    city: text,
    province: text,
    provinceCode: text,
    zip: text,
    country: text,
    countryCodeV2: text,
  })
  .nullish();

/** An order line of the bulk file (or a node of the paged query): no `__parentId`. */
export const gqlOrderSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: text,
  createdAt: date,
  processedAt: date,
  updatedAt: date,
  cancelledAt: optionalDate,
  test: z.boolean().default(false),
  displayFulfillmentStatus: text,
  displayFinancialStatus: text,
  currencyCode: z.string(),
  shippingAddress: gqlAddress,
  fulfillments: z.array(z.object({ createdAt: date, status: z.string() })).default([]),
  // Absent when not asked for (read_customers not granted, app/shopify/bulk.server.ts), null for a guest; a malformed id is none.
  customer: z
    .object({ id: z.string().regex(/^gid:\/\/shopify\/Customer\/\d+$/) })
    .nullish()
    .catch(null),
});
export type GqlOrder = z.infer<typeof gqlOrderSchema>;

export const gqlLineItemSchema = z.object({
  id: z.string(),
  sku: text,
  title: z.string(),
  variantTitle: text,
  quantity: z.number().int(),
  currentQuantity: z.number().int().nullish(),
  unfulfilledQuantity: z.number().int().nullish(),
  requiresShipping: z.boolean().default(true),
  originalUnitPriceSet: z.object({ shopMoney: z.object({ amount: z.string() }) }),
  image: z.object({ url: z.string() }).nullish(),
  product: z.object({ id: z.string(), title: z.string(), tags: z.array(z.string()).default([]) }).nullish(),
  variant: z
    .object({
      id: z.string(),
      sku: text,
      barcode: text,
      title: text,
      inventoryItem: z
        .object({
          harmonizedSystemCode: text,
          countryCodeOfOrigin: text,
          measurement: z.object({ weight: z.object({ value: z.number(), unit: z.string() }).nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
export type GqlLineItem = z.infer<typeof gqlLineItemSchema>;

export function addressFromGql(address: z.infer<typeof gqlAddress>): SyncAddress | null {
  if (!address) return null;
  return {
    name: address.name ?? personName(address.firstName, address.lastName),
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province,
    provinceCode: address.provinceCode,
    zip: address.zip,
    country: address.country,
    countryCode: address.countryCodeV2,
  };
}

/** A fulfilment that counts as done (its time starts the return window). */
export const fulfilmentDone = (status: string) => /^(success|fulfilled)$/i.test(status);

function firstFulfilment(fulfillments: { createdAt: Date; status: string }[]): Date | null {
  const done = fulfillments.filter((f) => fulfilmentDone(f.status)).map((f) => f.createdAt.getTime());
  return done.length ? new Date(Math.min(...done)) : null;
}

export function orderFromGql(order: GqlOrder, lines: GqlLineItem[]): OrderRecord {
  const shippingAddress = addressFromGql(order.shippingAddress);
  return {
    shopifyId: order.id,
    name: order.name,
    email: order.email,
    // Null when not read: the upsert keeps the id an order webhook or an earlier sync stored (app/shopify/order-upserts.server.ts).
    customerId: order.customer?.id ?? null,
    customerName: shippingAddress?.name ?? null,
    shippingAddress,
    currency: order.currencyCode,
    processedAt: order.processedAt,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    fulfilledAt: firstFulfilment(order.fulfillments),
    cancelledAt: order.cancelledAt,
    fulfillmentStatus: order.displayFulfillmentStatus,
    financialStatus: order.displayFinancialStatus,
    test: order.test,
    lineItems: lines.map(lineFromGql),
  };
}

export function lineFromGql(line: GqlLineItem): LineRecord {
  return {
    shopifyId: line.id,
    sku: line.sku ?? line.variant?.sku ?? null,
    title: line.product?.title ?? line.title,
    variantTitle: line.variantTitle,
    quantity: line.quantity,
    currentQuantity: line.currentQuantity ?? null,
    unfulfilledQuantity: line.unfulfilledQuantity ?? null,
    price: line.originalUnitPriceSet.shopMoney.amount,
    variantId: line.variant?.id ?? null,
    productId: line.product?.id ?? null,
    requiresShipping: line.requiresShipping,
    imageUrl: line.image?.url ?? null,
  };
}

/** The product data a line of the bulk file carries, when it still has a variant. */
export function variantFromGql(line: GqlLineItem): VariantRecord | null {
  const variant = line.variant;
  if (!variant) return null;
  const item = variant.inventoryItem;
  return {
    variantId: variant.id,
    productId: line.product?.id ?? null,
    sku: variant.sku,
    barcode: variant.barcode,
    productTitle: line.product?.title ?? line.title,
    variantTitle: variant.title === "Default Title" ? null : variant.title,
    imageUrl: line.image?.url ?? null,
    productTags: normaliseTags(line.product?.tags ?? []),
    hsCode: item?.harmonizedSystemCode ?? null,
    countryOfOrigin: item?.countryCodeOfOrigin ?? null,
    weightGrams: toGrams(item?.measurement?.weight),
  };
}

export function normaliseTags(tags: string[]) {
  return tags
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean)
    .join(",");
}

// ---------- webhook payloads (REST shape) ----------

const restAddress = z
  .object({
    first_name: text,
    last_name: text,
    name: text,
    company: text,
    address1: text,
    address2: text,
    city: text,
    province: text,
    province_code: text,
    zip: text,
    country: text,
    country_code: text,
  })
  .nullish();

export const webhookOrderSchema = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().optional(),
  name: z.string(),
  email: text,
  contact_email: text,
  created_at: date,
  processed_at: optionalDate,
  updated_at: date,
  cancelled_at: optionalDate,
  test: z.boolean().default(false),
  currency: z.string(),
  financial_status: text,
  fulfillment_status: text,
  customer: z.object({ id: numericId, first_name: text, last_name: text }).nullish(),
  shipping_address: restAddress,
  line_items: z.array(
    z.object({
      id: numericId,
      admin_graphql_api_id: z.string().optional(),
      variant_id: numericId.nullish(),
      product_id: numericId.nullish(),
      sku: text,
      title: z.string(),
      variant_title: text,
      quantity: z.number().int(),
      current_quantity: z.number().int().nullish(),
      fulfillable_quantity: z.number().int().nullish(),
      price: z.union([z.string(), z.number()]).transform(String),
      requires_shipping: z.boolean().default(true),
    }),
  ),
  fulfillments: z.array(z.object({ created_at: date, status: z.string() })).default([]),
});
export type WebhookOrder = z.infer<typeof webhookOrderSchema>;

const FULFILMENT_FROM_REST: Record<string, string> = { fulfilled: "FULFILLED", partial: "PARTIALLY_FULFILLED", restocked: "RESTOCKED" };

export function orderFromWebhook(order: WebhookOrder): OrderRecord {
  const address = order.shipping_address;
  const shippingAddress: SyncAddress | null = address
    ? {
        name: address.name ?? personName(address.first_name, address.last_name),
        company: address.company,
        address1: address.address1,
        address2: address.address2,
        city: address.city,
        province: address.province,
        provinceCode: address.province_code,
        zip: address.zip,
        country: address.country,
        countryCode: address.country_code,
      }
    : null;
  return {
    shopifyId: order.admin_graphql_api_id ?? gid("Order", order.id)!,
    name: order.name,
    email: order.email ?? order.contact_email,
    customerId: order.customer ? gid("Customer", order.customer.id) : null,
    customerName: shippingAddress?.name ?? personName(order.customer?.first_name, order.customer?.last_name),
    shippingAddress,
    currency: order.currency,
    processedAt: order.processed_at ?? order.created_at,
    createdAt: order.created_at,
    updatedAt: order.updated_at,
    fulfilledAt: firstFulfilment(order.fulfillments.map((f) => ({ createdAt: f.created_at, status: f.status }))),
    cancelledAt: order.cancelled_at,
    fulfillmentStatus: order.fulfillment_status ? (FULFILMENT_FROM_REST[order.fulfillment_status] ?? order.fulfillment_status.toUpperCase()) : "UNFULFILLED",
    financialStatus: order.financial_status ? order.financial_status.toUpperCase() : null,
    test: order.test,
    lineItems: order.line_items.map((line) => ({
      shopifyId: line.admin_graphql_api_id ?? gid("LineItem", line.id)!,
      sku: line.sku,
      title: line.title,
      variantTitle: line.variant_title,
      quantity: line.quantity,
      currentQuantity: line.current_quantity ?? null,
      unfulfilledQuantity: line.fulfillable_quantity ?? null,
      price: line.price,
      variantId: gid("ProductVariant", line.variant_id ?? null),
      productId: gid("Product", line.product_id ?? null),
      requiresShipping: line.requires_shipping,
      imageUrl: null,
    })),
  };
}

// ---------- progress ----------

export type SyncProgress = {
  ingested: number;
  estimatedTotal: number | null;
  /** 0..1, null while the total is unknown (Shopify still preparing the file). */
  fraction: number | null;
  ordersPerSecond: number | null;
  etaSeconds: number | null;
};

export function syncProgress(input: { ingested: number; estimatedTotal: number | null; ingestStartedAt: Date | null; now: Date; done: boolean }): SyncProgress {
  const { ingested, estimatedTotal, ingestStartedAt, now, done } = input;
  const total = estimatedTotal === null ? null : Math.max(estimatedTotal, ingested);
  const fraction = done ? 1 : total ? Math.min(1, ingested / total) : total === 0 ? 1 : null;
  const elapsed = ingestStartedAt ? (now.getTime() - ingestStartedAt.getTime()) / 1000 : 0;
  const rate = elapsed > 0 && ingested > 0 ? ingested / elapsed : null;
  const eta = done ? 0 : rate && total !== null ? Math.max(0, Math.round((total - ingested) / rate)) : null;
  return { ingested, estimatedTotal: total, fraction, ordersPerSecond: rate === null ? null : Math.round(rate), etaSeconds: eta };
}

/** How far back the backfill reaches: 60 days unless read_all_orders is granted. */
export const DEFAULT_BACKFILL_DAYS = 60;

export function backfillSince(allOrders: boolean, now: Date): Date | null {
  return allOrders ? null : new Date(now.getTime() - DEFAULT_BACKFILL_DAYS * 86_400_000);
}
