import { db } from "./db.server";
import { isUniqueViolation } from "./job-queue.server";

/**
 * Per-shop allowances kept in the database (the `ShopQuota` table), so every app instance shares
 * one count: at most `limit` uses per fixed window of `windowMs`, the window starting at the first
 * use after the previous one ended. For things a merchant triggers that cost someone else (test
 * emails, hand-over links to SEKO); app/utils/rate-limit.server.ts is the per-process limit for
 * cheap abuse control. Each take is one conditional update, so two requests at once never both get
 * the last use.
 */
export type Quota = { name: string; limit: number; windowMs: number };

export type QuotaTake = { ok: true } | { ok: false; retryAt: Date };

export async function takeShopQuota(shop: string, quota: Quota, now = new Date()): Promise<QuotaTake> {
  const windowOpen = new Date(now.getTime() - quota.windowMs);
  for (let attempt = 0; attempt < 3; attempt++) {
    // A use in the current window, while it has uses left.
    const inWindow = await db.shopQuota.updateMany({ where: { shop, name: quota.name, windowStart: { gt: windowOpen }, used: { lt: quota.limit } }, data: { used: { increment: 1 } } });
    if (inWindow.count === 1) return { ok: true };
    // The window ended: this use starts the next one.
    const renewed = await db.shopQuota.updateMany({ where: { shop, name: quota.name, windowStart: { lte: windowOpen } }, data: { windowStart: now, used: 1 } });
    if (renewed.count === 1) return { ok: true };
    const row = await db.shopQuota.findUnique({ where: { shop_name: { shop, name: quota.name } } });
    if (row) {
      // Used up (or changed by another request between the updates: try again).
      if (row.windowStart > windowOpen && row.used >= quota.limit) return { ok: false, retryAt: new Date(row.windowStart.getTime() + quota.windowMs) };
      continue;
    }
    try {
      await db.shopQuota.create({ data: { shop, name: quota.name, windowStart: now, used: 1 } });
      return { ok: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`Could not count the use of ${quota.name}: too many at once`);
}
