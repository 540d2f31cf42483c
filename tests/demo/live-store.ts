/**
 * The simulated store comes alive: while the demo runs, orders arrive, ship, get cancelled and
 * refunded, and the app hears of each change the way it hears from Shopify, by a signed webhook
 * POSTed to its webhook routes.
 *
 * - The change itself is the fixture's (tests/fixtures/demo-store.ts, `nextLiveChange`): it
 *   mutates the same in-memory store the simulated Admin GraphQL reads, so when the app reads an
 *   order back it sees what the webhook said.
 * - This file turns a change into Shopify's REST-shaped webhook payloads (the documented shape of
 *   the order and refund webhooks, not just the fields the app reads) and delivers them: HMAC of
 *   the raw body with the app secret, Shopify's headers, only for topics shopify.app.toml
 *   subscribes to, only to a shop that installed the app and granted read_orders, and failed
 *   deliveries retried with the same ids, as Shopify does.
 */
import pg from "pg";
import { createHash, createHmac, randomUUID } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import {
  createDemoRng,
  nextLiveChange,
  type DemoAddress,
  type DemoFulfillment,
  type DemoLineItem,
  type DemoOrder,
  type DemoRefund,
  type DemoStore,
  type LiveChange,
  type LiveChangeKind,
} from "../fixtures/demo-store";

// ---------------------------------------------------------------------------------------------
// Subscriptions (read from shopify.app.toml)

export interface WebhookConfig {
  apiVersion: string;
  /** Topic → the app's path for it, e.g. "orders/create" → "/webhooks/orders/create". */
  subscriptions: Map<string, string>;
}

/**
 * The `[webhooks]` part of shopify.app.toml: the API version and the app-specific subscriptions
 * (`topics`, not the compliance topics, which Shopify sends for other reasons). Only the shapes
 * the file uses are read, not TOML at large.
 */
export function readWebhookConfig(toml: string): WebhookConfig {
  const apiVersion = /^\[webhooks\][^[]*?^\s*api_version\s*=\s*"([^"]+)"/ms.exec(toml)?.[1];
  if (!apiVersion) throw new Error("shopify.app.toml: no [webhooks] api_version");
  const subscriptions = new Map<string, string>();
  for (const block of toml.split(/^\s*\[\[webhooks\.subscriptions\]\]\s*$/m).slice(1)) {
    const section = block.split(/^\s*\[/m)[0]!;
    const topics = /^\s*topics\s*=\s*\[([^\]]*)\]/m.exec(section)?.[1];
    const uri = /^\s*uri\s*=\s*"([^"]+)"/m.exec(section)?.[1];
    if (!topics || !uri) continue;
    for (const topic of topics.matchAll(/"([^"]+)"/g)) subscriptions.set(topic[1]!, uri);
  }
  return { apiVersion, subscriptions };
}

// ---------------------------------------------------------------------------------------------
// Payloads: Shopify's REST shapes for the order and refund webhooks

/** Shopify's webhooks for a change, in the order it sends them. The app gets only those it subscribes to. */
export function webhooksFor(store: DemoStore, change: LiveChange): { topic: string; body: unknown }[] {
  const order = orderPayload(store, change.order);
  switch (change.kind) {
    case "order-created":
      return [
        { topic: "orders/create", body: order },
        { topic: "orders/paid", body: order },
      ];
    case "order-fulfilled":
      return [
        { topic: "orders/fulfilled", body: order },
        { topic: "orders/updated", body: order },
      ];
    case "order-cancelled":
      return [
        { topic: "orders/cancelled", body: order },
        ...(change.refund ? [{ topic: "refunds/create", body: refundPayload(store, change.order, change.refund) }] : []),
        { topic: "orders/updated", body: order },
      ];
    case "order-refunded":
      return [
        { topic: "refunds/create", body: refundPayload(store, change.order, change.refund) },
        { topic: "orders/updated", body: order },
      ];
  }
}

