import { randomUUID } from "node:crypto";
import { db } from "./db.server";
import { isUniqueViolation, jobSettings, PROCESS_OWNER } from "./job-queue.server";

/**
 * Named leases per shop (the `SyncLock` table): work that must run in one
 * process at a time across instances, such as the order backfill's ingest,
 * holds one and renews it as it goes. The same claim as the job queue's (a
 * conditional update on owner and expiry, `PROCESS_OWNER` as owner), so it
 * sits with the queue in the infrastructure layer and knows nothing of what
 * it guards.
 */

/**
 * Takes the (shop, name) lease for `ms`, or renews it for its owner. One
 * conditional update: it only succeeds when the lease is free, expired or
 * already ours, so two processes never both hold it.
 */
export async function acquireLock(shop: string, name: string, owner: string, ms = jobSettings.leaseMs) {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ms);
  const taken = await db.syncLock.updateMany({ where: { shop, name, OR: [{ owner }, { expiresAt: { lt: now } }] }, data: { owner, expiresAt } });
  if (taken.count === 1) return true;
  try {
    await db.syncLock.create({ data: { shop, name, owner, expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function releaseLock(shop: string, name: string, owner: string) {
  await db.syncLock.deleteMany({ where: { shop, name, owner } });
}

export class LeaseLostError extends Error {
  constructor() {
    super("Another process took over this sync");
    this.name = "LeaseLostError";
  }
}

/**
 * Runs `work` while holding the (shop, name) lease, under an owner of its own (so two requests of
 * one process exclude each other too), waiting up to `waitMs` for a holder to finish; the lease is
 * released afterwards. Null, without running `work`, when it stayed taken. For short critical
 * sections, such as a check and the insert it guards; `ms` bounds a holder that crashed.
 */
export async function withLease<T>(shop: string, name: string, work: () => Promise<T>, options: { ms?: number; waitMs?: number } = {}): Promise<T | null> {
  const { ms = 30_000, waitMs = 5_000 } = options;
  const owner = `${PROCESS_OWNER}:${randomUUID()}`;
  const giveUpAt = Date.now() + waitMs;
  while (!(await acquireLock(shop, name, owner, ms))) {
    if (Date.now() >= giveUpAt) return null;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  try {
    return await work();
  } finally {
    await releaseLock(shop, name, owner);
  }
}
