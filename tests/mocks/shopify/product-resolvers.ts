/**
 * Products, variants and inventory items: their search fields and sort keys, and the records shaped
 * as GraphQL objects. Functions in a view are resolved lazily by graphql-js.
 */
import type { DemoImage, DemoProduct, DemoVariant } from "../../fixtures/demo-store";
import { connection, positional, type ConnectionArgs, type SortedArgs, type SortKey } from "./connections";
import { legacyId, numericId, type Ctx, type Obj } from "./resolver-context";
import { applySearch, dateMatcher, idMatcher, textMatcher, wordsMatcher, type SearchFields } from "./search-syntax";

const PRODUCT_SEARCH: SearchFields<DemoProduct> = {
  fields: {
    title: wordsMatcher((p) => p.title),
    handle: textMatcher((p) => [p.handle]),
    tag: textMatcher((p) => p.tags),
    tag_not: (p, _c, v) => !p.tags.some((t) => t.toLowerCase() === v.toLowerCase()),
    sku: textMatcher((p) => p.variants.map((v) => v.sku)),
    barcode: textMatcher((p) => p.variants.map((v) => v.barcode)),
    status: (p, _c, v) => v.split(",").some((s) => s.trim().toUpperCase() === p.status),
    product_type: textMatcher((p) => [p.productType]),
    vendor: textMatcher((p) => [p.vendor]),
    gift_card: (p, _c, v) => String(p.tags.includes("gift-card")) === v.toLowerCase(),
    id: idMatcher((p) => p.id),
    created_at: dateMatcher((p) => p.createdAt),
    updated_at: dateMatcher((p) => p.updatedAt),
  },
  text: (p, v) => p.title.toLowerCase().includes(v.toLowerCase()),
};

type VariantEntry = { variant: DemoVariant; product: DemoProduct };
const VARIANT_SEARCH: SearchFields<VariantEntry> = {
  fields: {
    sku: textMatcher((e) => [e.variant.sku]),
    barcode: textMatcher((e) => [e.variant.barcode]),
    title: wordsMatcher((e) => e.variant.title),
    product_id: idMatcher((e) => e.product.id),
    product_status: (e, _c, v) => v.split(",").some((s) => s.trim().toUpperCase() === e.product.status),
    tag: textMatcher((e) => e.product.tags),
    id: idMatcher((e) => e.variant.id),
    created_at: dateMatcher((e) => e.variant.createdAt),
    updated_at: dateMatcher((e) => e.variant.updatedAt),
  },
  text: (e, v) => `${e.product.title} ${e.variant.title} ${e.variant.sku ?? ""}`.toLowerCase().includes(v.toLowerCase()),
};

function imageView(image: DemoImage | null | undefined) {
  if (!image) return null;
  return { id: image.id, url: () => image.url, altText: image.altText, width: image.width, height: image.height };
}

function mediaView(image: DemoImage) {
  return { __typename: "MediaImage", id: image.mediaId, alt: image.altText, mediaContentType: "IMAGE", status: "READY", image: imageView(image) };
}

export function productView(product: DemoProduct, ctx: Ctx): Obj {
  const shop = ctx.runtime.data.shop;
  return {
    __typename: "Product",
    id: product.id,
    legacyResourceId: legacyId(product.id),
    title: product.title,
    handle: product.handle,
    vendor: product.vendor,
    productType: product.productType,
    status: product.status,
    tags: product.tags,
    descriptionHtml: product.descriptionHtml,
    onlineStoreUrl: product.status === "ACTIVE" ? `${shop.url}/products/${product.handle}` : null,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    totalInventory: product.variants.reduce((sum, v) => sum + v.inventoryQuantity, 0),
    hasOnlyDefaultVariant: product.variants.length === 1 && product.variants[0]?.title === "Default Title",
    options: (args: { first?: number | null }) =>
      product.options.slice(0, args.first ?? undefined).map((option, i) => ({
        id: `gid://shopify/ProductOption/${numericId(product.id) * 10 + i}`,
        name: option.name,
        position: i + 1,
        values: option.values,
      })),
    featuredImage: () => imageView(product.images[0]),
    featuredMedia: () => (product.images[0] ? mediaView(product.images[0]) : null),
    images: (args: ConnectionArgs) => positional(product.images, args, ctx, (image) => imageView(image)),
    media: (args: ConnectionArgs) => positional(product.images, args, ctx, (image) => mediaView(image)),
    variants: (args: ConnectionArgs) => positional(product.variants, args, ctx, (variant) => variantView(variant, product, ctx)),
    variantsCount: () => ({ count: product.variants.length, precision: "EXACT" }),
  };
}

