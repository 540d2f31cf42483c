import type { LineItem, Order, SyncedVariant } from "@prisma/client";
import { enqueueJob, type JobHandler } from "~/utils/job-queue.server";
import { APP_ACTOR } from "~/utils/staff.server";
import { recordActivity } from "~/utils/activity.server";
import { backoffMs } from "~/utils/backoff";
import { db } from "~/utils/db.server";
import { log } from "~/utils/logger.server";
import { sekoClients } from "./connection.server";
import { canonicalOrderNumber } from "./order-number";
import { omniRpsOrderRowSchema, type OmniRpsOrderRow } from "./schemas";

/**
 * Synced orders to the OmniRPS order upload (docs/seko.md 5.5): one row per line
 * item, so SEKO can look items up by order number and email and start the
 * return window at the dispatch date. Only fulfilled orders go: before
 * dispatch there is no DateDespatched to send, and cancelled or test orders
 * are never returned. Each order records what SEKO last received
 * (`uploadedVersion`), so an order that changes in Shopify is sent again, and
 * a batch sent twice after a crash is harmless (SEKO keys rows by order number
 * and SKU, see uploadOrders).
 */

const ORDERS_PER_RUN = 200;
const ORDERS_PER_CALL = 50;
const MAX_BACKOFF_MS = 6 * 3_600_000;

type OrderWithLines = Order & { lineItems: LineItem[] };

/** The fields a row needs of an order's shipping address, stored as JSON in `Order.shippingAddress`. */
type StoredAddress = {
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  /** The full name ("New South Wales"): SEKO wants the full state name. */
  province: string | null;
  zip: string | null;
  countryCode: string | null;
};

export type RowProblem = { sku: string | null; title: string; reason: string };

/** "YYYY-MM-DD HH:mm:ss" in UTC: SEKO documents no time zone (assumption, docs/order-sync.md). */
export function sekoDateTime(date: Date) {
  return date.toISOString().replace("T", " ").slice(0, 19);
}

function kg(grams: number | null | undefined) {
  if (!grams) return "0";
  return String(Math.round(grams) / 1000);
}

function styleNumber(productId: string | null, sku: string) {
  return productId ? productId.slice(productId.lastIndexOf("/") + 1) : sku;
}

/**
 * The rows of one order, and the line items that cannot be sent with why.
 * `Returnable` is "N" when the product carries one of the merchant's
 * non-returnable tags (e.g. final-sale).
 */
export function orderRows(order: OrderWithLines, variants: Map<string, SyncedVariant>, nonReturnableTags: string[]): { rows: OmniRpsOrderRow[]; problems: RowProblem[] } {
  const rows: OmniRpsOrderRow[] = [];
  const problems: RowProblem[] = [];
  const address = order.shippingAddress ? (JSON.parse(order.shippingAddress) as StoredAddress) : null;
  const blocked = new Set(nonReturnableTags.map((tag) => tag.trim().toLowerCase()).filter(Boolean));
  for (const line of order.lineItems) {
    const variant = line.variantId ? variants.get(line.variantId) : undefined;
    const sku = line.sku ?? variant?.sku ?? null;
    const title = [line.title, line.variantTitle].filter(Boolean).join(" - ");
    const quantity = line.currentQuantity ?? line.quantity;
    if (!line.requiresShipping) continue; // gift cards and services have nothing to send back
    if (quantity <= 0) continue; // refunded or removed
    if (!sku) {
      problems.push({ sku, title, reason: "has no SKU" });
      continue;
    }
    const tags = (variant?.productTags ?? "").split(",");
    const row = {
      // The canonical form: the one tracking events and compliance requests are matched by.
      OrderNumber: canonicalOrderNumber(order.name) ?? order.name,
      SKU: sku,
      Quantity: quantity,
      StyleNumber: styleNumber(variant?.productId ?? line.productId, sku),
      EAN: variant?.barcode ?? "",
      ProductName: title,
      ItemValue: line.price,
      Currency: order.currency,
      ItemWeight: kg(variant?.weightGrams),
      CommodityCode: variant?.hsCode ?? undefined,
      ProductCountryOfOrigin: variant?.countryOfOrigin ?? "",
      CustomerName: order.customerName ?? address?.name ?? "",
      CustomerEmail: order.email ?? "",
      Building: address?.company ?? "",
      Street: address?.address1 ?? "",
      Suburb: address?.address2 || address?.city || "",
      Town: address?.city ?? undefined,
      State: address?.province ?? "",
      DeliveryPostcode: address?.zip ?? "",
      DeliveryCountry: address?.countryCode ?? "",
      DateDespatched: order.fulfilledAt ? sekoDateTime(order.fulfilledAt) : "",
      Returnable: tags.some((tag) => blocked.has(tag)) ? "N" : "Y",
      SKUImage: line.imageUrl ?? variant?.imageUrl ?? undefined,
    } satisfies OmniRpsOrderRow;
    const checked = omniRpsOrderRowSchema.safeParse(row);
    if (!checked.success) {
      const fields = [...new Set(checked.error.issues.map((issue) => String(issue.path[0])))];
      problems.push({ sku, title, reason: `${fields.join(", ")} ${fields.length > 1 ? "are" : "is"} missing or invalid` });
      continue;
    }
    rows.push(row);
  }
  return { rows, problems };
}

