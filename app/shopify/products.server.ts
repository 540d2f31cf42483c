import { Prisma } from "@prisma/client";
import { databaseDialect, db } from "~/utils/db.server";
import type { SyncVariantsQuery } from "~/types/admin.generated";
import { type AdminGraphql, typed } from "./admin.server";
import { adminFor, callShopify } from "./background-admin.server";
import { enqueueJob, isUniqueViolation, type JobHandler } from "~/utils/job-queue.server";
import { withLease } from "~/utils/leases.server";
import { log } from "~/utils/logger.server";
import { normaliseTags, toGrams, type VariantRecord } from "./order-sync";
import { writeVariants } from "./order-ingest.server";
import { computeReadiness, describeRefusedOrder, type Readiness, type RefusedOrder, type RefusedOrderData, type SoldVariantRow } from "./products";
import type { SyncAddress } from "./order-sync";

/**
 * Product data of sold variants (HS code, country of origin, weight, tags,
 * image): read with the orders by the backfill, looked up for variants that
 * only webhooks mentioned, and refreshed on request after the merchant fixed
 * products in Shopify admin.
 */

const VARIANTS_QUERY = `#graphql
  query SyncVariants($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on ProductVariant {
        id
        sku
        barcode
        title
        product { id title tags featuredMedia { ... on MediaImage { image { url } } } }
        inventoryItem { harmonizedSystemCode countryCodeOfOrigin measurement { weight { value unit } } }
      }
    }
  }
`;

const PAGE = 100;

export async function fetchVariants(graphql: AdminGraphql, ids: string[]): Promise<VariantRecord[]> {
  const records: VariantRecord[] = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    const result = await callShopify(graphql, VARIANTS_QUERY, typed<SyncVariantsQuery>(), { ids: ids.slice(i, i + PAGE) });
    for (const node of result.nodes) {
      if (!node || !("id" in node)) continue;
      records.push({
        variantId: node.id,
        productId: node.product.id,
        sku: node.sku ?? null,
        barcode: node.barcode ?? null,
        productTitle: node.product.title,
        variantTitle: node.title && node.title !== "Default Title" ? node.title : null,
        imageUrl: node.product.featuredMedia?.image?.url ?? null,
        productTags: normaliseTags(node.product.tags),
        hsCode: node.inventoryItem?.harmonizedSystemCode ?? null,
        countryOfOrigin: node.inventoryItem?.countryCodeOfOrigin ?? null,
        weightGrams: toGrams(node.inventoryItem?.measurement?.weight),
      });
    }
  }
  return records;
}

async function variantsToRead(shop: string, all: boolean) {
  if (all) return (await db.syncedVariant.findMany({ where: { shop }, select: { variantId: true } })).map((row) => row.variantId);
  const rows = await db.$queryRaw<{ variantId: string }[]>(Prisma.sql`
    SELECT DISTINCT li."variantId" AS "variantId" FROM "LineItem" li
    JOIN "Order" o ON o."id" = li."orderId"
    LEFT JOIN "SyncedVariant" v ON v."shop" = o."shop" AND v."variantId" = li."variantId"
    WHERE o."shop" = ${shop} AND li."variantId" IS NOT NULL AND v."id" IS NULL
    LIMIT 1000`);
  return rows.map((row) => row.variantId);
}

/**
 * Reads product data for variants the database lacks (or all of them) and
 * puts orders whose rows SEKO refused for missing data back in the upload
 * queue when that data arrived.
 */
export async function refreshVariants(shop: string, graphql: AdminGraphql, options: { all?: boolean } = {}) {
  const ids = await variantsToRead(shop, options.all ?? false);
  if (ids.length === 0) return 0;
  const records = await fetchVariants(graphql, ids);
  await writeVariants(shop, records);
  const retry = await db.order.updateMany({
    where: { shop, uploadStatus: { in: ["blocked", "partial"] }, lineItems: { some: { variantId: { in: records.map((r) => r.variantId) } } } },
    data: { uploadStatus: "pending", uploadNextAt: null },
  });
  if (retry.count) await enqueueJob({ shop, kind: "upload" });
  return records.length;
}

/** The `variants` job: product data for the variants orders sold (all of them on "Check again"). */
export const variantsJob: JobHandler = async (job) => {
  const { all } = JSON.parse(job.payload ?? "{}") as { all?: boolean };
  await refreshVariants(job.shop, await adminFor(job.shop), { all });
};

export async function requestVariantRefresh(shop: string) {
  await enqueueJob({ shop, kind: "variants", key: "variants-all", payload: { all: true } });
}

type ReadinessInput = { shopCountry: string | null; offered?: string[] };

