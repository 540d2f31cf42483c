/**
 * Shared set-up for the order sync's tests (not a test file itself): an
 * installed shop with an offline session the fake Shopify accepts, and the
 * REST-shaped webhook payload Shopify would send for one of the fake's orders.
 */
import { Session } from "@shopify/shopify-api";
import type { DemoOrder } from "../fixtures/demo-store";
import { shopifyStore } from "../mocks/shopify";
import { DEMO_SCOPES } from "./config";
import { sessionStorage } from "~/shopify.server";
import { db } from "~/utils/db.server";
import { afterEach, beforeAll, beforeEach, vi } from "vitest";
import { configureOrderSync, resetOrderSyncSettings } from "~/shopify/order-sync-config.server";

export const FAST_SYNC = { runner: "manual", baseDelayMs: 2, maxDelayMs: 10, pollMs: 0, maxPollMs: 0, leaseMs: 30_000, callAttempts: 6 } as const;

export function useFastSync() {
  configureOrderSync(FAST_SYNC);
}

/**
 * Hooks for a test file that runs the sync: fast retries, settings reset after
 * each test, and the warnings retries and back-off log kept out of the output.
 */
export function syncTestHooks() {
  beforeAll(() => useFastSync());
  afterEach(() => {
    resetOrderSyncSettings();
    useFastSync();
  });
  beforeEach(() => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(console, "log").mockImplementation(() => {});
  });
}

export async function installShop(shop: string, scopes = DEMO_SCOPES) {
  shopifyStore(shop).setScopes(scopes);
  const session = new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, scope: scopes });
  session.accessToken = shopifyStore(shop).issueAccessToken({ scopes });
  await sessionStorage!.storeSession(session);
  await db.shop.upsert({ where: { shop }, create: { shop, scopes }, update: { scopes } });
}

const legacy = (gid: string | null) => (gid ? Number(gid.slice(gid.lastIndexOf("/") + 1)) : null);

/** The orders/* webhook body for a fake order, as Shopify's REST shape has it. */
export function restOrder(order: DemoOrder, overrides: Record<string, unknown> = {}) {
  const a = order.shippingAddress;
  return {
    id: legacy(order.id),
    admin_graphql_api_id: order.id,
    name: order.name,
    email: order.email,
    created_at: order.createdAt,
    processed_at: order.processedAt,
    updated_at: order.updatedAt,
    cancelled_at: order.cancelledAt,
    test: order.test,
    currency: order.currencyCode,
    financial_status: order.displayFinancialStatus.toLowerCase(),
    fulfillment_status: order.displayFulfillmentStatus === "FULFILLED" ? "fulfilled" : null,
    customer: order.customerId ? { id: legacy(order.customerId), first_name: a.firstName, last_name: a.lastName } : null,
    shipping_address: {
      first_name: a.firstName,
      last_name: a.lastName,
      name: [a.firstName, a.lastName].filter(Boolean).join(" "),
      company: a.company,
      address1: a.address1,
      address2: a.address2,
      city: a.city,
      province: a.province,
      province_code: a.provinceCode,
      zip: a.zip,
      country: a.country,
      country_code: a.countryCodeV2,
    },
    line_items: order.lineItems.map((line) => ({
      id: legacy(line.id),
      admin_graphql_api_id: line.id,
      variant_id: legacy(line.variantId),
      product_id: legacy(line.productId),
      sku: line.sku,
      title: line.title,
      variant_title: line.variantTitle,
      quantity: line.quantity,
      current_quantity: line.quantity,
      fulfillable_quantity: order.displayFulfillmentStatus === "FULFILLED" ? 0 : line.quantity,
      price: line.originalUnitPrice,
      requires_shipping: line.requiresShipping,
    })),
    fulfillments: order.fulfillments.map((f) => ({ created_at: f.createdAt, status: f.status.toLowerCase() })),
    ...overrides,
  };
}

/** The fake's orders a 60-day backfill covers. */
export function ordersWithinDays(orders: DemoOrder[], days: number, now = Date.now()) {
  return orders.filter((order) => Date.parse(order.createdAt) >= now - days * 86_400_000);
}
