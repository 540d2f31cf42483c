/**
 * The shop's live returns: one row per SEKO consignment its tracking events describe
 * (ReturnShipment), test returns left out, with what the app wrote into Shopify (ShopifyReturn) and
 * the order they came back from (its Shopify id and destination country). The Returns page lists
 * them and Home's overview counts them, both from {@link liveReturnsFrom}, so the two never disagree.
 */
import { Prisma } from "@prisma/client";
import { RETURN_STATUSES, isReturnStatusCode, type ReturnStatusCode } from "~/seko/return-statuses";
import { testConsignments } from "~/test-returns/test-returns.server";
import { db } from "~/utils/db.server";

export const DEFAULT_STUCK_DAYS = 7;
export const RETURNS_PAGE_SIZE = 50;

/** Shopify-side states a merchant must act on: the app does not retry them by itself (unmatched) or it gave up for now (failed). */
export const ATTENTION_STATES = ["unmatched", "failed"] as const;

/** SEKO's "YYYY-MM-DD HH:mm:ss" for `days` before `now` (UTC; SEKO's times carry no zone, so the cut is within hours). */
export function stuckCutoff(now: Date, days: number) {
  return new Date(now.getTime() - days * 86_400_000).toISOString().replace("T", " ").slice(0, 19);
}

export type LiveReturnsFilter = {
  /** SEKO's status code (RC, RT, ... RDBTC, RR). */
  status?: ReturnStatusCode;
  /** ISO-2 country the order was shipped to. */
  country?: string;
  /** Open (not delivered back, not rejected) with no news for `stuckDays`. */
  stuck?: boolean;
  /** Unmatched or failed in Shopify. */
  attention?: boolean;
};

export type LiveReturnRow = {
  consignmentNo: string;
  trackingNo: string | null;
  orderNo: string | null;
  status: string | null;
  lastEventAt: string | null;
  country: string | null;
  /** The Shopify order's global id: the one the app wrote the return on, else the synced order of that number. */
  orderId: string | null;
  /** That order's name in Shopify ("#1001"), where known. */
  orderName: string | null;
  /** Null while nothing was written to Shopify for this consignment. */
  shopify: { state: string; shopifyStatus: string | null; reason: string | null; lastError: string | null; attempts: number } | null;
};

type Options = { stuckDays?: number; now?: Date };

const TERMINAL = (Object.keys(RETURN_STATUSES) as ReturnStatusCode[]).filter((code) => RETURN_STATUSES[code].terminal);

/**
 * The live returns of `shop` (`tests`: its test returns' consignments, left out) as a SQL source named "live", for a statement to select from. Orders are
 * matched by the canonical order number (app/seko/order-number.ts: upper case, leading "#" dropped),
 * grouped first so a number two orders share never doubles a return.
 */
function liveReturnsFrom(shop: string, tests: string[]) {
  const notTest = tests.length ? Prisma.sql`AND s."consignmentNo" NOT IN (${Prisma.join(tests)})` : Prisma.empty;
  return Prisma.sql`WITH "keyed" AS (
    SELECT UPPER(LTRIM(o."name", '# ')) AS "orderKey", MAX(o."shopifyId") AS "shopifyId", MAX(o."name") AS "orderName", MAX(o."shipCountry") AS "shipCountry"
    FROM "Order" o WHERE o."shop" = ${shop} GROUP BY UPPER(LTRIM(o."name", '# '))
  ), "live" AS (
    SELECT s."consignmentNo", s."trackingNo", s."orderNo", s."status", s."lastEventAt",
      r."state", r."shopifyStatus", r."reason", r."lastError", r."attempts", COALESCE(r."orderId", k."shopifyId") AS "orderId", COALESCE(r."orderName", k."orderName") AS "orderName", k."shipCountry" AS "country"
    FROM "ReturnShipment" s
    LEFT JOIN "ShopifyReturn" r ON r."shop" = s."shop" AND r."consignmentNo" = s."consignmentNo"
    LEFT JOIN "keyed" k ON k."orderKey" = s."orderKey"
    WHERE s."shop" = ${shop} ${notTest}
  )`;
}

function whereOf(filter: LiveReturnsFilter, { stuckDays = DEFAULT_STUCK_DAYS, now = new Date() }: Options) {
  const conditions: Prisma.Sql[] = [Prisma.sql`1 = 1`];
  if (filter.status) conditions.push(Prisma.sql`"status" = ${filter.status}`);
  if (filter.country) conditions.push(Prisma.sql`"country" = ${filter.country}`);
  if (filter.stuck) conditions.push(Prisma.sql`"status" IS NOT NULL AND "status" NOT IN (${Prisma.join(TERMINAL)}) AND "lastEventAt" < ${stuckCutoff(now, stuckDays)}`);
  if (filter.attention) conditions.push(Prisma.sql`"state" IN (${Prisma.join([...ATTENTION_STATES])})`);
  return Prisma.join(conditions, " AND ");
}