/** Webhook topics carry the legacy numeric ids; the gid carries the same number. */
const legacy = (gid: string) => Number(gid.slice(gid.lastIndexOf("/") + 1));
const legacyOrNull = (gid: string | null) => (gid === null ? null : legacy(gid));
const amount = (value: number | string) => (Math.round(Number(value) * 100) / 100).toFixed(2);
const digest = (text: string) => createHash("md5").update(text).digest("hex");

/** Shopify's REST timestamps are in the shop's time zone with its offset: "2026-10-05T14:12:03+13:00". */
export function shopTime(isoUtc: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  }).formatToParts(new Date(isoUtc));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const offset = part("timeZoneName").replace("GMT", "") || "+00:00";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}:${part("second")}${offset}`;
}

function moneyIn(order: DemoOrder) {
  return (value: number | string) => ({
    shop_money: { amount: amount(value), currency_code: order.currencyCode },
    presentment_money: { amount: amount(Number(value) * order.presentmentRate), currency_code: order.presentmentCurrencyCode },
  });
}

function addressPayload(address: DemoAddress) {
  return {
    first_name: address.firstName,
    address1: address.address1,
    phone: address.phone,
    city: address.city,
    zip: address.zip,
    province: address.province,
    country: address.country,
    last_name: address.lastName,
    address2: address.address2,
    company: address.company,
    latitude: null,
    longitude: null,
    name: [address.firstName, address.lastName].filter(Boolean).join(" "),
    country_code: address.countryCodeV2,
    province_code: address.provinceCode,
  };
}

function taxFor(order: DemoOrder, gross: number) {
  // Prices include NZ GST (15%, so 3/23 of a price); exports are zero-rated.
  return Number(order.totalTax) > 0 ? (gross * 3) / 23 : 0;
}

function taxLines(order: DemoOrder, gross: number) {
  const tax = taxFor(order, gross);
  return tax > 0 ? [{ channel_liable: false, price: amount(tax), price_set: moneyIn(order)(tax), rate: 0.15, title: "GST" }] : [];
}

function grams(store: DemoStore, line: DemoLineItem) {
  for (const product of store.products) {
    const variant = product.variants.find((v) => v.id === line.variantId);
    if (!variant) continue;
    const { value, unit } = variant.inventoryItem.measurement.weight;
    return Math.round(unit === "KILOGRAMS" ? value * 1000 : unit === "POUNDS" ? value * 453.59237 : unit === "OUNCES" ? value * 28.349523125 : value);
  }
  return 0;
}

function currentQuantity(order: DemoOrder, line: DemoLineItem) {
  if (order.cancelledAt) return 0;
  const refunded = order.refunds
    .flatMap((r) => r.lineItems ?? [])
    .filter((r) => r.lineItemId === line.id)
    .reduce((sum, r) => sum + r.quantity, 0);
  return Math.max(0, line.quantity - refunded);
}

function lineItemPayload(store: DemoStore, order: DemoOrder, line: DemoLineItem) {
  const money = moneyIn(order);
  const current = currentQuantity(order, line);
  const fulfilled = order.displayFulfillmentStatus === "FULFILLED";
  return {
    id: legacy(line.id),
    admin_graphql_api_id: line.id,
    attributed_staffs: [],
    current_quantity: current,
    fulfillable_quantity: fulfilled ? 0 : current,
    fulfillment_service: "manual",
    fulfillment_status: fulfilled ? "fulfilled" : null,
    gift_card: !line.requiresShipping,
    grams: grams(store, line),
    name: line.name,
    price: line.originalUnitPrice,
    price_set: money(line.originalUnitPrice),
    product_exists: line.productId !== null,
    product_id: legacyOrNull(line.productId),
    properties: [],
    quantity: line.quantity,
    requires_shipping: line.requiresShipping,
    sku: line.sku,
    taxable: true,
    title: line.title,
    total_discount: "0.00",
    total_discount_set: money(0),
    variant_id: legacyOrNull(line.variantId),
    variant_inventory_management: line.variantId ? "shopify" : null,
    variant_title: line.variantTitle,
    vendor: line.vendor,
    tax_lines: taxLines(order, Number(line.originalUnitPrice) * line.quantity),
    duties: [],
    discount_allocations: [],
  };
}

function fulfillmentPayload(store: DemoStore, order: DemoOrder, fulfillment: DemoFulfillment) {
  const tz = store.shop.ianaTimezone;
  const tracking = fulfillment.trackingInfo[0];
  return {
    id: legacy(fulfillment.id),
    admin_graphql_api_id: fulfillment.id,
    created_at: shopTime(fulfillment.createdAt, tz),
    location_id: store.locations[0] ? legacy(store.locations[0].id) : null,
    name: fulfillment.name,
    order_id: legacy(order.id),
    origin_address: {},
    receipt: {},
    service: "manual",
    shipment_status: fulfillment.displayStatus === "DELIVERED" ? "delivered" : fulfillment.displayStatus === "IN_TRANSIT" ? "in_transit" : null,
    status: fulfillment.status.toLowerCase(),
    tracking_company: tracking?.company ?? null,
    tracking_number: tracking?.number ?? null,
    tracking_numbers: fulfillment.trackingInfo.map((t) => t.number),
    tracking_url: tracking?.url ?? null,
    tracking_urls: fulfillment.trackingInfo.map((t) => t.url),
    updated_at: shopTime(fulfillment.updatedAt, tz),
    line_items: order.lineItems.map((line) => lineItemPayload(store, order, line)),
  };
}

/** Shopify's REST refund (the refunds/create body, and each entry of an order's `refunds`). */
export function refundPayload(store: DemoStore, order: DemoOrder, refund: DemoRefund) {
  const tz = store.shop.ianaTimezone;
  const money = moneyIn(order);
  const orderId = legacy(order.id);
  const refundId = legacy(refund.id);
  const lines = refund.lineItems ?? [];
  const linesTotal = lines.reduce((sum, l) => sum + Number(l.subtotal), 0);
  const shipping = Number(refund.shipping ?? 0);
  const discrepancy = Number(refund.amount) - linesTotal - shipping;
  // Money refunded beyond lines is an order adjustment: shipping, or a discrepancy (goodwill).
  const adjustments = [
    ...(shipping > 0 ? [{ kind: "shipping_refund", reason: "Shipping refund", amount: -shipping }] : []),
    ...(Math.abs(discrepancy) >= 0.005 ? [{ kind: "refund_discrepancy", reason: "Refund discrepancy", amount: -discrepancy }] : []),
  ].map((adjustment, index) => ({
    id: refundId * 10 + index + 1,
    order_id: orderId,
    refund_id: refundId,
    kind: adjustment.kind,
    reason: adjustment.reason,
    amount: amount(adjustment.amount),
    amount_set: money(adjustment.amount),
    tax_amount: "0.00",
    tax_amount_set: money(0),
  }));
  return {
    id: refundId,
    admin_graphql_api_id: refund.id,
    created_at: shopTime(refund.createdAt, tz),
    note: refund.note,
    order_id: orderId,
    processed_at: shopTime(refund.createdAt, tz),
    restock: lines.some((l) => l.restockType !== "NO_RESTOCK"),
    total_duties_set: money(0),
    user_id: null,
    order_adjustments: adjustments,
    transactions: [
      {
        id: refundId * 10 + 5,
        admin_graphql_api_id: `gid://shopify/OrderTransaction/${refundId * 10 + 5}`,
        // Paid, so refunded, in the customer's currency.
        amount: amount(Number(refund.amount) * order.presentmentRate),
        authorization: null,
        created_at: shopTime(refund.createdAt, tz),
        currency: order.presentmentCurrencyCode,
        device_id: null,
        error_code: null,
        gateway: "shopify_payments",
        kind: "refund",
        location_id: null,
        message: null,
        order_id: orderId,
        parent_id: null,
        processed_at: shopTime(refund.createdAt, tz),
        receipt: {},
        source_name: "web",
        status: "success",
        test: order.test,
        user_id: null,
      },
    ],
    refund_line_items: lines.flatMap((refundLine) => {
      const line = order.lineItems.find((l) => l.id === refundLine.lineItemId);
      if (!line) return [];
      return [
        {
          id: legacy(refundLine.id),
          line_item_id: legacy(line.id),
          location_id: refundLine.restockType === "NO_RESTOCK" || !store.locations[0] ? null : legacy(store.locations[0].id),
          quantity: refundLine.quantity,
          restock_type: refundLine.restockType.toLowerCase(),
          subtotal: Number(refundLine.subtotal),
          subtotal_set: money(refundLine.subtotal),
          total_tax: Number(refundLine.totalTax),
          total_tax_set: money(refundLine.totalTax),
          line_item: lineItemPayload(store, order, line),
        },
      ];
    }),
    duties: [],
  };
}

