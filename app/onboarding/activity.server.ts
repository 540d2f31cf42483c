import { activityPage, recordActivity as record } from "~/utils/activity.server";
import { staffDirectory } from "./staff.server";

/** An entry as the on-boarding shows it: the person named (app/utils/staff.server.ts). */
export type ActivityEntry = { id: string; kind: string; who: string; action: string; detail: string | null; at: string };

/** The steps' own entries (answers saved, forms submitted, documents signed). */
export async function recordActivity(shop: string, actor: string, action: string, detail?: string) {
  await record(shop, { kind: "onboarding", actor, action, detail });
}

/** One page of the log, newest first; `before` is the last entry already shown. */
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
