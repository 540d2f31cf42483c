import { z } from "zod";
import type { Prisma } from "@prisma/client";
import { canonicalOrderNumber, canonicalOrderNumbers, echoNames } from "~/seko/order-number";
import { backfillOrderKeys } from "~/seko/tracking-receiver.server";

type Tx = Prisma.TransactionClient;

/**
 * What Shopify's compliance webhooks carry. Shopify sends ids as numbers;
 * anything else in the payload is ignored.
 */
export const customerPayload = z.object({
  shop_domain: z.string(),
  customer: z.object({ id: z.union([z.number(), z.string()]).transform(String), email: z.string().nullish() }),
  orders_requested: z.array(z.union([z.number(), z.string()]).transform(String)).optional(),
  orders_to_redact: z.array(z.union([z.number(), z.string()]).transform(String)).optional(),
});
export type CustomerPayload = z.infer<typeof customerPayload>;

function orderGid(id: string) {
  return id.startsWith("gid://") ? id : `gid://shopify/Order/${id}`;
}

function customerOrdersWhere(shop: string, request: CustomerPayload): Prisma.OrderWhereInput {
  const ids = [...(request.orders_requested ?? []), ...(request.orders_to_redact ?? [])].map(orderGid);
  const customerId = `gid://shopify/Customer/${request.customer.id}`;
  const email = request.customer.email ?? undefined;
  return {
    shop,
    OR: [{ customerId }, ...(email ? [{ email }] : []), ...(ids.length ? [{ shopifyId: { in: ids } }] : [])],
  };
}

type Keyed = { id: string; orderKey: string | null };

/**
 * The rows (tracking events or returns) that name one of these orders: by the order's key
 * (app/seko/order-number.ts), as SEKO wrote it back ("1001", "#1001") or behind a prefix it added
 * ("SHOP-1001"), but never a row whose key is another order's own ("SO2026-1001" is not "#1001"'s).
 */
async function rowsNaming<T extends Keyed>(tx: Tx, shop: string, orders: { name: string }[], find: (where: { shop: string; OR: { orderKey: { endsWith: string } }[] }) => Promise<T[]>) {
  await backfillOrderKeys(tx, shop);
  const keys = canonicalOrderNumbers(orders.map((order) => order.name));
  if (keys.length === 0) return [];
  const rows = await find({ shop, OR: keys.map((key) => ({ orderKey: { endsWith: key } })) });
  const mine = new Set(keys);
  const others = new Set(
    (await tx.order.findMany({ where: { shop, OR: keys.map((key) => ({ name: { endsWith: key } })) }, select: { name: true } }))
      .map((order) => canonicalOrderNumber(order.name))
      .filter((key): key is string => key !== null && !mine.has(key)),
  );
  return rows.filter((row) => row.orderKey !== null && !others.has(row.orderKey) && keys.some((key) => echoNames(row.orderKey!, key)));
}

