/**
 * Orders and their customers: the 60-day window without `read_all_orders`, the order search fields
 * and sort keys, and orders shaped as GraphQL objects (money bags, addresses, line items,
 * fulfillments, refunds). Functions in a view are resolved lazily by graphql-js.
 */
import { createHash } from "node:crypto";
import type { DemoAddress, DemoCustomer, DemoLineItem, DemoOrder } from "../../fixtures/demo-store";
import { connection, positional, type ConnectionArgs, type SortedArgs, type SortKey } from "./connections";
import { productView, variantView } from "./product-resolvers";
import { legacyId, numericId, type Ctx, type Obj } from "./resolver-context";
import { findReturn, orderReturnStatus, orderReturnsConnection, returnView } from "./return-resolvers";
import { applySearch, dateMatcher, idMatcher, textMatcher, type SearchFields } from "./search-syntax";

/** Orders created before this many days ago need `read_all_orders`. */
export const ORDER_WINDOW_DAYS = 60;

/** Shopify serialises Decimal with trailing zeros trimmed but one decimal kept: "89.0", "12.5". */
function decimal(value: number | string) {
  const n = Math.round(Number(value) * 100) / 100;
  const text = n.toFixed(2).replace(/0$/, "");
  return text;
}

function moneyBag(amount: number | string, shopCurrency: string, presentment?: { code: string; rate: number }) {
  const value = Number(amount);
  return {
    shopMoney: { amount: decimal(value), currencyCode: shopCurrency },
    presentmentMoney: presentment ? { amount: decimal(value * presentment.rate), currencyCode: presentment.code } : { amount: decimal(value), currencyCode: shopCurrency },
  };
}

function hasScope(ctx: Ctx, scope: string) {
  if (ctx.scopes.has(scope)) return true;
  // A write scope implies its read scope.
  return scope.startsWith("read_") && ctx.scopes.has(scope.replace(/^read_/, "write_"));
}

export function visibleOrders(ctx: Ctx): DemoOrder[] {
  if (hasScope(ctx, "read_all_orders")) return ctx.runtime.data.orders;
  const cutoff = ctx.nowMs - ORDER_WINDOW_DAYS * 86_400_000;
  return ctx.runtime.data.orders.filter((order) => Date.parse(order.createdAt) >= cutoff);
}

const ORDER_SEARCH: SearchFields<DemoOrder> = {
  fields: {
    created_at: dateMatcher((o) => o.createdAt),
    processed_at: dateMatcher((o) => o.processedAt),
    updated_at: dateMatcher((o) => o.updatedAt),
    cancelled_at: dateMatcher((o) => o.cancelledAt),
    id: idMatcher((o) => o.id),
    customer_id: idMatcher((o) => o.customerId),
    name: (o, _c, v) => o.name.toLowerCase() === (v.startsWith("#") ? v : `#${v}`).toLowerCase(),
    email: textMatcher((o) => [o.email]),
    sku: textMatcher((o) => o.lineItems.map((li) => li.sku)),
    tag: textMatcher((o) => o.tags),
    tag_not: (o, _c, v) => !o.tags.some((t) => t.toLowerCase() === v.toLowerCase()),
    test: (o, _c, v) => String(o.test) === v.toLowerCase(),
    status: (o, _c, v) => {
      switch (v.toLowerCase()) {
        case "any":
          return true;
        case "open":
          return !o.closedAt && !o.cancelledAt;
        case "closed":
          return Boolean(o.closedAt) && !o.cancelledAt;
        case "cancelled":
          return Boolean(o.cancelledAt);
        default:
          return "invalid";
      }
    },
    fulfillment_status: (o, _c, v) => {
      const status = o.displayFulfillmentStatus;
      switch (v.toLowerCase()) {
        case "any":
          return true;
        case "shipped":
        case "fulfilled":
          return status === "FULFILLED";
        case "unshipped":
        case "unfulfilled":
          return status === "UNFULFILLED";
        case "partial":
          return status === "PARTIALLY_FULFILLED";
        case "on_hold":
          return status === "ON_HOLD";
        default:
          return "invalid";
      }
    },
    financial_status: (o, _c, v) => {
      const wanted = v.toLowerCase();
      if (wanted === "any") return true;
      const known = ["authorized", "paid", "partially_paid", "partially_refunded", "pending", "refunded", "voided", "expired"];
      if (!known.includes(wanted)) return "invalid";
      return o.displayFinancialStatus.toLowerCase() === wanted;
    },
  },
  text: (o, v) => {
    const needle = v.toLowerCase();
    return [o.name, o.email ?? "", `${o.shippingAddress.firstName ?? ""} ${o.shippingAddress.lastName ?? ""}`].some((s) => s.toLowerCase().includes(needle));
  },
};