type RawRow = Omit<LiveReturnRow, "shopify"> & { state: string | null; shopifyStatus: string | null; reason: string | null; lastError: string | null; attempts: number | bigint | null };

function rowOf(raw: RawRow): LiveReturnRow {
  const { state, shopifyStatus, reason, lastError, attempts, ...rest } = raw;
  return { ...rest, shopify: state === null ? null : { state, shopifyStatus, reason, lastError, attempts: Number(attempts ?? 0) } };
}

export type LiveReturnsPage = { rows: LiveReturnRow[]; total: number; page: number; pages: number; countries: string[] };

/** One page (50 rows, newest news first) of the shop's live returns that match `filter`, with the countries there are to filter by. */
export async function liveReturns(shop: string, filter: LiveReturnsFilter = {}, { page = 1, ...options }: Options & { page?: number } = {}): Promise<LiveReturnsPage> {
  const live = liveReturnsFrom(shop, await testConsignments(shop));
  const where = whereOf(filter, options);
  const [[counted], countries] = await Promise.all([
    db.$queryRaw<{ total: number | bigint }[]>`${live} SELECT COUNT(*) AS "total" FROM "live" WHERE ${where}`,
    db.$queryRaw<{ country: string }[]>`${live} SELECT DISTINCT "country" FROM "live" WHERE "country" IS NOT NULL ORDER BY "country"`,
  ]);
  const total = Number(counted?.total ?? 0);
  const pages = Math.max(1, Math.ceil(total / RETURNS_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  const rows = await db.$queryRaw<RawRow[]>`${live} SELECT * FROM "live" WHERE ${where}
    ORDER BY COALESCE("lastEventAt", '') DESC, "consignmentNo" LIMIT ${RETURNS_PAGE_SIZE} OFFSET ${(current - 1) * RETURNS_PAGE_SIZE}`;
  return { rows: rows.map(rowOf), total, page: current, pages, countries: countries.map((row) => row.country) };
}

/** Whether this shop's consignment is unmatched or failed in Shopify: the only returns the page offers to retry. */
export async function needsAttention(shop: string, consignmentNo: string): Promise<boolean> {
  const row = await db.shopifyReturn.findUnique({ where: { shop_consignmentNo: { shop, consignmentNo } }, select: { state: true } });
  return row !== null && (ATTENTION_STATES as readonly string[]).includes(row.state);
}

export type ReturnsOverview = {
  total: number;
  byStatus: { code: ReturnStatusCode; label: string; count: number }[];
  /** Live returns unmatched or failed in Shopify: listed on the Returns page with the reason and a retry. */
  attention: number;
  latest: { id: string; consignmentNo: string; orderNo: string | null; code: string; label: string; eventAt: string }[];
  stuck: { consignmentNo: string; orderNo: string | null; status: string; label: string; lastEventAt: string | null }[];
  stuckDays: number;
};

/** Home after go-live (docs/test-returns.md): live returns by status, those needing attention, the latest events, those stuck. */
export async function returnsOverview(shop: string, { stuckDays = DEFAULT_STUCK_DAYS, now = new Date() }: Options = {}): Promise<ReturnsOverview> {
  const tests = await testConsignments(shop);
  const live = liveReturnsFrom(shop, tests);
  const stuckWhere = whereOf({ stuck: true }, { stuckDays, now });
  const [counts, attention, stuck, latest] = await Promise.all([
    db.$queryRaw<{ status: string | null; count: number | bigint }[]>`${live} SELECT "status", COUNT(*) AS "count" FROM "live" GROUP BY "status"`,
    db.$queryRaw<{ count: number | bigint }[]>`${live} SELECT COUNT(*) AS "count" FROM "live" WHERE ${whereOf({ attention: true }, {})}`,
    db.$queryRaw<RawRow[]>`${live} SELECT * FROM "live" WHERE ${stuckWhere} ORDER BY "lastEventAt", "consignmentNo" LIMIT 50`,
    db.trackingEvent.findMany({
      where: { shop, consignmentNo: { notIn: tests } },
      orderBy: { receivedAt: "desc" },
      take: 10,
      select: { id: true, consignmentNo: true, orderNo: true, code: true, label: true, eventAt: true },
    }),
  ]);
  const count = new Map(counts.map((row) => [row.status, Number(row.count)]));
  return {
    total: counts.reduce((sum, row) => sum + Number(row.count), 0),
    byStatus: (Object.keys(RETURN_STATUSES) as ReturnStatusCode[]).map((code) => ({ code, label: RETURN_STATUSES[code].label, count: count.get(code) ?? 0 })),
    attention: Number(attention[0]?.count ?? 0),
    latest,
    stuck: stuck.map((row) => ({
      consignmentNo: row.consignmentNo,
      orderNo: row.orderNo,
      status: row.status!,
      label: isReturnStatusCode(row.status) ? RETURN_STATUSES[row.status].label : row.status!,
      lastEventAt: row.lastEventAt,
    })),
    stuckDays,
  };
}