function describeProblems(problems: RowProblem[]) {
  return problems
    .slice(0, 5)
    .map((p) => `${p.sku ?? p.title}: ${p.reason}`)
    .join("; ")
    .concat(problems.length > 5 ? `; and ${problems.length - 5} more` : "");
}

export type UploadRun = { notConnected: boolean; uploaded: number; partial: number; blocked: number; failed: number; remaining: boolean };

/** Sends due orders of the shop to OmniRPS. */
export async function uploadDueOrders(shop: string, now = new Date()): Promise<UploadRun> {
  const run: UploadRun = { notConnected: false, uploaded: 0, partial: 0, blocked: 0, failed: 0, remaining: false };
  const { omnirps } = await sekoClients(shop);
  if (!omnirps) return { ...run, notConnected: true };
  const due = await db.order.findMany({
    where: {
      shop,
      test: false,
      cancelledAt: null,
      fulfilledAt: { not: null },
      uploadStatus: { in: ["pending", "failed"] },
      OR: [{ uploadNextAt: null }, { uploadNextAt: { lte: now } }],
    },
    include: { lineItems: true },
    orderBy: { fulfilledAt: "asc" },
    take: ORDERS_PER_RUN + 1,
  });
  run.remaining = due.length > ORDERS_PER_RUN;
  const orders = due.slice(0, ORDERS_PER_RUN);
  if (orders.length === 0) return run;
  const variantIds = [...new Set(orders.flatMap((o) => o.lineItems.map((l) => l.variantId)).filter((id): id is string => Boolean(id)))];
  const variants = new Map((await db.syncedVariant.findMany({ where: { shop, variantId: { in: variantIds } } })).map((v) => [v.variantId, v]));
  const state = await db.orderSyncState.findUnique({ where: { shop }, select: { nonReturnableTags: true } });
  const tags = (state?.nonReturnableTags ?? "final-sale").split(",");

  for (let i = 0; i < orders.length; i += ORDERS_PER_CALL) {
    const group = orders.slice(i, i + ORDERS_PER_CALL).map((order) => ({ order, ...orderRows(order, variants, tags) }));
    for (const entry of group.filter((e) => e.rows.length === 0)) {
      await markOrder(entry.order, { uploadStatus: "blocked", uploadError: `Nothing could be sent: ${describeProblems(entry.problems) || "no returnable items"}` });
      run.blocked++;
    }
    const sendable = group.filter((e) => e.rows.length > 0);
    if (sendable.length === 0) continue;
    const result = await omnirps.uploadOrders(sendable.flatMap((e) => e.rows));
    if (result.ok) {
      for (const entry of sendable) {
        const partial = entry.problems.length > 0;
        await markOrder(entry.order, {
          uploadStatus: partial ? "partial" : "uploaded",
          uploadedVersion: entry.order.shopifyUpdatedAt,
          uploadedAt: new Date(),
          uploadAttempts: 0,
          uploadNextAt: null,
          uploadError: partial ? `Some items were not sent: ${describeProblems(entry.problems)}` : null,
        });
        if (partial) run.partial++;
        else run.uploaded++;
      }
    } else {
      log.warn("seko: order upload failed", { shop, kind: result.error.kind, message: result.error.message });
      for (const entry of sendable) {
        const attempts = entry.order.uploadAttempts + 1;
        await markOrder(entry.order, {
          uploadStatus: "failed",
          uploadAttempts: attempts,
          uploadError: result.error.message,
          uploadNextAt: new Date(Date.now() + backoffMs(attempts, 60_000, MAX_BACKOFF_MS)),
        });
        run.failed++;
      }
    }
  }
  await recordUploadRun(shop, run);
  return run;
}

const orders = (count: number) => `${count} order${count === 1 ? "" : "s"}`;

