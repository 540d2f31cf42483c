import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { InValue } from "@libsql/client";
import type { SyncJob } from "@prisma/client";
import { databaseDialect, db } from "./db.server";
import type { Dialect } from "./dialect";
import { log } from "./logger.server";
import { orderedId } from "./ordered-id";
import { sqliteConnection, sqliteDate } from "./sqlite.server";

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
/**
 * Runs due jobs of one shop together (one transaction for many webhook orders). "removed" says it
 * removed them from the queue in its own transaction ({@link JobClaim}): the runner then has
 * nothing left to remove and spares that statement.
 */
export type BatchJobHandler = (shop: string, jobs: SyncJob[], claim: JobClaim) => Promise<void | "removed">;
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
 *
 * `onlyIf` queues it only when a condition holds, checked in the same statement: it writes the SQL
 * condition, taking each value it needs through `param` (which answers the placeholder).
 */
export function enqueueStatement(dialect: Dialect, input: EnqueueInput, onlyIf?: (param: (value: string) => string) => string): { sql: string; args: (string | null)[] } {
  const runAt = input.runAt ?? new Date();
  const at = (date: Date) => (dialect === "sqlite" ? sqliteDate(date) : date.toISOString());
  const args: (string | null)[] = [orderedId(), input.shop, input.kind, input.key ?? input.kind, input.payload === undefined ? null : JSON.stringify(input.payload), at(runAt), at(new Date())];
  const [id, shop, kind, key, payload, time, created] = dialect === "sqlite" ? args.map(() => "?") : args.map((_, i) => `$${i + 1}${i >= 5 ? "::timestamp(3)" : ""}`);
  const param = (value: string) => (args.push(value), dialect === "sqlite" ? "?" : `$${args.length}`);
  const row = `${id}, ${shop}, ${kind}, ${key}, ${payload}, ${time}, 0, ${created}`;
  return {
    sql: `INSERT INTO "SyncJob" ("id", "shop", "kind", "key", "payload", "runAt", "attempts", "createdAt") ${onlyIf ? `SELECT ${row} WHERE ${onlyIf(param)}` : `VALUES (${row})`}
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

const JOB_COLUMNS = `"id", "shop", "kind", "key", "payload", "runAt", "attempts", "lockedBy", "lockedUntil", "lastError", "createdAt"`;

export type ClaimOptions = {
  /** The kinds that run in batches (a batch handler in the registry): up to BATCH of one shop's are claimed together. */
  batchKinds: string[];
  /** Only this shop's jobs (tests). */
  shop?: string;
};

/**
 * Claims the next due job, one that was due by `dueBy` and no live claim holds (the oldest), and,
 * when its kind runs in batches, up to BATCH due jobs of its shop and kind with it. One statement,
 * whose RETURNING is the claimed rows whole: what to run next, the claim and the read of what was
 * claimed are one round trip (issue 29, docs/benchmarks.md). The lease runs from now, not from
 * `dueBy`. On Postgres the rows are locked with FOR UPDATE SKIP LOCKED, so instances claiming at
 * once each take different jobs without waiting on each other; on SQLite one writer runs the
 * statement at a time. Returns the jobs in their run order, none when nothing is due.
 */
export async function claimDue(owner: string, dueBy: Date, options: ClaimOptions): Promise<SyncJob[]> {
  const { now, lease } = leaseFromNow();
  const sqlite = sqliteConnection();
  const args: unknown[] = [];
  // Each placeholder takes its value (SQLite's "?" are positional, so a value used twice is passed twice).
  const param = (value: unknown) => (args.push(value), sqlite ? "?" : `$${args.length}`);
  const at = (date: Date) => param(sqlite ? sqliteDate(date) : date);
  const free = () => `"runAt" <= ${at(dueBy)} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${at(now)})`;
  const locking = sqlite ? "" : "FOR UPDATE SKIP LOCKED";
  // Written in the order the text reads: SQLite's placeholders take their values by position.
  const first = `SELECT "shop", "kind" FROM "SyncJob" WHERE ${free()}${options.shop ? ` AND "shop" = ${param(options.shop)}` : ""} ORDER BY "runAt" LIMIT 1 ${locking}`;
  const set = `"lockedBy" = ${param(owner)}, "lockedUntil" = ${at(lease)}`;
  const group = `"shop" = (SELECT "first"."shop" FROM "first") AND "kind" = (SELECT "first"."kind" FROM "first") AND ${free()}`;
  const batched = sqlite ? `"first"."kind" IN (SELECT "value" FROM json_each(${param(JSON.stringify(options.batchKinds))}))` : `"first"."kind" = ANY(${param(options.batchKinds)}::text[])`;
  const sql = `WITH "first" AS (${first})
    UPDATE "SyncJob" SET ${set}
    WHERE "id" IN (
      SELECT "id" FROM "SyncJob" WHERE ${group} ORDER BY "runAt"
      LIMIT COALESCE((SELECT CASE WHEN ${batched} THEN ${BATCH} ELSE 1 END FROM "first"), 0)
      ${locking})
    RETURNING ${JOB_COLUMNS}`;
  if (sqlite) {
    const result = await sqlite.execute({ sql, args: args as InValue[] });
    return inRunOrder(result.rows.map((row) => jobFromSqlite(result.columns, row as unknown as unknown[])));
  }
  return inRunOrder(await db.$queryRawUnsafe<SyncJob[]>(sql, ...args));
}

const inRunOrder = (jobs: SyncJob[]) => jobs.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** A SyncJob from a row of SQLite's thread (dates as SQLite holds them, Prisma's text form). */
function jobFromSqlite(columns: string[], row: unknown[]): SyncJob {
  const value = Object.fromEntries(columns.map((name, i) => [name, row[i]])) as Record<keyof SyncJob, string | number | null>;
  const date = (v: string | number | null) => (v === null ? null : new Date(v));
  return {
    id: String(value.id),
    shop: String(value.shop),
    kind: String(value.kind),
    key: String(value.key),
    payload: value.payload === null ? null : String(value.payload),
    runAt: date(value.runAt)!,
    attempts: Number(value.attempts),
    lockedBy: value.lockedBy === null ? null : String(value.lockedBy),
    lockedUntil: date(value.lockedUntil),
    lastError: value.lastError === null ? null : String(value.lastError),
    createdAt: date(value.createdAt)!,
  };
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
