import type { SyncJob } from "@prisma/client";
import { backoffMs } from "./backoff";
import { db } from "./db.server";
import { claimDue, holding, jobSettings, PROCESS_OWNER, releaseClaims, type BatchJobHandler, type JobKind, type JobRegistry } from "./job-queue.server";
import { log } from "./logger.server";

/**
 * The job queue's in-process runner (the queue itself is job-queue.server.ts):
 * `drainJobs` claims and runs due jobs with the handlers it is given, one at a
 * time or a batch of one shop's jobs together, and records the outcome (done,
 * run again later, retried with back-off); the runner does that after
 * responses and on timers, and stops gracefully on SIGTERM or SIGINT.
 * docs/decisions/005-order-sync.md.
 */

function batchHandler(handlers: JobRegistry, kind: string) {
  const entry = Object.hasOwn(handlers, kind) ? handlers[kind as JobKind] : undefined;
  return entry && "batch" in entry ? entry.batch : undefined;
}

function singleHandler(handlers: JobRegistry, kind: string) {
  const entry = Object.hasOwn(handlers, kind) ? handlers[kind as JobKind] : undefined;
  return entry && "run" in entry ? entry.run : undefined;
}

/** Runs a batch of one kind's jobs for one shop, claimed together (`claimDue`), as one, and removes them. */
async function runBatch(handler: BatchJobHandler, jobs: SyncJob[], owner: string) {
  const { shop, kind } = jobs[0]!;
  const ids = jobs.map((j) => j.id);
  try {
    const outcome = await holding(ids, owner, () => handler(shop, jobs, { owner, ids }));
    // Already gone when the handler removed them in its own transaction.
    if (outcome !== "removed") await db.syncJob.deleteMany({ where: { id: { in: ids }, lockedBy: owner } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn("jobs: batch failed; will retry", { kind, shop, jobs: jobs.length, message });
    await db.syncJob.updateMany({
      where: { id: { in: ids }, lockedBy: owner },
      data: { attempts: { increment: 1 }, lastError: message.slice(0, 500), lockedBy: null, lockedUntil: null, runAt: new Date(Date.now() + jobSettings.retryMs) },
    });
  }
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
  const batchKinds = Object.keys(handlers).filter((kind) => batchHandler(handlers, kind));
  while (ran < limit && !stopping) {
    // The runner takes only what was due when its pass started: jobs queued meanwhile wait for the next
    // kick and join a larger batch, instead of the pass chasing each new webhook one small batch at a time.
    const dueBy = options.dueAtStart ? started : new Date();
    // The next job, or a batch of one shop's jobs of a batch kind, claimed and read in one statement.
    const jobs = await claimDue(owner, dueBy, { batchKinds, shop: options.shop });
    if (jobs.length === 0) break;
    const batch = batchHandler(handlers, jobs[0]!.kind);
    if (batch) await runBatch(batch, jobs, owner);
    else await runOne(handlers, jobs[0]!, owner);
    ran += jobs.length;
    // SQLite statements run on this thread: let waiting requests (webhooks) in between jobs.
    await new Promise((resolve) => setImmediate(resolve));
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
 * (later calls do nothing), and runs what is due. The server starts it as it
 * loads (app/entry.server.tsx), so a restarted instance resumes at once
 * whatever a crash or deploy interrupted. On SIGTERM or SIGINT (a deploy, a
 * scale-in) the process stops taking jobs, lets the running one finish and
 * hands back what it still holds (stopJobRunner).
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
