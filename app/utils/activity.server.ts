import type { Prisma } from "@prisma/client";
import { db } from "./db.server";
import { staffDirectory } from "./staff.server";

/**
 * The shop's activity log as infrastructure: who (a Shopify staff user id, "SEKO", or the app
 * itself) did what and when. Each domain records its own changes where they happen (a SEKO key
 * in app/seko, the order sync in app/shopify), so no caller can forget; pages show the log with
 * names ({@link activityFeed}). Actors are named in app/utils/staff.server.ts.
 */

export type ActivityKind =
  | "onboarding"
  | "seko.connected"
  | "seko.checked"
  | "seko.removed"
  | "seko.environment"
  | "tracking.credentials"
  | "sync.started"
  | "sync.finished"
  | "sync.failed"
  | "orders.sent"
  | "summary.sent"
  | "test-return.created"
  | "test-return.decided"
  | "test-return.voided"
  | "label-costs.confirmed"
  | "go-live"
  | "storefront.saved";

export type ActivityRecord = { kind: ActivityKind; actor: string; action: string; detail?: string | null };

type Client = Pick<Prisma.TransactionClient, "onboardingActivity">;

export async function recordActivity(shop: string, entry: ActivityRecord, client: Client = db) {
  await client.onboardingActivity.create({
    data: { shop, kind: entry.kind, actor: entry.actor, action: entry.action, detail: entry.detail ?? null },
  });
}

export const ACTIVITY_PAGE_SIZE = 20;

export type ActivityRow = { id: string; kind: string; actor: string; action: string; detail: string | null; createdAt: Date };

/**
 * One page of the log, newest first. `before` is the id of the last entry already shown; an id
 * that is not this shop's gives an empty page, never another shop's entries.
 */
export async function activityPage(shop: string, { before, take = ACTIVITY_PAGE_SIZE }: { before?: string | null; take?: number } = {}) {
  let where: Prisma.OnboardingActivityWhereInput = { shop };
  if (before) {
    const cursor = await db.onboardingActivity.findFirst({ where: { id: before, shop }, select: { id: true, createdAt: true } });
    if (!cursor) return { rows: [] as ActivityRow[], more: false };
    where = { shop, OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] };
  }
  const rows = await db.onboardingActivity.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    select: { id: true, kind: true, actor: true, action: true, detail: true, createdAt: true },
  });
  return { rows: rows.slice(0, take), more: rows.length > take };
}

/** An entry as a page shows it: the person named (app/utils/staff.server.ts). */
export type ActivityEntry = { id: string; kind: string; who: string; action: string; detail: string | null; at: string };

/** One page of the log with people named, newest first; `before` is the last entry already shown. */
export async function activityFeed(shop: string, before?: string | null): Promise<{ entries: ActivityEntry[]; more: boolean }> {
  const [page, staff] = await Promise.all([activityPage(shop, { before }), staffDirectory(shop)]);
  return {
    entries: page.rows.map((row) => ({ id: row.id, kind: row.kind, who: staff.label(row.actor), action: row.action, detail: row.detail, at: row.createdAt.toISOString() })),
    more: page.more,
  };
}

export async function recentActivity(shop: string): Promise<ActivityEntry[]> {
  return (await activityFeed(shop)).entries;
}
