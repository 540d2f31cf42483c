import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { SyncJob } from "@prisma/client";
import { db } from "~/utils/db.server";
import { log } from "~/utils/logger.server";
import { orderSyncSettings } from "./order-sync-config.server";
import { backoffMs } from "./order-sync";

/**
 * A job queue in the database, run in-process. Webhooks enqueue and answer at
 * once; the work happens after the response. Every instance runs the same
 * loop: a job is claimed with a conditional update on (lockedBy, lockedUntil),
 * so on SQLite (one writer) and on Postgres (row-level atomic update) two
 * processes never run one job, and a crashed process's job is taken over when
 * its lease runs out. docs/decisions/005-order-sync.md.
 */

/** `delivery`: an on-boarding submission's email to SEKO, retried with its back-off (app/onboarding/delivery.server.ts). */
export type JobKind = "backfill" | "order" | "refund" | "variants" | "reconcile" | "upload" | "delivery";
export type JobOutcome = void | { rerunAt: Date };
export type JobHandler = (job: SyncJob, owner: string) => Promise<JobOutcome>;

const handlers = new Map<JobKind, JobHandler>();
/** Kinds whose due jobs of one shop are run together (one transaction for many webhook orders). */
const batchHandlers = new Map<JobKind, (shop: string, jobs: SyncJob[]) => Promise<void>>();

export function registerJobHandler(kind: JobKind, handler: JobHandler) {
  handlers.set(kind, handler);
}

export function registerBatchHandler(kind: JobKind, handler: (shop: string, jobs: SyncJob[]) => Promise<void>) {
  batchHandlers.set(kind, handler);
}

const BATCH = 50;

