/**
 * Home after go-live: the shop's live returns as tracking events describe them
 * (docs/test-returns.md). Test returns' consignments are left out of every
 * figure here.
 */
import { RETURN_STATUSES, type ReturnStatusCode } from "~/seko/tracking";
import { db } from "~/utils/db.server";
import { testConsignments } from "~/test-returns/test-returns.server";

export const DEFAULT_STUCK_DAYS = 7;

/** SEKO's "YYYY-MM-DD HH:mm:ss" for `days` before `now` (UTC; SEKO's times carry no zone, so the cut is within hours). */
export function stuckCutoff(now: Date, days: number) {
  return new Date(now.getTime() - days * 86_400_000).toISOString().replace("T", " ").slice(0, 19);
}

export type ReturnsOverview = {
  total: number;
  byStatus: { code: ReturnStatusCode; label: string; count: number }[];
  latest: { id: string; consignmentNo: string; orderNo: string | null; code: string; label: string; eventAt: string }[];
  stuck: { consignmentNo: string; orderNo: string | null; status: string; label: string; lastEventAt: string | null }[];
  stuckDays: number;
};

export async function returnsOverview(shop: string, { stuckDays = DEFAULT_STUCK_DAYS, now = new Date() } = {}): Promise<ReturnsOverview> {
  const tests = await testConsignments(shop);
  const live = { shop, consignmentNo: { notIn: tests } };
  const terminal = (Object.keys(RETURN_STATUSES) as ReturnStatusCode[]).filter((code) => RETURN_STATUSES[code].terminal);
  const [counts, latest, stuck] = await Promise.all([
    db.returnShipment.groupBy({ by: ["status"], where: live, _count: { _all: true } }),
    db.trackingEvent.findMany({ where: live, orderBy: { receivedAt: "desc" }, take: 10, select: { id: true, consignmentNo: true, orderNo: true, code: true, label: true, eventAt: true } }),
    db.returnShipment.findMany({
      where: { ...live, status: { not: null, notIn: terminal }, lastEventAt: { lt: stuckCutoff(now, stuckDays) } },
      orderBy: { lastEventAt: "asc" },
      take: 50,
      select: { consignmentNo: true, orderNo: true, status: true, lastEventAt: true },
    }),
  ]);
  const count = new Map(counts.map((row) => [row.status, row._count._all]));
  return {
    total: counts.reduce((sum, row) => sum + row._count._all, 0),
    byStatus: (Object.keys(RETURN_STATUSES) as ReturnStatusCode[]).map((code) => ({ code, label: RETURN_STATUSES[code].label, count: count.get(code) ?? 0 })),
    latest,
    stuck: stuck.map((row) => ({ ...row, status: row.status!, label: RETURN_STATUSES[row.status as ReturnStatusCode]?.label ?? row.status! })),
    stuckDays,
  };
}