export function variantView(variant: DemoVariant, product: DemoProduct, ctx: Ctx): Obj {
  return {
    __typename: "ProductVariant",
    id: variant.id,
    legacyResourceId: legacyId(variant.id),
    title: variant.title,
    displayName: `${product.title} - ${variant.title}`,
    sku: variant.sku,
    barcode: variant.barcode,
    price: variant.price,
    compareAtPrice: variant.compareAtPrice,
    position: variant.position,
    inventoryQuantity: variant.inventoryQuantity,
    availableForSale: product.status === "ACTIVE" && (!variant.inventoryItem.tracked || variant.inventoryQuantity > 0),
    selectedOptions: variant.selectedOptions,
    image: null,
    product: () => productView(product, ctx),
    inventoryItem: () => inventoryItemView(variant, product, ctx),
    createdAt: variant.createdAt,
    updatedAt: variant.updatedAt,
  };
}

export function inventoryItemView(variant: DemoVariant, product: DemoProduct, ctx: Ctx): Obj {
  const item = variant.inventoryItem;
  return {
    __typename: "InventoryItem",
    id: item.id,
    legacyResourceId: legacyId(item.id),
    sku: item.sku,
    tracked: item.tracked,
    requiresShipping: item.requiresShipping,
    harmonizedSystemCode: item.harmonizedSystemCode,
    countryCodeOfOrigin: item.countryCodeOfOrigin,
    provinceCodeOfOrigin: null,
    measurement: { id: `gid://shopify/InventoryItemMeasurement/${legacyId(item.id)}`, weight: item.measurement.weight },
    variant: () => variantView(variant, product, ctx),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

const PRODUCT_SORT: Record<string, (p: DemoProduct) => SortKey> = {
  ID: (p) => numericId(p.id),
  RELEVANCE: (p) => numericId(p.id),
  TITLE: (p) => p.title,
  CREATED_AT: (p) => p.createdAt,
  UPDATED_AT: (p) => p.updatedAt,
  PUBLISHED_AT: (p) => p.createdAt,
  PRODUCT_TYPE: (p) => p.productType,
  VENDOR: (p) => p.vendor,
  INVENTORY_TOTAL: (p) => p.variants.reduce((sum, v) => sum + v.inventoryQuantity, 0),
};

const VARIANT_SORT: Record<string, (e: VariantEntry) => SortKey> = {
  ID: (e) => numericId(e.variant.id),
  RELEVANCE: (e) => numericId(e.variant.id),
  POPULAR: (e) => numericId(e.variant.id),
  SKU: (e) => e.variant.sku ?? "",
  TITLE: (e) => e.variant.title,
  NAME: (e) => `${e.product.title} - ${e.variant.title}`,
  FULL_TITLE: (e) => `${e.product.title} - ${e.variant.title}`,
  POSITION: (e) => e.variant.position,
  INVENTORY_QUANTITY: (e) => e.variant.inventoryQuantity,
  INVENTORY_LEVELS_AVAILABLE: (e) => e.variant.inventoryQuantity,
  INVENTORY_MANAGEMENT: (e) => numericId(e.variant.id),
  INVENTORY_POLICY: (e) => numericId(e.variant.id),
};

/** The root fields that list products and variants. */
export const productRootFields = {
  products: (args: SortedArgs, ctx: Ctx) => {
    const products = applySearch(ctx.runtime.data.products, args.query, PRODUCT_SEARCH, ctx, "products");
    const sort = PRODUCT_SORT[args.sortKey ?? "ID"] ?? PRODUCT_SORT.ID!;
    return connection(
      products,
      args,
      ctx,
      (p) => [sort(p), numericId(p.id)],
      (p) => productView(p, ctx),
    );
  },
  productVariants: (args: SortedArgs, ctx: Ctx) => {
    const entries = applySearch([...ctx.index.variants.values()], args.query, VARIANT_SEARCH, ctx, "productVariants");
    const sort = VARIANT_SORT[args.sortKey ?? "ID"] ?? VARIANT_SORT.ID!;
    return connection(
      entries,
      args,
      ctx,
      (e) => [sort(e), numericId(e.variant.id)],
      (e) => variantView(e.variant, e.product, ctx),
    );
  },
};