/** What a stored result was computed for; the leading tag changes whenever the stored shape of {@link Readiness} does. */
const optionsKey = (options: ReadinessInput) => JSON.stringify(["readiness-1", options.shopCountry, options.offered?.length ? [...options.offered].sort() : null]);

/**
 * The readiness and when it was computed. `updating`: it was computed before the latest order writes, because an import
 * is writing them (see `productReadiness`); the page says so, with `asOf`.
 */
export type ReadinessFigures = Readiness & { asOf: string | null; updating: boolean };

/** How old a result shown during an import may get before a page has it computed again, in the background. */
export const READINESS_REFRESH_DURING_IMPORT_MS = 30_000;
/** The (shop, name) lease under which one process at a time computes a shop's readiness (app/utils/leases.server.ts). */
const READINESS_LEASE = "readiness";

type Snapshot = Awaited<ReturnType<typeof readinessSnapshot>>;
const current = (snapshot: Snapshot, key: string) => snapshot.computedVersion === snapshot.version && snapshot.optionsKey === key && Boolean(snapshot.readiness);
const figures = (snapshot: Snapshot, updating: boolean): ReadinessFigures => ({
  ...(JSON.parse(snapshot.readiness!) as Readiness),
  asOf: snapshot.computedAt?.toISOString() ?? null,
  updating,
});

/**
 * Sold SKUs per destination country the merchant offers returns from, and which of them lack what that country needs.
 * Computing it reads every line item the shop sold (300-500 ms on a 100,000-order shop, docs/benchmarks.md), so the
 * result is stored with the shop's data version and reused until an order or product write moves that version on
 * (every such write does, in its own transaction: app/shopify/order-ingest.server.ts). The version is read before the
 * rows: a write that lands while they are read leaves the stored result behind its version, and the next page
 * computes it again. One process at a time computes it for a shop (a lease): pages that find it being computed wait
 * and read the result.
 *
 * While the shop's order sync runs, each of its batches moves the version on, so every page would compute it again.
 * With `duringImport: "reuse"` (the step 5 page) a page then gets the last result as it is, `updating`, with the time
 * it was computed; one at most is computed again in the background, across instances, once it is older than
 * READINESS_REFRESH_DURING_IMPORT_MS. When the sync has finished, the next page computes it from every order.
 */
export async function productReadiness(shop: string, options: ReadinessInput, { duringImport = "compute" }: { duringImport?: "compute" | "reuse" } = {}): Promise<ReadinessFigures> {
  const key = optionsKey(options);
  const snapshot = await readinessSnapshot(shop);
  if (current(snapshot, key)) return figures(snapshot, false);
  if (duringImport === "reuse" && snapshot.optionsKey === key && snapshot.readiness && (await importing(shop))) {
    if (!snapshot.computedAt || Date.now() - snapshot.computedAt.getTime() >= READINESS_REFRESH_DURING_IMPORT_MS) refreshInBackground(shop, options, key);
    return figures(snapshot, true);
  }
  const computed = await withLease(shop, READINESS_LEASE, () => computeUnlessCurrent(shop, options, key), { ms: 60_000, waitMs: 10_000 });
  // The lease stayed taken (a computation slower than 10 s): this page computes its own.
  return computed ?? computeUnlessCurrent(shop, options, key);
}

async function importing(shop: string) {
  const state = await db.orderSyncState.findUnique({ where: { shop }, select: { status: true } });
  return state?.status === "running";
}

/** Holding the lease: another page may have stored the result while this one waited for it. */
async function computeUnlessCurrent(shop: string, options: ReadinessInput, key: string, background = false) {
  const snapshot = await readinessSnapshot(shop);
  if (current(snapshot, key)) return figures(snapshot, false);
  // As of the version read above: the rows read next include at least every write it counts.
  const computedAt = new Date();
  const readiness = await computeProductReadiness(shop, options, { background });
  // Not over a result computed from a later version (a computation that lost its lease and finished last).
  await db.readinessSnapshot.updateMany({
    where: { shop, OR: [{ computedVersion: null }, { computedVersion: { lte: snapshot.version } }] },
    data: { computedVersion: snapshot.version, optionsKey: key, readiness: JSON.stringify(readiness), computedAt },
  });
  return { ...readiness, asOf: computedAt.toISOString(), updating: false };
}

/** Computes and stores the readiness after the answer, unless another page (of any instance) is computing it. */
function refreshInBackground(shop: string, options: ReadinessInput, key: string) {
  void withLease(shop, READINESS_LEASE, () => computeUnlessCurrent(shop, options, key, true), { ms: 60_000, waitMs: 0 }).catch((error: unknown) =>
    log.warn("readiness: background refresh failed", { shop, message: error instanceof Error ? error.message : String(error) }),
  );
}

