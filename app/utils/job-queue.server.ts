import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { SyncJob } from "@prisma/client";
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
 * This file is the queue: its job kinds and settings, the statements that
 * enqueue and claim jobs, and the leases on claimed jobs. The loop that runs
 * them is job-runner.server.ts. Both are machinery only: the handlers are the
 * domains', named in one registry (app/job-handlers.server.ts) that is handed
 * to the runner when it starts and to `drainJobs`.
 */

/**
 * The queue's job kinds. The registry must name a handler for each (a missing
 * one fails the type check); `delivery` is an on-boarding submission's email to
 * SEKO, retried with its back-off (app/outbox/submissions.server.ts); `storefront`
 * brings the storefront link's metafields in line with go-live (app/storefront/link.server.ts);
 * `tracking-catchup` asks SEKO for the statuses of labels made before the tracking webhook worked
 * (app/test-returns/tracking-catchup.server.ts); `customer-ids` reads whose order it is for orders imported before
 * read_customers was granted (app/shopify/customer-ids.server.ts); `return-mirror` writes one SEKO return into Shopify, keyed by
 * its consignment number (app/returns/mirror.server.ts).
 */
export type JobKind = "backfill" | "order" | "refund" | "variants" | "reconcile" | "upload" | "delivery" | "storefront" | "tracking-catchup" | "customer-ids" | "return-mirror";
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
export async function claimBatch(first: Pick<SyncJob, "shop" | "kind">, owner: string, dueBy: Date): Promise<SyncJob[]> {
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

/** Claims one job, if it is free and its run time is still the one it was read with (not queued again meanwhile). */
export async function claimJob(job: Pick<SyncJob, "id" | "runAt">, owner: string) {
  const { now, lease } = leaseFromNow();
  const claimed = await db.syncJob.updateMany({
    where: { id: job.id, runAt: job.runAt, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: { lockedBy: owner, lockedUntil: lease },
  });
  return claimed.count === 1;
}

/**
 * The jobs this process is running, by id: their leases are renewed every third of the lease while
 * the handler works (an upload's SEKO calls, a backfill's ingest can outlast it), so no other instance
 * takes them over meanwhile; a graceful stop leaves them to their lease instead of releasing them.
 */
const inHand = new Set<string>();

/** Runs `work` while holding these jobs: their leases renewed, and never released by `releaseClaims`. */
export async function holding<T>(ids: string[], owner: string, work: () => Promise<T>): Promise<T> {
  for (const id of ids) inHand.add(id);
  const timer = setInterval(
    () => {
      void db.syncJob
        .updateMany({ where: { id: { in: ids }, lockedBy: owner }, data: { lockedUntil: new Date(Date.now() + jobSettings.leaseMs) } })
        .catch((error) => log.warn("jobs: lease renewal failed", { message: error instanceof Error ? error.message : String(error) }));
    },
    Math.max(1, Math.floor(jobSettings.leaseMs / 3)),
  );
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    for (const id of ids) inHand.delete(id);
  }
}

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
