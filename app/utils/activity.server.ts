import type { Prisma } from "@prisma/client";
import { groupActivity } from "./activity-groups";
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
  | "sync.customers"
  | "orders.sent"
  | "summary.sent"
  | "test-return.created"
  | "test-return.decided"
  | "test-return.voided"
  | "label-costs.confirmed"
  | "go-live"
  | "storefront.saved"
  | "returns-in-shopify.saved"
  | "returns-in-shopify.retried";

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

/**
 * An entry as a page shows it: the person named (app/utils/staff.server.ts). A run of repeats is
 * one entry (app/utils/activity-groups.ts): `repeats` rows from `firstAt` to `at`, and `id` is its
 * oldest row's, so the next page starts after the whole run.
 */
export type ActivityEntry = { id: string; kind: string; who: string; action: string; detail: string | null; at: string; repeats: number; firstAt: string | null };

/** Rows read per query while filling a page, and at most per page (a longer run of repeats continues on the next page). */
const BATCH = 50;
const MAX_ROWS_PER_PAGE = 1000;

/**
 * One page of the log with people named and repeats grouped, newest first; `before` is the id of the
 * last entry already shown. Rows are read until the page has its entries and the run its last entry
 * belongs to has ended, so a page is full whenever `more` is true.
 */
export async function activityFeed(shop: string, before?: string | null): Promise<{ entries: ActivityEntry[]; more: boolean }> {
  const rows: ActivityRow[] = [];
  let cursor = before;
  let exhausted = false;
  let groups = groupActivity(rows);
  while (groups.length <= ACTIVITY_PAGE_SIZE && !exhausted && rows.length < MAX_ROWS_PER_PAGE) {
    const page = await activityPage(shop, { before: cursor, take: BATCH });
    rows.push(...page.rows);
    exhausted = !page.more;
    cursor = page.rows.at(-1)?.id;
    groups = groupActivity(rows);
  }
  const staff = await staffDirectory(shop);
  const entries = groups.slice(0, ACTIVITY_PAGE_SIZE).map(({ rows: run, action }) => {
    const newest = run[0]!;
    const oldest = run.at(-1)!;
    return {
      id: oldest.id,
      kind: newest.kind,
      who: staff.label(newest.actor),
      action,
      detail: newest.detail,
      at: newest.createdAt.toISOString(),
      repeats: run.length,
      firstAt: run.length > 1 ? oldest.createdAt.toISOString() : null,
    };
  });
  return { entries, more: groups.length > ACTIVITY_PAGE_SIZE || !exhausted };
}

export async function recentActivity(shop: string): Promise<ActivityEntry[]> {
  return (await activityFeed(shop)).entries;
}