/** One entry per run that changed something at SEKO (or tried to): what went, what did not. */
async function recordUploadRun(shop: string, run: UploadRun) {
  const sent = run.uploaded + run.partial;
  if (sent + run.blocked + run.failed === 0) return;
  const detail = [
    run.partial ? `${orders(run.partial)} with some items left out` : "",
    run.blocked ? `${orders(run.blocked)} with nothing SEKO could take` : "",
    run.failed ? `${orders(run.failed)} refused for now, to be sent again` : "",
  ].filter(Boolean);
  await recordActivity(shop, {
    kind: "orders.sent",
    actor: APP_ACTOR,
    action: sent ? `Sent ${orders(sent)} to SEKO` : "No orders could be sent to SEKO",
    detail: detail.join("; ") || null,
  });
}

/** Updates the upload state unless the order changed meanwhile (then it stays due as a newer version). */
async function markOrder(order: Order, data: Partial<Order>) {
  await db.order.updateMany({ where: { id: order.id, shopifyUpdatedAt: order.shopifyUpdatedAt }, data });
}

/** The `upload` job: due orders to OmniRPS, run again while some remain or a failed one waits for its back-off. */
export const uploadJob: JobHandler = async (job) => {
  const run = await uploadDueOrders(job.shop);
  if (run.remaining) return { rerunAt: new Date() };
  if (run.failed) {
    const next = await db.order.findFirst({ where: { shop: job.shop, uploadStatus: "failed" }, orderBy: { uploadNextAt: "asc" }, select: { uploadNextAt: true } });
    if (next?.uploadNextAt) return { rerunAt: next.uploadNextAt };
  }
};

export type UploadSummary = Record<"uploaded" | "partial" | "blocked" | "failed" | "waiting" | "pending", number> & {
  /** Test and cancelled orders: stored, never sent (they are never returned). */
  neverSent: number;
  /** Every order of the shop in the app: the categories above and `neverSent` add up to it. */
  stored: number;
  problems: { name: string; error: string }[];
};

export async function uploadSummary(shop: string): Promise<UploadSummary> {
  // One pass over the shop's live orders: per upload status, how many there are and how many are fulfilled
  // (only fulfilled orders go to SEKO; the rest are waiting, whatever their status). Test and cancelled
  // orders are counted apart, so the categories cover every stored order.
  const [groups, neverSent, problems] = await Promise.all([
    db.order.groupBy({ by: ["uploadStatus"], where: { shop, test: false, cancelledAt: null }, _count: { _all: true, fulfilledAt: true } }),
    db.order.count({ where: { shop, OR: [{ test: true }, { cancelledAt: { not: null } }] } }),
    db.order.findMany({
      where: { shop, uploadStatus: { in: ["blocked", "failed", "partial"] } },
      select: { name: true, uploadError: true },
      orderBy: { processedAt: "desc" },
      take: 10,
    }),
  ]);
  const count = (status: string) => groups.find((g) => g.uploadStatus === status)?._count.fulfilledAt ?? 0;
  const waiting = groups.reduce((sum, g) => sum + g._count._all - g._count.fulfilledAt, 0);
  // A fulfilled live order in a status the upload does not write (none today) is counted as queued: never left out.
  const known = ["uploaded", "partial", "blocked", "failed", "pending"];
  const otherFulfilled = groups.filter((g) => !known.includes(g.uploadStatus)).reduce((sum, g) => sum + g._count.fulfilledAt, 0);
  const live = groups.reduce((sum, g) => sum + g._count._all, 0);
  return {
    uploaded: count("uploaded"),
    partial: count("partial"),
    blocked: count("blocked"),
    failed: count("failed"),
    pending: count("pending") + otherFulfilled,
    waiting,
    neverSent,
    stored: live + neverSent,
    problems: problems.map((p) => ({ name: p.name, error: p.uploadError ?? "" })),
  };
}

export async function requestUpload(shop: string) {
  await enqueueJob({ shop, kind: "upload" });
}

export async function setNonReturnableTags(shop: string, tags: string) {
  const clean = tags
    .split(",")
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean)
    .join(",");
  await db.orderSyncState.upsert({ where: { shop }, create: { shop, nonReturnableTags: clean }, update: { nonReturnableTags: clean } });
  // Rows already at SEKO carry the old Returnable flag: send them again.
  await db.order.updateMany({ where: { shop, uploadStatus: { in: ["uploaded", "partial"] } }, data: { uploadStatus: "pending", uploadNextAt: null } });
  await enqueueJob({ shop, kind: "upload" });
  return clean;
}