function addressView(address: DemoAddress | null, id: string) {
  if (!address) return null;
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ") || null;
  const area = [address.city, address.provinceCode, address.zip].filter(Boolean).join(" ");
  return {
    ...address,
    id,
    name,
    formattedArea: [address.city, address.province, address.country].filter(Boolean).join(", "),
    latitude: null,
    longitude: null,
    formatted: (args: { withName?: boolean; withCompany?: boolean }) =>
      [args.withName ? name : null, args.withCompany === false ? null : address.company, address.address1, address.address2, area, address.country].filter((line): line is string => Boolean(line)),
  };
}

export function customerView(customer: DemoCustomer, ctx: Ctx): Obj {
  return {
    __typename: "Customer",
    id: customer.id,
    legacyResourceId: legacyId(customer.id),
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName: `${customer.firstName} ${customer.lastName}`,
    email: customer.email,
    phone: customer.phone,
    defaultEmailAddress: { emailAddress: customer.email },
    defaultPhoneNumber: customer.phone ? { phoneNumber: customer.phone } : null,
    defaultAddress: addressView(customer.defaultAddress, `gid://shopify/MailingAddress/${legacyId(customer.id)}?model_name=CustomerAddress`),
    numberOfOrders: String(ctx.index.ordersByCustomer.get(customer.id) ?? 0),
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

export function orderView(order: DemoOrder, ctx: Ctx): Obj {
  const shop = ctx.runtime.data.shop;
  const presentment = { code: order.presentmentCurrencyCode, rate: order.presentmentRate };
  const money = (amount: number | string) => moneyBag(amount, order.currencyCode, presentment);
  const refunded = order.refunds.reduce((sum, r) => sum + Number(r.amount), 0);
  const nothingLeft = Boolean(order.cancelledAt) || order.displayFinancialStatus === "REFUNDED";
  const lineItemView = (li: DemoLineItem): Obj => {
    const variantEntry = li.variantId ? ctx.index.variants.get(li.variantId) : undefined;
    const product = li.productId ? ctx.index.products.get(li.productId) : undefined;
    // Shopify's currentQuantity: ordered less what refunds took back (their refund line items).
    const refunded = order.refunds.reduce((sum, r) => sum + (r.lineItems ?? []).filter((rl) => rl.lineItemId === li.id).reduce((n, rl) => n + rl.quantity, 0), 0);
    const current = nothingLeft ? 0 : Math.max(0, li.quantity - refunded);
    return {
      __typename: "LineItem",
      id: li.id,
      sku: li.sku,
      name: li.name,
      title: li.title,
      variantTitle: li.variantTitle,
      vendor: li.vendor,
      quantity: li.quantity,
      currentQuantity: current,
      refundableQuantity: order.cancelledAt ? 0 : current,
      unfulfilledQuantity: order.displayFulfillmentStatus === "FULFILLED" || order.cancelledAt ? 0 : li.quantity,
      requiresShipping: li.requiresShipping,
      isGiftCard: !li.requiresShipping,
      variant: () => (variantEntry ? variantView(variantEntry.variant, variantEntry.product, ctx) : null),
      product: () => (product ? productView(product, ctx) : null),
      image: li.imageUrl ? { id: null, url: () => li.imageUrl, altText: li.title, width: 2048, height: 2048 } : null,
      originalUnitPriceSet: () => money(li.originalUnitPrice),
      discountedUnitPriceSet: () => money(li.originalUnitPrice),
      originalTotalSet: () => money(Number(li.originalUnitPrice) * li.quantity),
      discountedTotalSet: () => money(Number(li.originalUnitPrice) * li.quantity),
    };
  };
  return {
    __typename: "Order",
    id: order.id,
    legacyResourceId: legacyId(order.id),
    name: order.name,
    email: order.email,
    phone: order.phone,
    note: order.note,
    tags: order.tags,
    test: order.test,
    confirmed: true,
    closed: Boolean(order.closedAt),
    closedAt: order.closedAt,
    createdAt: order.createdAt,
    processedAt: order.processedAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    displayFulfillmentStatus: order.displayFulfillmentStatus,
    displayFinancialStatus: order.displayFinancialStatus,
    returnStatus: orderReturnStatus(order),
    returns: (args: ConnectionArgs) => orderReturnsConnection(order, args, ctx),
    transactions: (args: { first?: number | null }) =>
      orderTransactions(order)
        .slice(0, args.first ?? undefined)
        .map((t) => ({
          ...t,
          amountSet: money(t.amount),
          // What a refund can still take from the sale, in the order's currency (a refund's own: none).
          maximumRefundableV2: t.kind === "SALE" ? { amount: decimal(Math.max(0, Number(order.totalPrice) - refunded) * order.presentmentRate), currencyCode: order.presentmentCurrencyCode } : null,
          order: () => orderView(order, ctx),
        })),
    currencyCode: order.currencyCode,
    presentmentCurrencyCode: order.presentmentCurrencyCode,
    taxesIncluded: order.taxesIncluded,
    customer: () => {
      const customer = order.customerId ? ctx.index.customers.get(order.customerId) : undefined;
      return customer ? customerView(customer, ctx) : null;
    },
    shippingAddress: () => addressView(order.shippingAddress, `gid://shopify/MailingAddress/${legacyId(order.id)}1?model_name=Address`),
    billingAddress: () => addressView(order.billingAddress, `gid://shopify/MailingAddress/${legacyId(order.id)}2?model_name=Address`),
    statusPageUrl: `${shop.url}/${legacyId(shop.id)}/orders/${createHash("md5").update(order.id).digest("hex")}/authenticate`,
    lineItems: (args: ConnectionArgs) => positional(order.lineItems, args, ctx, lineItemView),
    fulfillments: (args: { first?: number | null }) =>
      order.fulfillments.slice(0, args.first ?? undefined).map((f) => ({
        __typename: "Fulfillment",
        id: f.id,
        legacyResourceId: legacyId(f.id),
        name: f.name,
        status: f.status,
        displayStatus: f.displayStatus,
        createdAt: f.createdAt,
        updatedAt: f.updatedAt,
        deliveredAt: f.deliveredAt,
        inTransitAt: f.createdAt,
        trackingInfo: (a: { first?: number | null }) => f.trackingInfo.slice(0, a.first ?? undefined),
        fulfillmentLineItems: (a: ConnectionArgs) =>
          positional(order.lineItems, a, ctx, (li) => ({ id: `gid://shopify/FulfillmentLineItem/${legacyId(li.id)}`, quantity: li.quantity, lineItem: lineItemView(li) })),
        order: () => orderView(order, ctx),
      })),
    refunds: (args: { first?: number | null }) =>
      order.refunds.slice(0, args.first ?? undefined).map((r) => ({
        id: r.id,
        legacyResourceId: legacyId(r.id),
        createdAt: r.createdAt,
        updatedAt: r.createdAt,
        note: r.note,
        totalRefundedSet: money(r.amount),
        order: () => orderView(order, ctx),
        return: () => {
          const found = r.returnId ? findReturn(ctx, r.returnId) : null;
          return found ? returnView(found.order, found.ret, ctx) : null;
        },
      })),
    subtotalPriceSet: () => money(order.subtotalPrice),
    totalPriceSet: () => money(order.totalPrice),
    currentTotalPriceSet: () => money(Math.max(0, Number(order.totalPrice) - refunded)),
    totalShippingPriceSet: () => money(order.totalShippingPrice),
    totalTaxSet: () => money(order.totalTax),
    totalRefundedSet: () => money(refunded),
    totalDiscountsSet: () => money(0),
    subtotalLineItemsQuantity: order.lineItems.reduce((sum, li) => sum + li.quantity, 0),
  };
}

/**
 * The order's payment and refunds as Shopify's order transactions: one SALE for what was paid (none
 * when the payment was declined) and a REFUND per refund, its parent the sale. Ids derive from the
 * order's and the refunds' ids; amounts in shop currency (presented through the order's rate).
 */
export function orderTransactions(order: DemoOrder) {
  if (order.displayFinancialStatus === "VOIDED" || order.displayFinancialStatus === "PENDING") return [];
  const base = {
    gateway: "shopify_payments",
    formattedGateway: "Shopify Payments",
    test: false,
    manualPaymentGateway: false,
    manuallyCapturable: false,
    multiCapturable: false,
    errorCode: null,
    fees: [],
  };
  const sale = {
    ...base,
    __typename: "OrderTransaction",
    id: `gid://shopify/OrderTransaction/${legacyId(order.id)}1`,
    kind: "SALE",
    status: "SUCCESS",
    amount: order.totalPrice,
    createdAt: order.processedAt,
    processedAt: order.processedAt,
    parentTransaction: null,
  };
  const refunds = order.refunds.map((r) => ({
    ...base,
    __typename: "OrderTransaction",
    id: `gid://shopify/OrderTransaction/${legacyId(r.id)}2`,
    kind: "REFUND",
    status: "SUCCESS",
    amount: r.amount,
    createdAt: r.createdAt,
    processedAt: r.createdAt,
    parentTransaction: sale,
  }));
  return [sale, ...refunds];
}

const ORDER_SORT: Record<string, (o: DemoOrder) => SortKey> = {
  CREATED_AT: (o) => o.createdAt,
  PROCESSED_AT: (o) => o.processedAt,
  UPDATED_AT: (o) => o.updatedAt,
  ID: (o) => numericId(o.id),
  RELEVANCE: (o) => numericId(o.id),
  PO_NUMBER: (o) => numericId(o.id),
  ORDER_NUMBER: (o) => o.number,
  TOTAL_PRICE: (o) => Number(o.totalPrice),
  CUSTOMER_NAME: (o) => `${o.shippingAddress.firstName ?? ""} ${o.shippingAddress.lastName ?? ""}`,
  DESTINATION: (o) => o.shippingAddress.countryCodeV2,
  FINANCIAL_STATUS: (o) => o.displayFinancialStatus,
  FULFILLMENT_STATUS: (o) => o.displayFulfillmentStatus,
  TOTAL_ITEMS_QUANTITY: (o) => o.lineItems.reduce((sum, li) => sum + li.quantity, 0),
};

/** The root fields that list and count orders. */
export const orderRootFields = {
  orders: (args: SortedArgs, ctx: Ctx) => {
    const orders = applySearch(visibleOrders(ctx), args.query, ORDER_SEARCH, ctx, "orders");
    const sort = ORDER_SORT[args.sortKey ?? "PROCESSED_AT"] ?? ORDER_SORT.PROCESSED_AT!;
    return connection(
      orders,
      args,
      ctx,
      (o) => [sort(o), numericId(o.id)],
      (o) => orderView(o, ctx),
    );
  },
  // Shopify counts up to `limit` (10,000 unless given; null: no limit) and says when it stopped.
  ordersCount: (args: { query?: string | null; limit?: number | null }, ctx: Ctx) => {
    const count = applySearch(visibleOrders(ctx), args.query, ORDER_SEARCH, ctx, "ordersCount").length;
    const limit = args.limit === undefined ? 10_000 : args.limit;
    return limit !== null && count > limit ? { count: limit, precision: "AT_LEAST" } : { count, precision: "EXACT" };
  },
};
