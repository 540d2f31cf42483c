/**
 * What every resolver of the simulated Admin API receives (the shop's runtime, the token's scopes,
 * the app's protected customer data approval, an index of the store built per request) and the
 * helpers for Shopify's global ids.
 */
import type { DemoCustomer, DemoProduct, DemoStore, DemoVariant } from "../../fixtures/demo-store";
import type { ProtectedContent } from "./admin-schema";
import type { ShopRuntime } from "./shop-runtime";

export type Obj = Record<string, unknown>;

export const legacyId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1).split("?")[0] ?? "";
export const numericId = (gid: string) => Number(legacyId(gid));
export const gidType = (gid: string) => /^gid:\/\/shopify\/([A-Za-z]+)\/\d+/.exec(gid)?.[1] ?? null;

interface SearchWarning {
  path: string[];
  query: string;
  warnings: { field: string; message: string }[];
}

/**
 * What Shopify approved the app for under "Protected customer data access": level 1 (customer
 * objects such as orders and customers at all) and, per kind, the level 2 fields.
 */
export interface CustomerDataApproval {
  level1: boolean;
  fields: readonly ProtectedContent[];
}

export interface Ctx {
  runtime: ShopRuntime;
  scopes: Set<string>;
  customerData: CustomerDataApproval;
  nowMs: number;
  /** Inside a bulk operation: connections return everything, unpaginated. */
  bulk: boolean;
  searchWarnings: SearchWarning[];
  index: StoreIndex;
}

interface StoreIndex {
  variants: Map<string, { variant: DemoVariant; product: DemoProduct }>;
  inventoryItems: Map<string, { variant: DemoVariant; product: DemoProduct }>;
  products: Map<string, DemoProduct>;
  customers: Map<string, DemoCustomer>;
  ordersByCustomer: Map<string, number>;
}

// Built per request because tests mutate the store between requests.
export function buildIndex(data: DemoStore): StoreIndex {
  const index: StoreIndex = { variants: new Map(), inventoryItems: new Map(), products: new Map(), customers: new Map(), ordersByCustomer: new Map() };
  for (const product of data.products) {
    index.products.set(product.id, product);
    for (const variant of product.variants) {
      index.variants.set(variant.id, { variant, product });
      index.inventoryItems.set(variant.inventoryItem.id, { variant, product });
    }
  }
  for (const customer of data.customers) index.customers.set(customer.id, customer);
  for (const order of data.orders) {
    if (order.customerId) index.ordersByCustomer.set(order.customerId, (index.ordersByCustomer.get(order.customerId) ?? 0) + 1);
  }
  return index;
}
