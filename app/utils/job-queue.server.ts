import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { SyncJob } from "@prisma/client";
import { backoffMs } from "./backoff";
import { databaseDialect, db } from "./db.server";
import type { Dialect } from "./dialect";
import { log } from "./logger.server";
import { orderedId } from "./ordered-id";
import { sqliteDate } from "./sqlite.server";

/**
 * A job queue in the database, run in-process. Webhooks enqueue and answer at
 * once; the work happens after the response. Every instance runs the same
 * loop: a job is claimed with a conditional update on (lockedBy, lockedUntil),
 * so on SQLite (one writer) and on Postgres (row-level atomic update) two
 * processes never run one job, and a crashed process's job is taken over when
 * its lease runs out. docs/decisions/005-order-sync.md.
 *
 * This file is the machinery only: the handlers are the domains', named in
 * one registry (app/job-handlers.server.ts) that is handed to the runner when it
 * starts and to `drainJobs`.
 */

/**
 * The queue's job kinds. The registry must name a handler for each (a missing
 * one fails the type check); `delivery` is an on-boarding submission's email to
 * SEKO, retried with its back-off (app/outbox/submissions.server.ts); `storefront`
 * brings the storefront link's metafields in line with go-live (app/storefront/link.server.ts).
 */
export type JobKind = "backfill" | "order" | "refund" | "variants" | "reconcile" | "upload" | "delivery" | "storefront";
export type JobOutcome = void | { rerunAt: Date };
export type JobHandler = (job: SyncJob, owner: string) => Promise<JobOutcome>;
/**
 * The jobs a batch handler was given and the owner that claimed them. A handler that writes in
 * one transaction removes them in that transaction (and fails if it no longer holds them), so a
 * batch's work and its removal from the queue commit together: a process killed before the
 * commit leaves the jobs for another instance, one killed after it leaves nothing to run twice.
 */
export type JobClaim = { owner: string; ids: string[] };
/** Runs due jobs of one shop together (one transaction for many webhook orders). */
export type BatchJobHandler = (shop: string, jobs: SyncJob[], claim: JobClaim) => Promise<void>;
export type JobRegistry = Record<JobKind, { run: JobHandler } | { batch: BatchJobHandler }>;

export type JobSettings = {
  /** "auto": jobs run in-process after responses and on timers; "manual": only when drained explicitly. */
  runner: "auto" | "manual";
  /** How long a claimed job is held before another process may take it over. */
  leaseMs: number;
  /** First wait before a failed job is retried (a failed batch always waits this long). */
  retryMs: number;
  /** Jobs queued within this time are run together (`kickJobsSoon`). */
  batchWindowMs: number;
};

const defaults: JobSettings = { runner: "auto", leaseMs: 60_000, retryMs: 5_000, batchWindowMs: 250 };

/** Set through configureOrderSync (app/shopify/order-sync-config.server.ts), which tests and the benchmark use. */
export const jobSettings: JobSettings = { ...defaults };

export function configureJobs(changes: Partial<JobSettings>) {
  Object.assign(jobSettings, changes);
}

function batchHandler(handlers: JobRegistry, kind: string) {
  const entry = Object.hasOwn(handlers, kind) ? handlers[kind as JobKind] : undefined;
  return entry && "batch" in entry ? entry.batch : undefined;
}

function singleHandler(handlers: JobRegistry, kind: string) {
  const entry = Object.hasOwn(handlers, kind) ? handlers[kind as JobKind] : undefined;
  return entry && "run" in entry ? entry.run : undefined;
}

const BATCH = 50;

/** A claim's lease runs from the moment it is taken (a runner pass can be older than the lease). */
const leaseFromNow = () => {
  const now = new Date();
  return { now, lease: new Date(now.getTime() + jobSettings.leaseMs) };
};

