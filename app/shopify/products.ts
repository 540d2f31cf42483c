/**
 * Product data readiness (pure): of the SKUs sold into each country, how many
 * lack what a return label from that country needs. A parcel that crosses a
 * border needs each item's HS code, country of origin and weight; a domestic
 * return (the shop's own country) needs no HS code, but the OmniRPS order row
 * carries the country of origin whatever the destination (the upload refuses a
 * row without it, app/seko/schemas.ts), so it needs that and the weight. Countries the
 * merchant does not offer returns from (step 1's country list, passed in as
 * plain data) are left out.
 */

export type SoldVariantRow = {
  country: string | null;
  variantId: string | null;
  productId: string | null;
  sku: string | null;
  productTitle: string | null;
  variantTitle: string | null;
  hsCode: string | null;
  countryOfOrigin: string | null;
  weightGrams: number | null;
};

export type MissingField = "hsCode" | "countryOfOrigin" | "weight";

const CUSTOMS: MissingField[] = ["hsCode", "countryOfOrigin", "weight"];
const DOMESTIC: MissingField[] = ["countryOfOrigin", "weight"];

/** What a return label from `country` needs: everything across a border, the weight at home. */
export function neededFor(country: string, shopCountry: string | null): MissingField[] {
  return shopCountry !== null && country === shopCountry ? DOMESTIC : CUSTOMS;
}

export type CountryReadiness = {
  country: string;
  international: boolean;
  /** The fields a return from this country needs. */
  needs: MissingField[];
  skus: number;
  /** Null where the country does not need the field (domestic returns: the HS code). */
  missingHsCode: number | null;
  missingOrigin: number | null;
  missingWeight: number;
  /** SKUs missing at least one field this country needs. */
  incomplete: number;
  /** 0..1 */
  incompleteShare: number;
};

export type VariantToFix = {
  variantId: string;
  productId: string | null;
  sku: string | null;
  title: string;
  /** Fields missing that at least one of its countries needs. */
  missing: MissingField[];
  /** Countries it was sold into that need what it misses. */
  countries: string[];
  /** Opens the variant in Shopify admin (App Bridge resolves shopify://admin links). */
  fixUrl: string | null;
};

export type Readiness = {
  skusSold: number;
  incomplete: number;
  incompleteShare: number;
  byCountry: CountryReadiness[];
  toFix: VariantToFix[];
};

export type ReadinessOptions = {
  shopCountry: string | null;
  /** Countries the merchant offers returns from (step 1); null when not answered yet: every country counts. */
  offered?: string[];
  /** How many variants to fix are listed. */
  limit?: number;
};

function missingOf(row: SoldVariantRow): MissingField[] {
  const missing: MissingField[] = [];
  if (!row.hsCode) missing.push("hsCode");
  if (!row.countryOfOrigin) missing.push("countryOfOrigin");
  if (!row.weightGrams) missing.push("weight");
  return missing;
}

const legacy = (gid: string | null) => (gid ? gid.slice(gid.lastIndexOf("/") + 1) : null);

export function fixUrl(productId: string | null, variantId: string | null) {
  const product = legacy(productId);
  const variant = legacy(variantId);
  if (!product) return null;
  return variant ? `shopify://admin/products/${product}/variants/${variant}` : `shopify://admin/products/${product}`;
}

/**
 * Rows are (country, variant) pairs of sold line items; a deleted variant
 * (no id) cannot be fixed and counts as missing everything.
 */
