import { db } from "~/utils/db.server";
import { staffLabel } from "./staff.server";

export type ActivityEntry = { id: string; who: string; action: string; detail: string | null; at: string };

export async function recordActivity(shop: string, actor: string, action: string, detail?: string) {
  await db.onboardingActivity.create({ data: { shop, actor, action, detail: detail ?? null } });
}

export async function recentActivity(shop: string, take = 20): Promise<ActivityEntry[]> {
  const rows = await db.onboardingActivity.findMany({ where: { shop }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
  return rows.map((row) => ({ id: row.id, who: staffLabel(row.actor), action: row.action, detail: row.detail, at: row.createdAt.toISOString() }));
}