/** Claims up to BATCH due jobs of a batch kind for the shop, runs them as one, and removes them. */
async function runBatch(first: Pick<SyncJob, "shop" | "kind">, owner: string, now: Date) {
  const handler = batchHandlers.get(first.kind as JobKind)!;
  const candidates = await db.syncJob.findMany({
    where: { shop: first.shop, kind: first.kind, runAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    orderBy: { runAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  const lease = new Date(now.getTime() + orderSyncSettings.leaseMs);
  await db.syncJob.updateMany({
    where: { id: { in: candidates.map((c) => c.id) }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: { lockedBy: owner, lockedUntil: lease },
  });
  // Only what this process actually claimed (another may have taken some in between).
  const jobs = await db.syncJob.findMany({ where: { id: { in: candidates.map((c) => c.id) }, lockedBy: owner, lockedUntil: lease } });
  if (jobs.length === 0) return 0;
  try {
    await handler(first.shop, jobs);
    await db.syncJob.deleteMany({ where: { id: { in: jobs.map((j) => j.id) }, lockedBy: owner } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn("jobs: batch failed; will retry", { kind: first.kind, shop: first.shop, jobs: jobs.length, message });
    await db.syncJob.updateMany({
      where: { id: { in: jobs.map((j) => j.id) }, lockedBy: owner },
      data: { attempts: { increment: 1 }, lastError: message.slice(0, 500), lockedBy: null, lockedUntil: null, runAt: new Date(Date.now() + orderSyncSettings.baseDelayMs * 5) },
    });
  }
  return jobs.length;
}

/** This process, as lease owner. */
export const PROCESS_OWNER = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;

function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

/**
 * Adds a job, or for a job already queued under the same key brings its run
 * time forward. Runs inside the caller's transaction when given one.
 */
export async function enqueueJob(
  input: { shop: string; kind: JobKind; key?: string; payload?: unknown; runAt?: Date },
  client: Pick<typeof db, "syncJob"> = db,
) {
  const key = input.key ?? input.kind;
  const runAt = input.runAt ?? new Date();
  const payload = input.payload === undefined ? null : JSON.stringify(input.payload);
  const where = { shop_kind_key: { shop: input.shop, kind: input.kind, key } };
  const existing = await client.syncJob.findUnique({ where, select: { id: true, runAt: true, lockedUntil: true } });
  if (existing) {
    // A running job sees its runAt changed and stays queued for one more run.
    const running = existing.lockedUntil !== null && existing.lockedUntil > new Date();
    if (running || existing.runAt > runAt) await client.syncJob.update({ where, data: { runAt: running && existing.runAt > runAt ? existing.runAt : runAt } });
    return;
  }
  try {
    await client.syncJob.create({ data: { shop: input.shop, kind: input.kind, key, payload, runAt } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

async function claim(job: Pick<SyncJob, "id" | "runAt">, owner: string, now: Date) {
  const claimed = await db.syncJob.updateMany({
    where: { id: job.id, runAt: job.runAt, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: { lockedBy: owner, lockedUntil: new Date(now.getTime() + orderSyncSettings.leaseMs) },
  });
  return claimed.count === 1;
}

async function runOne(job: SyncJob, owner: string) {
  const handler = handlers.get(job.kind as JobKind);
  if (!handler) {
    log.warn("jobs: no handler; dropping job", { kind: job.kind, shop: job.shop });
    await db.syncJob.deleteMany({ where: { id: job.id } });
    return;
  }
  try {
    const outcome = await handler(job, owner);
    if (outcome && "rerunAt" in outcome) {
      await db.syncJob.updateMany({ where: { id: job.id, lockedBy: owner }, data: { runAt: outcome.rerunAt, lockedBy: null, lockedUntil: null, attempts: 0, lastError: null } });
      return;
    }
    // Re-enqueued while running (runAt moved): keep it for one more run.
    const removed = await db.syncJob.deleteMany({ where: { id: job.id, runAt: job.runAt } });
    if (removed.count === 0) await db.syncJob.updateMany({ where: { id: job.id, lockedBy: owner }, data: { lockedBy: null, lockedUntil: null } });
  } catch (error) {
    const attempts = job.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    log.warn("jobs: job failed; will retry", { kind: job.kind, shop: job.shop, attempts, message });
    await db.syncJob.updateMany({
      where: { id: job.id, lockedBy: owner },
      data: {
        attempts,
        lastError: message.slice(0, 500),
        lockedBy: null,
        lockedUntil: null,
        runAt: new Date(Date.now() + backoffMs(attempts, orderSyncSettings.baseDelayMs * 5, 3_600_000)),
      },
    });
  }
}

/**
 * Runs due jobs until none is due. `shop` limits it to one shop (tests);
 * `owner` names the process (tests simulate a second instance with it).
 */
export async function drainJobs(options: { shop?: string; owner?: string; maxJobs?: number; dueAtStart?: boolean } = {}) {
  const owner = options.owner ?? PROCESS_OWNER;
  let ran = 0;
  const limit = options.maxJobs ?? Infinity;
  const started = new Date();
  while (ran < limit) {
    // The runner takes only what was due when its pass started: jobs queued meanwhile wait for the next
    // kick and join a larger batch, instead of the pass chasing each new webhook one small batch at a time.
    const now = options.dueAtStart ? started : new Date();
    const due = await db.syncJob.findMany({
      where: { runAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }], ...(options.shop ? { shop: options.shop } : {}) },
      orderBy: { runAt: "asc" },
      take: 20,
      // Not the payloads: a batch loads its own, a single job is read whole once claimed.
      select: { id: true, shop: true, kind: true, runAt: true },
    });
    if (due.length === 0) break;
    let claimedAny = false;
    for (const job of due) {
      if (ran >= limit) break;
      if (batchHandlers.has(job.kind as JobKind)) {
        const count = await runBatch(job, owner, now);
        if (count > 0) {
          claimedAny = true;
          ran += count;
          await new Promise((resolve) => setImmediate(resolve)); // as after a single job, below
        }
        // The rest of this list may be in the batch just run: look again.
        break;
      }
      if (!(await claim(job, owner, now))) continue;
      claimedAny = true;
      ran++;
      const claimed = await db.syncJob.findUnique({ where: { id: job.id } });
      if (claimed) await runOne(claimed, owner);
      // SQLite statements run on this thread: let waiting requests (webhooks) in between jobs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!claimedAny) break;
  }
  return ran;
}

// ---------- the in-process runner ----------

let draining: Promise<void> | null = null;
let again = false;
let timer: NodeJS.Timeout | null = null;
/** Even with nothing due, look again this often: another instance may have crashed holding a job. */
const IDLE_CHECK_MS = 60_000;

async function drainLoop() {
  do {
    again = false;
    try {
      await drainJobs({ dueAtStart: true });
    } catch (error) {
      log.warn("jobs: runner pass failed", { message: error instanceof Error ? error.message : String(error) });
    }
  } while (again);
  const next = await db.syncJob
    .findFirst({ where: {}, orderBy: { runAt: "asc" }, select: { runAt: true } })
    .catch(() => null);
  // Never sooner than the webhook batching window: jobs that arrived during this pass wait to be joined by more.
  const delay = next ? Math.min(IDLE_CHECK_MS, Math.max(orderSyncSettings.webhookBatchMs, next.runAt.getTime() - Date.now())) : IDLE_CHECK_MS;
  if (timer) clearTimeout(timer);
  timer = setTimeout(kickJobs, delay);
  timer.unref();
}

/** Runs due jobs soon, after the current response has been sent. No-op with `runner: "manual"`. */
export function kickJobs() {
  if (orderSyncSettings.runner !== "auto") return;
  if (draining) {
    again = true;
    return;
  }
  draining = new Promise<void>((resolve) => setImmediate(resolve))
    .then(drainLoop)
    .finally(() => {
      draining = null;
    });
}

let soon: Promise<void> | null = null;

/**
 * Runs due jobs within `ms` (one run for every call in that time). Order
 * webhooks use it: a burst of them is applied as one batch a moment later
 * instead of a batch per webhook, each with its claim, transaction and
 * follow-up queries (docs/benchmarks.md). No-op with `runner: "manual"`.
 */
export function kickJobsSoon(ms = orderSyncSettings.webhookBatchMs) {
  if (orderSyncSettings.runner !== "auto" || soon) return;
  soon = new Promise<void>((resolve) => setTimeout(resolve, ms)).then(() => {
    soon = null;
    kickJobs();
  });
}

/** Resolves when the in-process runner is idle (tests and the benchmark). */
export async function jobsIdle() {
  while (soon || draining) {
    await soon;
    await draining;
  }
}

// ---------- leases ----------

/**
 * Takes the (shop, name) lease for `ms`, or renews it for its owner. One
 * conditional update: it only succeeds when the lease is free, expired or
 * already ours, so two processes never both hold it.
 */
export async function acquireLock(shop: string, name: string, owner: string, ms = orderSyncSettings.leaseMs) {
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