export function computeReadiness(rows: SoldVariantRow[], options: ReadinessOptions): Readiness {
  const { shopCountry, limit = 50 } = options;
  const offered = options.offered?.length ? new Set(options.offered) : null;
  const perCountry = new Map<string, Map<string, SoldVariantRow>>();
  const all = new Map<string, { row: SoldVariantRow; countries: Set<string> }>();
  for (const row of rows) {
    const country = row.country ?? "??";
    if (offered && !offered.has(country)) continue;
    const key = row.variantId ?? `sku:${row.sku ?? row.productTitle ?? "?"}`;
    let skus = perCountry.get(country);
    if (!skus) perCountry.set(country, (skus = new Map()));
    skus.set(key, row);
    const entry = all.get(key) ?? { row, countries: new Set<string>() };
    entry.countries.add(country);
    all.set(key, entry);
  }
  const byCountry: CountryReadiness[] = [...perCountry.entries()].map(([country, skus]) => {
    const needs = neededFor(country, shopCountry);
    let missingHsCode = 0;
    let missingOrigin = 0;
    let missingWeight = 0;
    let incomplete = 0;
    for (const row of skus.values()) {
      const missing = missingOf(row);
      if (missing.includes("hsCode")) missingHsCode++;
      if (missing.includes("countryOfOrigin")) missingOrigin++;
      if (missing.includes("weight")) missingWeight++;
      if (missing.some((field) => needs.includes(field))) incomplete++;
    }
    return {
      country,
      international: needs !== DOMESTIC,
      needs,
      skus: skus.size,
      missingHsCode: needs.includes("hsCode") ? missingHsCode : null,
      missingOrigin: needs.includes("countryOfOrigin") ? missingOrigin : null,
      missingWeight,
      incomplete,
      incompleteShare: skus.size ? incomplete / skus.size : 0,
    };
  });
  byCountry.sort((a, b) => b.skus - a.skus || a.country.localeCompare(b.country));
  const toFix: VariantToFix[] = [];
  let incomplete = 0;
  for (const { row, countries } of all.values()) {
    const missingAny = missingOf(row);
    const lacking = [...countries].filter((country) => missingAny.some((field) => neededFor(country, shopCountry).includes(field)));
    if (!lacking.length) continue;
    incomplete++;
    if (!row.variantId) continue;
    const needed = new Set(lacking.flatMap((country) => neededFor(country, shopCountry)));
    toFix.push({
      variantId: row.variantId,
      productId: row.productId,
      sku: row.sku,
      title: lineTitle(row.productTitle, row.variantTitle) || row.sku || "Unnamed product",
      missing: missingAny.filter((field) => needed.has(field)),
      countries: lacking.sort(),
      fixUrl: fixUrl(row.productId, row.variantId),
    });
  }
  toFix.sort((a, b) => b.countries.length - a.countries.length || a.title.localeCompare(b.title));
  return { skusSold: all.size, incomplete, incompleteShare: all.size ? incomplete / all.size : 0, byCountry, toFix: toFix.slice(0, limit) };
}

/** "Merino Neck Gaiter - Oat": the product and variant as Shopify admin and the order show them. */
export function lineTitle(productTitle: string | null, variantTitle: string | null) {
  return [productTitle, variantTitle].filter(Boolean).join(" - ");
}

/*
 * Orders SEKO could not take, and why, in the merchant's words. The upload
 * (app/seko/order-upload.server.ts) refuses a line item that SEKO's OmniRPS
 * row schema would refuse: no SKU, no valid country of origin, or an order
 * without a customer name, email or full shipping address. These are the same
 * checks on the data as it is now, so a fixed product stops being named even
 * before "Check again" sends the order once more.
 */

export type OrderLineData = {
  title: string;
  variantTitle: string | null;
  sku: string | null;
  variantId: string | null;
  productId: string | null;
  requiresShipping: boolean;
  /** Quantity left after refunds and removals. */
  quantity: number;
  /** The synced product data of the variant, when the app has it. */
  variant: { sku: string | null; productId: string | null; countryOfOrigin: string | null } | null;
};

export type RefusedOrderData = {
  shopifyId: string;
  name: string;
  uploadStatus: string;
  uploadError: string | null;
  uploadAttempts: number;
  uploadNextAt: string | null;
  customerName: string | null;
  email: string | null;
  address: { name: string | null; address1: string | null; address2: string | null; city: string | null; zip: string | null; countryCode: string | null } | null;
  lines: OrderLineData[];
};