/** Shopify's REST order: the body of orders/create, orders/updated, orders/fulfilled, orders/cancelled, orders/paid. */
export function orderPayload(store: DemoStore, order: DemoOrder) {
  const tz = store.shop.ianaTimezone;
  const time = (value: string | null) => (value === null ? null : shopTime(value, tz));
  const money = moneyIn(order);
  const refunded = order.refunds.reduce((sum, r) => sum + Number(r.amount), 0);
  const lines = order.lineItems.map((line) => lineItemPayload(store, order, line));
  const linesTotal = order.lineItems.reduce((sum, l) => sum + Number(l.originalUnitPrice) * l.quantity, 0);
  const currentLines = order.lineItems.reduce((sum, l) => sum + Number(l.originalUnitPrice) * currentQuantity(order, l), 0);
  const currentTotal = order.cancelledAt ? 0 : Math.max(0, Number(order.totalPrice) - refunded);
  const currentTax = order.cancelledAt ? 0 : taxFor(order, currentTotal);
  const token = digest(`${order.id}/token`);
  const customer = order.customerId ? store.customers.find((c) => c.id === order.customerId) : undefined;
  const shippingTitle = order.shippingAddress.countryCodeV2 === "NZ" ? "Standard (NZ Post)" : "International";
  return {
    id: legacy(order.id),
    admin_graphql_api_id: order.id,
    app_id: 580111,
    browser_ip: null,
    buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    cancelled_at: time(order.cancelledAt),
    cart_token: null,
    checkout_id: legacy(order.id) + 1_000_000,
    checkout_token: digest(`${order.id}/checkout`),
    client_details: null,
    closed_at: time(order.closedAt),
    confirmation_number: BigInt(`0x${token.slice(0, 12)}`)
      .toString(36)
      .toUpperCase()
      .slice(0, 9)
      .padStart(9, "X"),
    confirmed: true,
    contact_email: order.email,
    created_at: time(order.createdAt),
    currency: order.currencyCode,
    current_subtotal_price: amount(currentLines),
    current_subtotal_price_set: money(currentLines),
    current_total_discounts: "0.00",
    current_total_discounts_set: money(0),
    current_total_duties_set: null,
    current_total_price: amount(currentTotal),
    current_total_price_set: money(currentTotal),
    current_total_tax: amount(currentTax),
    current_total_tax_set: money(currentTax),
    customer_locale: "en",
    discount_codes: [],
    email: order.email,
    estimated_taxes: false,
    financial_status: order.displayFinancialStatus.toLowerCase(),
    fulfillment_status: order.displayFulfillmentStatus === "FULFILLED" ? "fulfilled" : order.displayFulfillmentStatus === "PARTIALLY_FULFILLED" ? "partial" : null,
    landing_site: null,
    name: order.name,
    note: order.note,
    note_attributes: [],
    number: order.number - 1000,
    order_number: order.number,
    order_status_url: `${store.shop.url}/${legacy(store.shop.id)}/orders/${digest(order.id)}/authenticate?key=${token}`,
    original_total_duties_set: null,
    payment_gateway_names: ["shopify_payments"],
    phone: order.phone,
    presentment_currency: order.presentmentCurrencyCode,
    processed_at: time(order.processedAt),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: "web",
    subtotal_price: order.subtotalPrice,
    subtotal_price_set: money(order.subtotalPrice),
    tags: order.tags.join(", "),
    tax_lines: taxLines(order, Number(order.totalPrice)),
    taxes_included: order.taxesIncluded,
    test: order.test,
    token,
    total_discounts: "0.00",
    total_discounts_set: money(0),
    total_line_items_price: amount(linesTotal),
    total_line_items_price_set: money(linesTotal),
    total_outstanding: "0.00",
    total_price: order.totalPrice,
    total_price_set: money(order.totalPrice),
    total_shipping_price_set: money(order.totalShippingPrice),
    total_tax: order.totalTax,
    total_tax_set: money(order.totalTax),
    total_tip_received: "0.00",
    total_weight: order.lineItems.reduce((sum, line) => sum + grams(store, line) * line.quantity, 0),
    updated_at: time(order.updatedAt),
    user_id: null,
    billing_address: addressPayload(order.billingAddress),
    customer: customer
      ? {
          id: legacy(customer.id),
          email: customer.email,
          created_at: time(customer.createdAt),
          updated_at: time(customer.updatedAt),
          first_name: customer.firstName,
          last_name: customer.lastName,
          state: "enabled",
          note: null,
          verified_email: true,
          multipass_identifier: null,
          tax_exempt: false,
          phone: customer.phone,
          currency: order.currencyCode,
          tags: "",
          tax_exemptions: [],
          admin_graphql_api_id: customer.id,
          default_address: { ...addressPayload(customer.defaultAddress), id: legacy(customer.id) + 1, customer_id: legacy(customer.id), default: true },
        }
      : null,
    discount_applications: [],
    fulfillments: order.fulfillments.map((f) => fulfillmentPayload(store, order, f)),
    line_items: lines,
    payment_terms: null,
    refunds: order.refunds.map((r) => refundPayload(store, order, r)),
    shipping_address: addressPayload(order.shippingAddress),
    shipping_lines: [
      {
        id: legacy(order.id) + 2_000_000,
        carrier_identifier: null,
        code: shippingTitle,
        discounted_price: order.totalShippingPrice,
        discounted_price_set: money(order.totalShippingPrice),
        phone: null,
        price: order.totalShippingPrice,
        price_set: money(order.totalShippingPrice),
        requested_fulfillment_service_id: null,
        source: "shopify",
        title: shippingTitle,
        tax_lines: taxLines(order, Number(order.totalShippingPrice)),
        discount_allocations: [],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Delivery

export interface SignedWebhook {
  url: string;
  topic: string;
  shop: string;
  apiVersion: string;
  secret: string;
  body: unknown;
  /** Kept across retries of one delivery, as Shopify keeps them. */
  webhookId: string;
  eventId: string;
  triggeredAt: string;
}

/** A webhook request as Shopify sends it: JSON body, base64 HMAC-SHA256 of the raw body with the app secret. */
export function signedWebhookRequest(webhook: SignedWebhook, signal?: AbortSignal): Request {
  const raw = JSON.stringify(webhook.body);
  return new Request(webhook.url, {
    method: "POST",
    body: raw,
    signal,
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": webhook.topic,
      "X-Shopify-Hmac-Sha256": createHmac("sha256", webhook.secret).update(raw, "utf8").digest("base64"),
      "X-Shopify-Shop-Domain": webhook.shop,
      "X-Shopify-API-Version": webhook.apiVersion,
      "X-Shopify-Webhook-Id": webhook.webhookId,
      "X-Shopify-Event-Id": webhook.eventId,
      "X-Shopify-Triggered-At": webhook.triggeredAt,
    },
  });
}

/**
 * Whether Shopify would send this shop's order webhooks: the app is installed (it holds an
 * offline session) with read_orders, which every order and refund topic needs. Read from the
 * app's database, so an uninstall (which deletes the sessions) stops the deliveries.
 *
 * Through node:sqlite, the SQLite the app itself uses (app/utils/sqlite.server.ts), and on
 * purpose: the demo reads from the app's own process, where a second SQLite library (libSQL's)
 * knows nothing of the app's connection while sharing its POSIX file locks: it was seen reading
 * rows older than the app's last commit, and closing it can release the app's locks. One library
 * in a process tracks every connection it has to a file.
 */
export function installedScopesFrom(databaseUrl: string) {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return installedScopesFromPostgres(databaseUrl);
  const file = databaseUrl.startsWith("file://") ? fileURLToPath(databaseUrl.replace(/\?.*$/, "")) : databaseUrl.replace(/^file:/, "").replace(/\?.*$/, "");
  let connection: DatabaseSync | null = null;
  let closed = false;
  return {
    async scopes(shop: string): Promise<string[] | null> {
      if (closed) return null;
      try {
        connection ??= new (await nodeSqlite()).DatabaseSync(file, { timeout: 200 });
        const row = connection.prepare(`SELECT "scope" FROM "Session" WHERE "shop" = ? AND "isOnline" = 0 LIMIT 1`).get(shop);
        if (!row) return null;
        return String(row.scope ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
      } catch {
        // Not migrated yet, or busy: no one to deliver to this time.
        return null;
      }
    },
    close() {
      closed = true;
      connection?.close();
      connection = null;
    },
  };
}

/** The same read on Postgres (the test suite's second run; the demo itself runs on SQLite). */
function installedScopesFromPostgres(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let closed = false;
  return {
    async scopes(shop: string): Promise<string[] | null> {
      if (closed) return null;
      try {
        const { rows } = await pool.query<{ scope: string | null }>(`SELECT "scope" FROM "Session" WHERE "shop" = $1 AND NOT "isOnline" LIMIT 1`, [shop]);
        if (!rows[0]) return null;
        return String(rows[0].scope ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
      } catch {
        return null;
      }
    },
    close() {
      closed = true;
      void pool.end();
    },
  };
}

/** node:sqlite, without Node 22's one-off "experimental" warning (the app's SQLite thread hides it the same way). */
async function nodeSqlite() {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: never[]) => {
    if (!/SQLite is an experimental feature/.test(String(warning))) emitWarning.call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return await import("node:sqlite");
  } finally {
    process.emitWarning = emitWarning;
  }
}

const REQUIRED_SCOPE = "read_orders";
const MAX_ATTEMPTS = 4;

export interface Delivery {
  topic: string;
  orderName: string;
  eventId: string;
  webhookId: string;
  attempt: number;
  /** The app's HTTP status, or null when the request failed (refused, aborted). */
  status: number | null;
}

export interface StepResult {
  /** Null when nothing changed: the app is not installed (yet), or not allowed to read orders. */
  change: LiveChange | null;
  deliveries: Delivery[];
}

export interface LiveStoreOptions {
  shop: string;
  /** Where the app listens; subscription paths are resolved against it. */
  appUrl: string;
  apiSecret: string;
  webhooks: WebhookConfig;
  /** The live data the simulated Admin API serves, resolved at each change. */
  store: () => DemoStore;
  /** The shop's granted scopes while the app is installed, else null (see installedScopesFrom). */
  installedScopes: (shop: string) => Promise<string[] | null>;
  /** Changes a minute, on average; 0 runs no timer (step() still works). */
  changesPerMinute: number;
  /** Sends one webhook; defaults to fetch. Tests hand it to the route actions directly. */
  send?: (request: Request) => Promise<Response>;
  seed?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export interface LiveStore {
  /** Makes one change now (of `kind` if given) and delivers its webhooks, plus any retries due. */
  step(kind?: LiveChangeKind): Promise<StepResult>;
  /** Stops the timer, aborts deliveries in flight and waits for the running step. */
  stop(): Promise<void>;
}

const DESCRIBE: Record<LiveChangeKind, string> = {
  "order-created": "new order",
  "order-fulfilled": "fulfilled",
  "order-cancelled": "cancelled",
  "order-refunded": "refunded",
};

/**
 * Starts the living store. The store stays still until the shop installs the app, so the
 * backfill imports the seeded data as generated; from then on it changes about
 * `changesPerMinute` times a minute (intervals jittered ±50%).
 */
export function startLiveStore(options: LiveStoreOptions): LiveStore {
  const rng = createDemoRng(options.seed ?? options.store().seed + 1);
  const timing = createDemoRng((options.seed ?? options.store().seed) + 2);
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const controller = new AbortController();
  const send = options.send ?? ((request: Request) => fetch(request));
  let retries: (SignedWebhook & { orderName: string; attempt: number })[] = [];
  let timer: NodeJS.Timeout | null = null;
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  function track<T>(work: Promise<T>): Promise<T> {
    const settled: Promise<unknown> = work.then(
      () => running.delete(settled),
      () => running.delete(settled),
    );
    running.add(settled);
    return work;
  }

  async function deliver(webhook: SignedWebhook & { orderName: string; attempt: number }): Promise<Delivery> {
    let status: number | null = null;
    try {
      const response = await send(signedWebhookRequest(webhook, controller.signal));
      status = response.status;
      // Read, not cancelled: under msw (the demo's app process) cancelling the body never settles.
      await response.text();
    } catch {
      status = null;
    }
    const ok = status !== null && status >= 200 && status < 300;
    if (!ok && !stopped && webhook.attempt < MAX_ATTEMPTS) retries.push({ ...webhook, attempt: webhook.attempt + 1 });
    return { topic: webhook.topic, orderName: webhook.orderName, eventId: webhook.eventId, webhookId: webhook.webhookId, attempt: webhook.attempt, status };
  }

  async function step(kind?: LiveChangeKind): Promise<StepResult> {
    const scopes = await options.installedScopes(options.shop);
    if (!scopes || !scopes.includes(REQUIRED_SCOPE)) return { change: null, deliveries: [] };
    const deliveries: Delivery[] = [];
    // Shopify retries a failed delivery later; here, at the next change.
    const due = retries;
    retries = [];
    for (const webhook of due) deliveries.push(await deliver(webhook));

    const store = options.store();
    const change = nextLiveChange(store, rng, now(), kind);
    const triggeredAt = new Date(now()).toISOString();
    for (const { topic, body } of webhooksFor(store, change)) {
      const path = options.webhooks.subscriptions.get(topic);
      if (!path || stopped) continue;
      deliveries.push(
        await deliver({
          url: new URL(path, options.appUrl).toString(),
          topic,
          shop: options.shop,
          apiVersion: options.webhooks.apiVersion,
          secret: options.apiSecret,
          body,
          webhookId: randomUUID(),
          eventId: randomUUID(),
          triggeredAt,
          orderName: change.order.name,
          attempt: 1,
        }),
      );
    }
    const outcome = deliveries.map((d) => `${d.topic} ${d.status ?? "failed"}`).join(", ");
    log(`live store: ${change.order.name} ${DESCRIBE[change.kind]}${outcome ? ` → ${outcome}` : ""}`);
    return { change, deliveries };
  }

  function schedule() {
    if (stopped || options.changesPerMinute <= 0) return;
    const delay = (60_000 / options.changesPerMinute) * (0.5 + timing.next());
    timer = setTimeout(() => {
      timer = null;
      void track(step())
        .catch((error: unknown) => log(`live store: ${error instanceof Error ? error.message : String(error)}`))
        .finally(schedule);
    }, delay);
  }

  schedule();
  return {
    step: (kind) => track(step(kind)),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      controller.abort();
      await Promise.all(running);
    },
  };
}
