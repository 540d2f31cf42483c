/**
 * Product data readiness (pure): of the SKUs sold into each country, how many
 * lack what an international return label needs (HS code, country of origin,
 * weight). SEKO's OmniRPS rows need the country of origin for every return,
 * and carriers need HS code and weight once a parcel crosses a border.
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

export type CountryReadiness = {
  country: string;
  international: boolean;
  skus: number;
  missingHsCode: number;
  missingOrigin: number;
  missingWeight: number;
  /** SKUs missing at least one of the three. */
  incomplete: number;
  /** 0..1 */
  incompleteShare: number;
};

export type VariantToFix = {
  variantId: string;
  productId: string | null;
  sku: string | null;
  title: string;
  missing: MissingField[];
  /** Countries it was sold into. */
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
export function computeReadiness(rows: SoldVariantRow[], shopCountry: string | null, limit = 50): Readiness {
  const perCountry = new Map<string, Map<string, SoldVariantRow>>();
  const all = new Map<string, { row: SoldVariantRow; countries: Set<string> }>();
  for (const row of rows) {
    const key = row.variantId ?? `sku:${row.sku ?? row.productTitle ?? "?"}`;
    const country = row.country ?? "??";
    let skus = perCountry.get(country);
    if (!skus) perCountry.set(country, (skus = new Map()));
    skus.set(key, row);
    const entry = all.get(key) ?? { row, countries: new Set<string>() };
    entry.countries.add(country);
    all.set(key, entry);
  }
  const byCountry: CountryReadiness[] = [...perCountry.entries()].map(([country, skus]) => {
    let missingHsCode = 0;
    let missingOrigin = 0;
    let missingWeight = 0;
    let incomplete = 0;
    for (const row of skus.values()) {
      const missing = missingOf(row);
      if (missing.includes("hsCode")) missingHsCode++;
      if (missing.includes("countryOfOrigin")) missingOrigin++;
      if (missing.includes("weight")) missingWeight++;
      if (missing.length) incomplete++;
    }
    return {
      country,
      international: shopCountry !== null && country !== shopCountry,
      skus: skus.size,
      missingHsCode,
      missingOrigin,
      missingWeight,
      incomplete,
      incompleteShare: skus.size ? incomplete / skus.size : 0,
    };
  });
  byCountry.sort((a, b) => b.skus - a.skus || a.country.localeCompare(b.country));
  const toFix: VariantToFix[] = [];
  let incomplete = 0;
  for (const { row, countries } of all.values()) {
    const missing = missingOf(row);
    if (!missing.length) continue;
    incomplete++;
    if (!row.variantId) continue;
    toFix.push({
      variantId: row.variantId,
      productId: row.productId,
      sku: row.sku,
      title: [row.productTitle, row.variantTitle].filter(Boolean).join(" - ") || row.sku || "Unnamed product",
      missing,
      countries: [...countries].sort(),
      fixUrl: fixUrl(row.productId, row.variantId),
    });
  }
  toFix.sort((a, b) => b.countries.length - a.countries.length || a.title.localeCompare(b.title));
  return { skusSold: all.size, incomplete, incompleteShare: all.size ? incomplete / all.size : 0, byCountry, toFix: toFix.slice(0, limit) };
}