export type OrderProblem = { text: string; fixUrl: string | null };

export type RefusedOrder = {
  name: string;
  status: "blocked" | "partial" | "failed";
  /** What happened to the order, in one sentence. */
  outcome: string;
  problems: OrderProblem[];
  orderUrl: string | null;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COUNTRY = /^[A-Z]{2}$/;

export function orderUrl(orderId: string | null) {
  const id = legacy(orderId);
  return id ? `shopify://admin/orders/${id}` : null;
}

/** Why SEKO cannot take (some of) this order, from the order and product data as they are now. */
export function orderProblems(order: RefusedOrderData): OrderProblem[] {
  const problems: OrderProblem[] = [];
  const onOrder = orderUrl(order.shopifyId);
  const lines = order.lines.filter((line) => line.requiresShipping && line.quantity > 0);
  if (lines.length === 0) return problems;
  if (!(order.customerName ?? order.address?.name)?.trim()) problems.push({ text: "customer name missing on the order", fixUrl: onOrder });
  if (!order.email || !EMAIL.test(order.email)) problems.push({ text: "customer email missing on the order", fixUrl: onOrder });
  const address = order.address;
  const gaps = [
    !address?.address1?.trim() && "street",
    !(address?.address2?.trim() || address?.city?.trim()) && "suburb or city",
    !address?.zip?.trim() && "postcode",
    !(address?.countryCode && COUNTRY.test(address.countryCode)) && "country",
  ].filter((gap): gap is string => Boolean(gap));
  if (gaps.length) problems.push({ text: `shipping address has no ${gaps.join(", no ")}`, fixUrl: onOrder });
  for (const line of lines) {
    const title = lineTitle(line.title, line.variantTitle) || "an item";
    const productId = line.variant?.productId ?? line.productId;
    const onProduct = line.variantId ? fixUrl(productId, line.variantId) : null;
    if (!(line.sku ?? line.variant?.sku)) {
      problems.push({ text: `SKU missing on ${title}`, fixUrl: onProduct });
      continue;
    }
    const origin = line.variant?.countryOfOrigin;
    if (!origin || !COUNTRY.test(origin)) {
      problems.push({
        text: line.variantId ? `country of origin missing on ${title}` : `${title} was deleted from Shopify, so its country of origin is unknown`,
        fixUrl: onProduct,
      });
    }
  }
  return problems;
}

/** One refused order as the step 5 page lists it. */
export function describeRefusedOrder(order: RefusedOrderData): RefusedOrder {
  const status = order.uploadStatus === "partial" || order.uploadStatus === "failed" ? order.uploadStatus : "blocked";
  const url = orderUrl(order.shopifyId);
  if (status === "failed") {
    const tries = `${order.uploadAttempts} time${order.uploadAttempts === 1 ? "" : "s"}`;
    return {
      name: order.name,
      status,
      outcome: `Not sent yet: SEKO's system did not accept the upload (${order.uploadError ?? "no reason given"}). Tried ${tries}; the app keeps trying.`,
      problems: [],
      orderUrl: url,
    };
  }
  const returnable = order.lines.some((line) => line.requiresShipping && line.quantity > 0);
  if (!returnable) {
    return { name: order.name, status, outcome: "Not sent: nothing in it is shipped (gift cards, services) or every item was refunded, so there is nothing to return.", problems: [], orderUrl: url };
  }
  const problems = orderProblems(order);
  return {
    name: order.name,
    status,
    outcome:
      status === "partial"
        ? "Sent to SEKO without some items: returns of those items cannot be matched to the order."
        : "Not sent: no item in this order could go to SEKO, so none of it can be returned through SEKO yet.",
    // Fixed since the last upload: say so rather than name a problem that is gone.
    problems: problems.length ? problems : [{ text: "what SEKO refused looks fixed now: “Check again” sends the order again", fixUrl: null }],
    orderUrl: url,
  };
}
