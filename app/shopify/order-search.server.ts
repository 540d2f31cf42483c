import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { db } from "~/utils/db.server";
import type { SyncAddress } from "./order-sync";

/**
 * The synced orders as a searchable list (step 9 picks test-return orders
 * from it): search by order number, customer name or email; filter by
 * destination country, fulfilment and date; paged. Every query is the shop's.
 */

export const ORDER_PAGE_SIZE = 20;

const dateText = z.iso.date().optional().catch(undefined);

export const orderSearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .catch(undefined),
  fulfilment: z.enum(["fulfilled", "unfulfilled", "partial"]).optional().catch(undefined),
  from: dateText,
  to: dateText,
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type OrderSearch = z.infer<typeof orderSearchSchema>;

/** Reads the search from a page's query string; anything malformed is ignored rather than refused. */
export function orderSearchFrom(params: URLSearchParams): OrderSearch {
  const value = (name: string) => params.get(name) || undefined;
  return orderSearchSchema.parse({
    q: value("q"),
    country: value("country"),
    fulfilment: value("fulfilment"),
    from: value("from"),
    to: value("to"),
    page: value("page") ?? 1,
  });
}

export type OrderSummary = {
  id: string;
  name: string;
  customerName: string | null;
  email: string | null;
  shipCountry: string | null;
  fulfillmentStatus: string | null;
  processedAt: string;
  itemCount: number;
};

function where(shop: string, search: OrderSearch): Prisma.OrderWhereInput {
  const and: Prisma.OrderWhereInput[] = [{ shop }, { cancelledAt: null }];
  if (search.q) {
    const q = search.q.replace(/^#/, "");
    and.push({ OR: [{ name: { contains: q } }, { customerName: { contains: q } }, { email: { contains: q.toLowerCase() } }] });
  }
  if (search.country) and.push({ shipCountry: search.country });
  if (search.fulfilment === "fulfilled") and.push({ fulfillmentStatus: "FULFILLED" });
  if (search.fulfilment === "partial") and.push({ fulfillmentStatus: "PARTIALLY_FULFILLED" });
  if (search.fulfilment === "unfulfilled") and.push({ OR: [{ fulfillmentStatus: null }, { fulfillmentStatus: { notIn: ["FULFILLED", "PARTIALLY_FULFILLED"] } }] });
  if (search.from) and.push({ processedAt: { gte: new Date(`${search.from}T00:00:00Z`) } });
  if (search.to) and.push({ processedAt: { lt: new Date(new Date(`${search.to}T00:00:00Z`).getTime() + 86_400_000) } });
  return { AND: and };
}

export async function searchOrders(shop: string, search: OrderSearch) {
  const filter = where(shop, search);
  const [total, rows, countries] = await Promise.all([
    db.order.count({ where: filter }),
    db.order.findMany({
      where: filter,
      orderBy: [{ processedAt: "desc" }, { id: "desc" }],
      skip: (search.page - 1) * ORDER_PAGE_SIZE,
      take: ORDER_PAGE_SIZE,
      select: {
        id: true,
        name: true,
        customerName: true,
        email: true,
        shipCountry: true,
        fulfillmentStatus: true,
        processedAt: true,
        _count: { select: { lineItems: true } },
      },
    }),
    db.order.findMany({ where: { shop, shipCountry: { not: null } }, distinct: ["shipCountry"], select: { shipCountry: true } }),
  ]);
  const orders: OrderSummary[] = rows.map((row) => ({
    id: row.id,
    name: row.name,
    customerName: row.customerName,
    email: row.email,
    shipCountry: row.shipCountry,
    fulfillmentStatus: row.fulfillmentStatus,
    processedAt: row.processedAt.toISOString(),
    itemCount: row._count.lineItems,
  }));
  return {
    orders,
    total,
    page: search.page,
    pages: Math.max(1, Math.ceil(total / ORDER_PAGE_SIZE)),
    countries: countries.flatMap((row) => (row.shipCountry ? [row.shipCountry] : [])).sort(),
  };
}

export type OrderForReturn = {
  id: string;
  name: string;
  email: string | null;
  customerName: string | null;
  currency: string;
  shipCountry: string | null;
  address: SyncAddress | null;
  lines: { id: string; sku: string | null; title: string; variantTitle: string | null; quantity: number; price: string; variantId: string | null }[];
};

/** One order of the shop with the lines that can still be returned; null when it is not the shop's. */
export async function orderForReturn(shop: string, id: string): Promise<OrderForReturn | null> {
  const order = await db.order.findFirst({ where: { id, shop }, include: { lineItems: { orderBy: { shopifyId: "asc" } } } });
  if (!order) return null;
  let address: SyncAddress | null = null;
  try {
    address = order.shippingAddress ? (JSON.parse(order.shippingAddress) as SyncAddress) : null;
  } catch {
    address = null;
  }
  return {
    id: order.id,
    name: order.name,
    email: order.email,
    customerName: order.customerName,
    currency: order.currency,
    shipCountry: order.shipCountry,
    address,
    lines: order.lineItems
      .map((line) => ({
        id: line.id,
        sku: line.sku,
        title: line.title,
        variantTitle: line.variantTitle,
        quantity: line.currentQuantity ?? line.quantity,
        price: line.price,
        variantId: line.variantId,
      }))
      .filter((line) => line.quantity > 0),
  };
}

/**
 * The median parcel weight of the shop's recent orders, in kg, from the synced
 * variants' weights (null when no weight is known): the label-cost table's default.
 */
export async function medianOrderWeightKg(shop: string, sample = 200): Promise<number | null> {
  const orders = await db.order.findMany({
    where: { shop, cancelledAt: null },
    orderBy: { processedAt: "desc" },
    take: sample,
    select: { lineItems: { select: { variantId: true, quantity: true } } },
  });
  const variantIds = [...new Set(orders.flatMap((order) => order.lineItems.flatMap((line) => (line.variantId ? [line.variantId] : []))))];
  const variants = await db.syncedVariant.findMany({ where: { shop, variantId: { in: variantIds } }, select: { variantId: true, weightGrams: true } });
  const grams = new Map(variants.map((variant) => [variant.variantId, variant.weightGrams ?? 0]));
  const weights = orders
    .map((order) => order.lineItems.reduce((sum, line) => sum + (line.variantId ? (grams.get(line.variantId) ?? 0) * line.quantity : 0), 0))
    .filter((weight) => weight > 0)
    .sort((a, b) => a - b);
  if (!weights.length) return null;
  const middle = Math.floor(weights.length / 2);
  const value = weights.length % 2 ? weights[middle]! : (weights[middle - 1]! + weights[middle]!) / 2;
  return Math.round(value) / 1000;
}