async function readinessSnapshot(shop: string) {
  const found = await db.readinessSnapshot.findUnique({ where: { shop } });
  if (found) return found;
  try {
    return await db.readinessSnapshot.create({ data: { shop } });
  } catch (error) {
    // Created meanwhile by another page or by a write (which waited for it on Postgres).
    if (!isUniqueViolation(error)) throw error;
    return db.readinessSnapshot.findUniqueOrThrow({ where: { shop } });
  }
}

/**
 * The readiness from the shop's orders. The line items are made distinct before the product data is looked up: one
 * lookup per sold variant and country instead of one per line item (the same rows, 1.65 times faster on a
 * 100,000-order shop, docs/benchmarks.md).
 */
async function computeProductReadiness(shop: string, options: ReadinessInput, { background = false } = {}): Promise<Readiness> {
  const query = Prisma.sql`
    SELECT DISTINCT s."country", s."variantId", COALESCE(v."productId", s."productId") AS "productId",
      COALESCE(v."sku", s."sku") AS "sku", COALESCE(v."productTitle", s."title") AS "productTitle",
      COALESCE(v."variantTitle", s."variantTitle") AS "variantTitle", v."hsCode" AS "hsCode",
      v."countryOfOrigin" AS "countryOfOrigin", v."weightGrams" AS "weightGrams"
    FROM (
      SELECT DISTINCT o."shipCountry" AS "country", li."variantId", li."productId", li."sku", li."title", li."variantTitle"
      FROM "LineItem" li
      JOIN "Order" o ON o."id" = li."orderId"
      WHERE o."shop" = ${shop} AND li."requiresShipping" = ${true} AND o."cancelledAt" IS NULL
    ) s
    LEFT JOIN "SyncedVariant" v ON v."shop" = ${shop} AND v."variantId" = s."variantId"`;
  // In the background during an import, on Postgres: in one process, not a parallel plan over both cores of a small
  // machine, so that the pages and the import keep theirs (it may take longer; nobody waits for it).
  const rows =
    background && databaseDialect() === "postgres"
      ? await db.$transaction(
          async (tx) => {
            await tx.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`;
            return tx.$queryRaw<SoldVariantRow[]>(query);
          },
          { maxWait: 10_000, timeout: 60_000 },
        )
      : await db.$queryRaw<SoldVariantRow[]>(query);
  return computeReadiness(
    rows.map((row) => ({ ...row, weightGrams: row.weightGrams === null ? null : Number(row.weightGrams) })),
    options,
  );
}

export const REFUSED_PER_PAGE = 20;
const REFUSED = ["blocked", "partial", "failed"];

export type RefusedOrdersPage = { total: number; page: number; pages: number; orders: RefusedOrder[] };

/** Orders SEKO could not take (blocked, sent in part, failed), newest first, a page at a time, each with why. */
export async function refusedOrders(shop: string, page = 1, perPage = REFUSED_PER_PAGE): Promise<RefusedOrdersPage> {
  const where = { shop, uploadStatus: { in: REFUSED } };
  const total = await db.order.count({ where });
  const pages = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const orders = await db.order.findMany({
    where,
    include: { lineItems: true },
    orderBy: [{ processedAt: "desc" }, { id: "asc" }],
    skip: (current - 1) * perPage,
    take: perPage,
  });
  const variantIds = [...new Set(orders.flatMap((order) => order.lineItems.map((line) => line.variantId)).filter((id): id is string => Boolean(id)))];
  const variants = new Map(
    (
      await db.syncedVariant.findMany({
        where: { shop, variantId: { in: variantIds } },
        select: { variantId: true, sku: true, productId: true, countryOfOrigin: true },
      })
    ).map((variant) => [variant.variantId, variant]),
  );
  return {
    total,
    page: current,
    pages,
    orders: orders.map((order) => {
      const address = order.shippingAddress ? (JSON.parse(order.shippingAddress) as SyncAddress) : null;
      const data: RefusedOrderData = {
        shopifyId: order.shopifyId,
        name: order.name,
        uploadStatus: order.uploadStatus,
        uploadError: order.uploadError,
        uploadAttempts: order.uploadAttempts,
        uploadNextAt: order.uploadNextAt?.toISOString() ?? null,
        customerName: order.customerName,
        email: order.email,
        address,
        lines: order.lineItems.map((line) => ({
          title: line.title,
          variantTitle: line.variantTitle,
          sku: line.sku,
          variantId: line.variantId,
          productId: line.productId,
          requiresShipping: line.requiresShipping,
          quantity: line.currentQuantity ?? line.quantity,
          variant: line.variantId ? (variants.get(line.variantId) ?? null) : null,
        })),
      };
      return describeRefusedOrder(data);
    }),
  };
}