/**
 * Claims up to BATCH jobs of one kind for the shop that were due by `dueBy`. On Postgres one
 * statement: the due rows are locked with FOR UPDATE SKIP LOCKED, so instances claiming at once
 * each take different rows without waiting on each other. On SQLite (one writer at a time) a
 * conditional update does the same: only rows still unclaimed are taken, and only those this
 * owner holds are read back.
 */
async function claimBatch(first: Pick<SyncJob, "shop" | "kind">, owner: string, dueBy: Date): Promise<SyncJob[]> {
  const { now, lease } = leaseFromNow();
  if (databaseDialect() === "postgres") {
    const claimed = await db.$queryRaw<{ id: string }[]>`
      UPDATE "SyncJob" SET "lockedBy" = ${owner}, "lockedUntil" = ${lease}
      WHERE "id" IN (
        SELECT "id" FROM "SyncJob"
        WHERE "shop" = ${first.shop} AND "kind" = ${first.kind} AND "runAt" <= ${dueBy} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
        ORDER BY "runAt" LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id"`;
    if (claimed.length === 0) return [];
    return db.syncJob.findMany({ where: { id: { in: claimed.map((c) => c.id) } }, orderBy: { runAt: "asc" } });
  }
  const candidates = await db.syncJob.findMany({
    where: { shop: first.shop, kind: first.kind, runAt: { lte: dueBy }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    orderBy: { runAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  await db.syncJob.updateMany({
    where: { id: { in: candidates.map((c) => c.id) }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: { lockedBy: owner, lockedUntil: lease },
  });
  // Only what this process actually claimed (another may have taken some in between).
  return db.syncJob.findMany({ where: { id: { in: candidates.map((c) => c.id) }, lockedBy: owner, lockedUntil: lease }, orderBy: { runAt: "asc" } });
}

/**
 * The jobs this process is running, by id: their leases are renewed every third of the lease while
 * the handler works (an upload's SEKO calls, a backfill's ingest can outlast it), so no other instance
 * takes them over meanwhile; a graceful stop leaves them to their lease instead of releasing them.
 */
const inHand = new Set<string>();

async function holding<T>(ids: string[], owner: string, work: () => Promise<T>): Promise<T> {
  for (const id of ids) inHand.add(id);
  const timer = setInterval(() => {
    void db.syncJob
      .updateMany({ where: { id: { in: ids }, lockedBy: owner }, data: { lockedUntil: new Date(Date.now() + jobSettings.leaseMs) } })
      .catch((error) => log.warn("jobs: lease renewal failed", { message: error instanceof Error ? error.message : String(error) }));
  }, Math.max(1, Math.floor(jobSettings.leaseMs / 3)));
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    for (const id of ids) inHand.delete(id);
  }
}

/** Claims up to BATCH jobs of a batch kind for the shop due by `dueBy`, runs them as one, and removes them. */
async function runBatch(handler: BatchJobHandler, first: Pick<SyncJob, "shop" | "kind">, owner: string, dueBy: Date) {
  const jobs = await claimBatch(first, owner, dueBy);
  if (jobs.length === 0) return 0;
  const ids = jobs.map((j) => j.id);
  try {
    await holding(ids, owner, () => handler(first.shop, jobs, { owner, ids }));
    // Already gone when the handler removed them in its own transaction.
    await db.syncJob.deleteMany({ where: { id: { in: ids }, lockedBy: owner } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn("jobs: batch failed; will retry", { kind: first.kind, shop: first.shop, jobs: jobs.length, message });
    await db.syncJob.updateMany({
      where: { id: { in: ids }, lockedBy: owner },
      data: { attempts: { increment: 1 }, lastError: message.slice(0, 500), lockedBy: null, lockedUntil: null, runAt: new Date(Date.now() + jobSettings.retryMs) },
    });
  }
  return jobs.length;
}

/** This process, as lease owner. */
export const PROCESS_OWNER = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;

export function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

export type EnqueueInput = { shop: string; kind: JobKind; key?: string; payload?: unknown; runAt?: Date };

/**
 * The statement that queues a job, for a dialect: a new row, or for a job already queued under the
 * same key its run time brought forward. A job whose claim is live (running; `excluded."createdAt"`
 * is this statement's now) gets a later run time instead, so it stays queued for one more run when
 * it finishes (`runOne` removes it only while its run time is the one it was claimed with). One
 * atomic statement, so it also runs inside another transaction: the order writes queue their upload
 * in the transaction that stores the orders (app/shopify/order-ingest.server.ts).
 */
export function enqueueStatement(dialect: Dialect, input: EnqueueInput): { sql: string; args: (string | null)[] } {
  const runAt = input.runAt ?? new Date();
  const at = (date: Date) => (dialect === "sqlite" ? sqliteDate(date) : date.toISOString());
  const args = [orderedId(), input.shop, input.kind, input.key ?? input.kind, input.payload === undefined ? null : JSON.stringify(input.payload), at(runAt), at(new Date())];
  const [id, shop, kind, key, payload, time, created] = dialect === "sqlite" ? args.map(() => "?") : args.map((_, i) => `$${i + 1}${i >= 5 ? "::timestamp(3)" : ""}`);
  return {
    sql: `INSERT INTO "SyncJob" ("id", "shop", "kind", "key", "payload", "runAt", "attempts", "createdAt") VALUES (${id}, ${shop}, ${kind}, ${key}, ${payload}, ${time}, 0, ${created})
      ON CONFLICT ("shop", "kind", "key") DO UPDATE SET "runAt" = CASE
        WHEN "SyncJob"."lockedBy" IS NOT NULL AND "SyncJob"."lockedUntil" > excluded."createdAt"
          THEN (CASE WHEN "SyncJob"."runAt" > excluded."runAt" THEN "SyncJob"."runAt" ELSE excluded."runAt" END)
        WHEN "SyncJob"."runAt" > excluded."runAt" THEN excluded."runAt"
        ELSE "SyncJob"."runAt" END`,
    args,
  };
}

/**
 * Adds a job, or for a job already queued under the same key brings its run
 * time forward ({@link enqueueStatement}). Runs inside the caller's Prisma transaction when given one.
 */
export async function enqueueJob(input: EnqueueInput, client: Pick<typeof db, "$executeRawUnsafe"> = db) {
  const { sql, args } = enqueueStatement(databaseDialect(), input);
  await client.$executeRawUnsafe(sql, ...args);
}

async function claim(job: Pick<SyncJob, "id" | "runAt">, owner: string) {
  const { now, lease } = leaseFromNow();
  const claimed = await db.syncJob.updateMany({
    where: { id: job.id, runAt: job.runAt, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: { lockedBy: owner, lockedUntil: lease },
  });
  return claimed.count === 1;
}

async function runOne(handlers: JobRegistry, job: SyncJob, owner: string) {
  const handler = singleHandler(handlers, job.kind);
  if (!handler) {
    log.warn("jobs: no handler; dropping job", { kind: job.kind, shop: job.shop });
    await db.syncJob.deleteMany({ where: { id: job.id } });
    return;
  }
  try {
    const outcome = await holding([job.id], owner, () => handler(job, owner));
    if (outcome && "rerunAt" in outcome) {
      const rerun = { lockedBy: null, lockedUntil: null, attempts: 0, lastError: null };
      const kept = await db.syncJob.updateMany({ where: { id: job.id, lockedBy: owner, runAt: job.runAt }, data: { ...rerun, runAt: outcome.rerunAt } });
      if (kept.count === 0) {
        // Queued again while it ran (runAt moved, say to now for a new order): the sooner of the two wins.
        const queued = await db.syncJob.findUnique({ where: { id: job.id }, select: { runAt: true } });
        const runAt = queued && queued.runAt < outcome.rerunAt ? queued.runAt : outcome.rerunAt;
        await db.syncJob.updateMany({ where: { id: job.id, lockedBy: owner }, data: { ...rerun, runAt } });
      }
      return;
    }
    // Re-enqueued while running (runAt moved): keep it for one more run.
    const removed = await db.syncJob.deleteMany({ where: { id: job.id, lockedBy: owner, runAt: job.runAt } });
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
        runAt: new Date(Date.now() + backoffMs(attempts, jobSettings.retryMs, 3_600_000)),
      },
    });
  }
}

export type DrainOptions = { shop?: string; owner?: string; maxJobs?: number; dueAtStart?: boolean };

/**
 * Runs due jobs with these handlers until none is due. `shop` limits it to one
 * shop (tests); `owner` names the process (tests simulate a second instance with it).
 */
export async function drainJobs(handlers: JobRegistry, options: DrainOptions = {}) {
  const owner = options.owner ?? PROCESS_OWNER;
  let ran = 0;
  const limit = options.maxJobs ?? Infinity;
  const started = new Date();
  while (ran < limit && !stopping) {
    // The runner takes only what was due when its pass started: jobs queued meanwhile wait for the next
    // kick and join a larger batch, instead of the pass chasing each new webhook one small batch at a time.
    const now = new Date();
    const dueBy = options.dueAtStart ? started : now;
    const due = await db.syncJob.findMany({
      where: { runAt: { lte: dueBy }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }], ...(options.shop ? { shop: options.shop } : {}) },
      orderBy: { runAt: "asc" },
      take: 20,
      // Not the payloads: a batch loads its own, a single job is read whole once claimed.
      select: { id: true, shop: true, kind: true, runAt: true },
    });
    if (due.length === 0) break;
    let claimedAny = false;
    for (const job of due) {
      if (ran >= limit || stopping) break;
      const batch = batchHandler(handlers, job.kind);
      if (batch) {
        const count = await runBatch(batch, job, owner, dueBy);
        if (count > 0) {
          claimedAny = true;
          ran += count;
          await new Promise((resolve) => setImmediate(resolve)); // as after a single job, below
        }
        // The rest of this list may be in the batch just run: look again.
        break;
      }
      if (!(await claim(job, owner))) continue;
      claimedAny = true;
      ran++;
      const claimed = await db.syncJob.findUnique({ where: { id: job.id } });
      if (claimed) await runOne(handlers, claimed, owner);
      // SQLite statements run on this thread: let waiting requests (webhooks) in between jobs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!claimedAny) break;
  }
  return ran;
}

// ---------- the in-process runner ----------

/** The handlers the runner was started with; until then kicks do nothing (a runner without a handler would drop that kind's jobs). */
let registry: JobRegistry | null = null;
let draining: Promise<void> | null = null;
let again = false;
let timer: NodeJS.Timeout | null = null;
/** Even with nothing due, look again this often: another instance may have crashed holding a job. */
const IDLE_CHECK_MS = 60_000;
/** While another instance runs a due job: it may hand it back (a graceful stop) or die; look this often. */
const HELD_CHECK_MS = 5_000;

async function drainLoop(handlers: JobRegistry) {
  do {
    again = false;
    try {
      await drainJobs(handlers, { dueAtStart: true });
    } catch (error) {
      log.warn("jobs: runner pass failed", { message: error instanceof Error ? error.message : String(error) });
    }
  } while (again);
  // The next free job's run time; jobs another instance is running (due, claimed) are looked at again
  // every HELD_CHECK_MS or when their lease runs out, not every batch window while they run.
  const now = new Date();
  const [next, held] = await Promise.all([
    db.syncJob.findFirst({ where: { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] }, orderBy: { runAt: "asc" }, select: { runAt: true } }),
    db.syncJob.findFirst({ where: { runAt: { lte: now }, lockedUntil: { gte: now } }, orderBy: { lockedUntil: "asc" }, select: { lockedUntil: true } }),
  ]).catch(() => [null, null] as const);
  const waits = [IDLE_CHECK_MS];
  // Never sooner than the webhook batching window: jobs that arrived during this pass wait to be joined by more.
  if (next) waits.push(Math.max(jobSettings.batchWindowMs, next.runAt.getTime() - Date.now()));
  if (held?.lockedUntil) waits.push(Math.max(jobSettings.batchWindowMs, Math.min(HELD_CHECK_MS, held.lockedUntil.getTime() - Date.now())));
  const delay = Math.min(...waits);
  if (timer) clearTimeout(timer);
  timer = setTimeout(kickJobs, delay);
  timer.unref();
}

/**
 * Starts the in-process runner with the app's handlers, once per process
 * (later calls do nothing), and runs what is due: the first request after a
 * restart resumes whatever a crash or deploy interrupted. On SIGTERM or SIGINT
 * (a deploy, a scale-in) the process stops taking jobs, lets the running one
 * finish and hands back what it still holds (stopJobRunner).
 */
export function startJobRunner(handlers: JobRegistry) {
  if (registry) return;
  registry = handlers;
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void shutDown(signal));
  log.info("jobs: runner started", { owner: PROCESS_OWNER });
  kickJobs();
}

// ---------- stopping ----------

let stopping = false;

/**
 * Returns this owner's claims to the queue at once (instead of when their lease runs out), for
 * another instance to take, except the jobs this process is still running. Their attempts are not
 * counted: nothing failed.
 */
export async function releaseClaims(owner = PROCESS_OWNER) {
  const running = owner === PROCESS_OWNER ? [...inHand] : [];
  const released = await db.syncJob.updateMany({ where: { lockedBy: owner, id: { notIn: running } }, data: { lockedBy: null, lockedUntil: null } });
  return released.count;
}

/**
 * Graceful stop: no new claims, the job in hand finishes (up to `graceMs`), then whatever else this
 * process holds is released. A job still running when the grace period ends is not released: it may
 * have done part of its work (an upload marks each order as SEKO takes it), so it keeps its claim
 * and another instance takes it over when the lease runs out after the process has gone.
 */
export async function stopJobRunner(graceMs = 20_000) {
  stopping = true;
  if (timer) clearTimeout(timer);
  let timedOut = false;
  await Promise.race([jobsIdle(), new Promise<void>((resolve) => setTimeout(() => resolve(void (timedOut = true)), graceMs).unref())]);
  const released = await releaseClaims(PROCESS_OWNER);
  return { released, timedOut };
}

/** True once the process has begun a graceful stop (the health check answers 503 from then on). */
export function isStopping() {
  return stopping;
}

/** For tests: a runner that was stopped takes jobs again. */
export function resumeJobRunner() {
  stopping = false;
}

async function shutDown(signal: string) {
  try {
    const { released, timedOut } = await stopJobRunner();
    log.info("jobs: stopped for shutdown", { signal, released, timedOut });
  } catch (error) {
    log.warn("jobs: shutdown could not release claims; their leases will expire", { message: error instanceof Error ? error.message : String(error) });
  }
  // The HTTP server (remix-serve closes it on the same signal) finishes its requests meanwhile;
  // once nothing else holds the process, it exits. Whatever still holds it gets five seconds.
  setTimeout(() => process.exit(0), 5_000).unref();
}

/** Runs due jobs soon, after the current response has been sent. No-op with `runner: "manual"` or before the runner started. */
export function kickJobs() {
  const handlers = registry;
  if (jobSettings.runner !== "auto" || !handlers || stopping) return;
  if (draining) {
    again = true;
    return;
  }
  draining = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => drainLoop(handlers))
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
export function kickJobsSoon(ms = jobSettings.batchWindowMs) {
  if (jobSettings.runner !== "auto" || soon) return;
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