/** customers/data_request: everything we hold about the customer, for the merchant to pass on. */
export async function recordCustomerDataRequest(tx: Tx, shop: string, request: CustomerPayload) {
  const orders = await tx.order.findMany({
    where: customerOrdersWhere(shop, request),
    include: { lineItems: { select: { sku: true, title: true, quantity: true, price: true } } },
    orderBy: { processedAt: "asc" },
  });
  const returns = (
    await rowsNaming(tx, shop, orders, (where) => tx.returnShipment.findMany({ where, select: { id: true, orderKey: true, consignmentNo: true, orderNo: true, status: true, lastEventAt: true } }))
  ).map(({ id: _id, orderKey: _key, ...row }) => row);
  const trackingEvents = (
    await rowsNaming(tx, shop, orders, (where) =>
      tx.trackingEvent.findMany({
        where,
        select: { id: true, orderKey: true, consignmentNo: true, orderNo: true, code: true, label: true, eventAt: true, itemNo: true, returnReason: true, returnAction: true },
        orderBy: { eventAt: "asc" },
      }),
    )
  ).map(({ id: _id, orderKey: _key, ...row }) => row);
  // Returns written into Shopify for these orders (app/returns/mirror.server.ts): their matched lines and reasons.
  const shopifyReturns = (
    await rowsNaming(tx, shop, orders, (where) =>
      tx.shopifyReturn.findMany({ where, select: { id: true, orderKey: true, consignmentNo: true, orderName: true, returnId: true, state: true, reason: true, lines: true, createdAt: true } }),
    )
  ).map(({ id: _id, orderKey: _key, lines, ...row }) => ({ ...row, lines: parseItems(lines) }));
  // Test returns made on the customer's orders (step 9) name the order, its items and a reason: held too.
  const testReturns = await tx.testReturn.findMany({
    where: { shop, orderId: { in: orders.map((order) => order.id) } },
    select: { orderName: true, items: true, reason: true, returnOption: true, originCountry: true, state: true, connote: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  const report = {
    customerId: request.customer.id,
    orders: orders.map(({ id: _id, shop: _shop, lineItems, ...order }) => ({ ...order, lineItems })),
    returns,
    trackingEvents,
    shopifyReturns,
    testReturns: testReturns.map(({ items, ...row }) => ({ ...row, items: parseItems(items) })),
  };
  return tx.complianceRequest.create({
    data: {
      shop,
      topic: "customers/data_request",
      customerId: request.customer.id,
      email: request.customer.email ?? null,
      result: JSON.stringify(report),
    },
  });
}

/** A test return's items as stored (JSON), or the raw text when it does not parse: the report holds what we hold. */
function parseItems(items: string): unknown {
  try {
    return JSON.parse(items);
  } catch {
    return items;
  }
}

function queuedOrderMatches(request: CustomerPayload): Prisma.SyncJobWhereInput[] {
  const orderIds = [...(request.orders_requested ?? []), ...(request.orders_to_redact ?? [])].map((id) => id.replace(/^gid:\/\/shopify\/Order\//, ""));
  return [
    { payload: { contains: `"customer":{"id":"${request.customer.id}"` } },
    ...(request.customer.email ? [{ payload: { contains: JSON.stringify(request.customer.email) } }] : []),
    ...orderIds.map((id) => ({ payload: { startsWith: `{"id":"${id}"` } })),
  ];
}

/** customers/redact: erase the customer's orders; the audit row keeps counts only. */
export async function redactCustomer(tx: Tx, shop: string, request: CustomerPayload) {
  const where = customerOrdersWhere(shop, request);
  const orders = await tx.order.findMany({ where, select: { id: true, name: true, shopifyId: true } });
  // Tracking events and returns name the order (and carry the customer's return reasons).
  const events = await rowsNaming(tx, shop, orders, (match) => tx.trackingEvent.findMany({ where: match, select: { id: true, orderKey: true } }));
  const returns = await rowsNaming(tx, shop, orders, (match) => tx.returnShipment.findMany({ where: match, select: { id: true, orderKey: true } }));
  // The returns written into Shopify for these orders (app/returns/mirror.server.ts): their lines carry the customer's reasons.
  const mirrored = await rowsNaming(tx, shop, orders, (match) => tx.shopifyReturn.findMany({ where: match, select: { id: true, orderKey: true } }));
  await tx.trackingEvent.deleteMany({ where: { shop, id: { in: events.map((row) => row.id) } } });
  await tx.returnShipment.deleteMany({ where: { shop, id: { in: returns.map((row) => row.id) } } });
  await tx.shopifyReturn.deleteMany({ where: { shop, OR: [{ id: { in: mirrored.map((row) => row.id) } }, { orderId: { in: orders.map((order) => order.shopifyId) } }] } });
  // Test returns made on the customer's orders (step 9) name the order and its items.
  await tx.testReturn.deleteMany({ where: { shop, orderId: { in: orders.map((order) => order.id) } } });
  const { count } = await tx.order.deleteMany({ where });
  // Order webhooks still queued for the sync carry the customer's details too.
  await tx.syncJob.deleteMany({ where: { shop, kind: "order", OR: queuedOrderMatches(request) } });
  await tx.complianceRequest.deleteMany({ where: { shop, customerId: request.customer.id } });
  // The step 5 page's stored readiness counted the erased orders' items. Last, as in the order writes
  // (app/shopify/order-ingest.server.ts), so the two never wait on each other's rows in opposite order.
  await tx.readinessSnapshot.upsert({ where: { shop }, create: { shop, version: 1 }, update: { version: { increment: 1 } } });
  return tx.complianceRequest.create({
    data: { shop, topic: "customers/redact", customerId: request.customer.id, result: JSON.stringify({ ordersErased: count }) },
  });
}

/**
 * shop/redact (48 h after uninstall): erase everything held for the shop.
 * Every model with a `shop` column must be listed here; a test compares this
 * list with the schema so a new model cannot be forgotten.
 */
export async function redactShop(tx: Tx, shop: string) {
  const erased = {
    Session: (await tx.session.deleteMany({ where: { shop } })).count,
    Order: (await tx.order.deleteMany({ where: { shop } })).count,
    ComplianceRequest: (await tx.complianceRequest.deleteMany({ where: { shop } })).count,
    SekoCredential: (await tx.sekoCredential.deleteMany({ where: { shop } })).count,
    SekoSettings: (await tx.sekoSettings.deleteMany({ where: { shop } })).count,
    TrackingEndpoint: (await tx.trackingEndpoint.deleteMany({ where: { shop } })).count,
    TrackingEvent: (await tx.trackingEvent.deleteMany({ where: { shop } })).count,
    ReturnShipment: (await tx.returnShipment.deleteMany({ where: { shop } })).count,
    ShopifyReturn: (await tx.shopifyReturn.deleteMany({ where: { shop } })).count,
    ReturnMirrorSettings: (await tx.returnMirrorSettings.deleteMany({ where: { shop } })).count,
    OnboardingSection: (await tx.onboardingSection.deleteMany({ where: { shop } })).count,
    OnboardingSubmission: (await tx.onboardingSubmission.deleteMany({ where: { shop } })).count,
    DocumentSignature: (await tx.documentSignature.deleteMany({ where: { shop } })).count,
    TeamMemberRequest: (await tx.teamMemberRequest.deleteMany({ where: { shop } })).count,
    OnboardingActivity: (await tx.onboardingActivity.deleteMany({ where: { shop } })).count,
    SyncedVariant: (await tx.syncedVariant.deleteMany({ where: { shop } })).count,
    ReadinessSnapshot: (await tx.readinessSnapshot.deleteMany({ where: { shop } })).count,
    OrderSyncState: (await tx.orderSyncState.deleteMany({ where: { shop } })).count,
    SyncJob: (await tx.syncJob.deleteMany({ where: { shop } })).count,
    SyncLock: (await tx.syncLock.deleteMany({ where: { shop } })).count,
    ShopQuota: (await tx.shopQuota.deleteMany({ where: { shop } })).count,
    NotificationTemplate: (await tx.notificationTemplate.deleteMany({ where: { shop } })).count,
    NotificationSettings: (await tx.notificationSettings.deleteMany({ where: { shop } })).count,
    TestReturn: (await tx.testReturn.deleteMany({ where: { shop } })).count,
    GoLive: (await tx.goLive.deleteMany({ where: { shop } })).count,
    Shop: (await tx.shop.deleteMany({ where: { shop } })).count,
  };
  // The audit row of this erase holds no personal data: the shop domain and counts.
  await tx.complianceRequest.create({ data: { shop, topic: "shop/redact", result: JSON.stringify(erased) } });
  return erased;
}

/** Models deliberately kept by shop/redact, with the reason. */
export const KEPT_ON_SHOP_REDACT = {
  WebhookDelivery: "event ids only; kept so a late replay of shop/redact is still recognised",
} as const;
