import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Client, InStatement, InValue, ResultSet, TransactionMode } from "@libsql/client";
import { env } from "./env.server";
import type { SqliteError, SqliteMessage, SqliteReply, SqliteRequest, SqliteThreadData, WireStep } from "./sqlite-thread-messages";

/**
 * SQLite settings for a web server: write-ahead logging (readers never wait
 * for the writer, and a commit appends instead of rewriting pages),
 * synchronous=NORMAL (in WAL mode a commit no longer waits for the disk; a
 * power cut can lose the last commits but never corrupts the file), and a
 * busy timeout for another process (a migration, a script) holding the lock.
 * All but journal_mode hold per connection, which is one reason the process
 * keeps a single one (below).
 */
const SQLITE_PRAGMAS = ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 5000"];

/** Who is waiting: "background" work (the bulk ingest) lets requests go first. */
export type GatePriority = "normal" | "background";

/**
 * An async lock: one holder at a time, first come first served within a
 * priority; waiting for it never blocks the thread. A "background" waiter
 * (the ingest's next batch) lets "normal" ones (requests, jobs) pass, so a
 * webhook arriving during a backfill waits for at most the transaction in
 * progress, not also for the batch queued behind it. It is passed over at
 * most `maxPassed` times, so a steady stream of requests cannot starve it.
 */
export class Gate {
  #held = false;
  readonly #normal: (() => void)[] = [];
  readonly #background: (() => void)[] = [];
  #passed = 0;
  readonly #maxPassed: number;

  constructor(options: { maxPassed?: number } = {}) {
    this.#maxPassed = options.maxPassed ?? 20;
  }

  /** Resolves with the release function once it is this waiter's turn. */
  acquire(priority: GatePriority = "normal"): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.#held = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.#next();
        });
      };
      if (!this.#held) grant();
      else (priority === "background" ? this.#background : this.#normal).push(grant);
    });
  }

  #next() {
    const backgroundsTurn = this.#background.length > 0 && (this.#normal.length === 0 || this.#passed >= this.#maxPassed);
    const next = backgroundsTurn ? this.#background.shift() : this.#normal.shift();
    if (backgroundsTurn || this.#background.length === 0) this.#passed = 0;
    else this.#passed++;
    if (next) next();
    else this.#held = false;
  }

  async run<T>(work: () => Promise<T> | T, priority: GatePriority = "normal"): Promise<T> {
    const release = await this.acquire(priority);
    try {
      return await work();
    } finally {
      release();
    }
  }
}

export type SqlTransaction = {
  execute(stmt: InStatement): Promise<ResultSet>;
  /**
   * One statement run once per row of arguments, prepared once. Rows a
   * RETURNING clause gives back are collected (rowsAffected counts them);
   * otherwise rowsAffected sums the changes.
   */
  each(sql: string, rows: InValue[][]): Promise<ResultSet>;
};

/** One statement of {@link SharedSqlite.steps}: run once with `args`, or once per row of `rows` (prepared once). */
export type SqlStep = {
  sql: string;
  args?: InValue[];
  rows?: InValue[][];
  /**
   * The rows as JSON text instead (an array of arrays of strings, numbers and nulls), in a buffer of
   * their own that is moved to the thread, not copied: the bulk ingest packs each order's rows as it
   * reads it, so a batch waits outside the JS heap (app/shopify/ingest-batch.server.ts). The
   * buffer is unusable here once sent.
   */
  packed?: Uint8Array;
  /**
   * In each row, the value at `column` is a key an earlier step (`step`, by
   * index) RETURNED in its second column, such as an order's Shopify id, and
   * is replaced by the id that row returned in its first. Rows whose key that
   * step did not return are left out.
   */
  lookup?: { column: number; step: number };
  /** The transaction rolls back, throwing `otherwise()`, unless the statement changes exactly this many rows. */
  expect?: { changes: number; otherwise: () => Error };
};

const emptyResult: ResultSet = { columns: [], columnTypes: [], rows: [], rowsAffected: 0, lastInsertRowid: undefined, toJSON: () => ({}) };

/** libSQL's error shape (code, rawCode), which Prisma's adapter maps to P2002 and the like. */
function driverError(error: SqliteError) {
  return Object.assign(new Error(error.message), { name: error.name ?? "LibsqlError", code: error.code, rawCode: error.rawCode, step: error.step });
}

/**
 * The process's one connection to the app's SQLite file, shared by Prisma
 * and the raw write paths (queueing order webhooks, the bulk ingest), owned
 * by a worker thread (app/utils/sqlite-thread.ts) and taken in turn through a
 * {@link Gate}.
 *
 * Why one: with two connections, a write on one while the other held an
 * open transaction made SQLite's busy handler sleep inside the native call,
 * on the very thread the other transaction needed to finish: the process
 * stood still for up to busy_timeout (5 s). libSQL's client also hands its
 * connection to each interactive transaction and opens a fresh one (without
 * the pragmas above) for the next query. Here a transaction is BEGIN/COMMIT
 * on the one connection while the gate is held; everything else waits in the
 * gate's queue.
 *
 * Why a worker thread: SQLite's Node drivers run statements synchronously.
 * On the server's thread, SQLite's time was time no request was answered
 * (the webhook p99), and the ingest could not parse the next batch while one
 * was written. docs/decisions/006-sqlite-writer-thread.md.
 */
export class SharedSqlite {
  readonly gate = new Gate();
  readonly #url: string;
  #worker: Worker | null = null;
  /** Counts threads started: a transaction belongs to the thread (the connection) it began on. */
  #generation = 0;
  #nextId = 0;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(url: string) {
    this.#url = url;
  }

  #thread() {
    if (this.#worker) return this.#worker;
    const workerData: SqliteThreadData = { path: sqlitePath(this.#url) };
    const worker = new Worker(new URL("./sqlite-thread.ts", import.meta.url), { workerData });
    worker.on("message", ({ id, result, error }: SqliteReply) => {
      const pending = this.#pending.get(id);
      if (!pending) return;
      this.#pending.delete(id);
      if (this.#pending.size === 0) worker.unref();
      if (error) pending.reject(driverError(error));
      else pending.resolve(result);
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = null;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`The SQLite thread stopped (exit code ${code})`)));
    worker.unref();
    this.#worker = worker;
    this.#generation++;
    // Sent first: every later statement runs with them.
    for (const sql of SQLITE_PRAGMAS) void this.#send({ op: "execute", stmt: sql }).catch(() => undefined);
    return worker;
  }

  /** One request to the thread. The process stays alive while an answer is due, not while the thread idles. */
  #send<T = ResultSet>(request: SqliteRequest, transfer: ArrayBuffer[] = []): Promise<T> {
    const worker = this.#thread();
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ id, ...request } satisfies SqliteMessage, transfer);
    });
  }

  /** Messages sent to the thread so far, each a round trip (`databaseRoundTrips`, app/utils/db.server.ts). */
  get messagesSent() {
    return this.#nextId;
  }

  /** One statement, in turn. */
  execute(stmt: InStatement) {
    return this.gate.run(() => this.#send({ op: "execute", stmt }));
  }

  /** Statements in one transaction, in turn. */
  batch(stmts: InStatement[], mode: TransactionMode = "write") {
    return this.gate.run(() => this.#send<ResultSet[]>({ op: "batch", stmts, mode }));
  }

  /**
   * Statements in one write transaction sent as one message: the thread runs
   * them back to back and the gate is held for SQLite's time alone, not for a
   * round trip per statement (each waiting for this thread's next turn while
   * it parses a backfill). Later steps can use ids earlier ones RETURNED
   * (`lookup`); a step's `expect` rolls everything back.
   */
  async steps(list: SqlStep[], priority: GatePriority = "normal"): Promise<ResultSet[]> {
    const wire = list.map(({ expect, ...step }): WireStep => ({ ...step, expectChanges: expect?.changes }));
    const transfer = [...new Set(list.flatMap((step) => (step.packed ? [step.packed.buffer as ArrayBuffer] : [])))];
    try {
      return await this.gate.run(() => this.#send<ResultSet[]>({ op: "steps", steps: wire, mode: "write" }, transfer), priority);
    } catch (error) {
      const step = (error as { step?: unknown }).step;
      const expect = typeof step === "number" ? list[step]?.expect : undefined;
      throw expect ? expect.otherwise() : error;
    }
  }

  /**
   * Runs `work` in a write transaction: committed when it resolves, rolled
   * back when it throws. Nothing else touches the database meanwhile, so keep
   * `work` to database statements (no network calls). "background" waits
   * while requests go first (see {@link Gate}).
   */
  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>, priority: GatePriority = "normal"): Promise<T> {
    const tx = await this.#begin("write", priority);
    try {
      const result = await work(tx);
      await tx.commit();
      return result;
    } catch (error) {
      await tx.rollback();
      throw error;
    }
  }

  async #begin(mode: TransactionMode, priority: GatePriority = "normal") {
    const release = await this.gate.acquire(priority);
    try {
      // IMMEDIATE for writes: the write lock is taken now, so a transaction never fails half way on another process's lock.
      await this.#send({ op: "execute", stmt: mode === "read" ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE" });
    } catch (error) {
      release();
      throw error;
    }
    let open = true;
    const generation = this.#generation;
    // If the thread died meanwhile, its connection took the transaction with it (rolled back): never send the rest
    // of the transaction's statements to a new connection, where they would each commit on their own.
    const send = <T = ResultSet>(request: SqliteRequest) =>
      generation === this.#generation && this.#worker ? this.#send<T>(request) : Promise.reject(new Error("The SQLite thread stopped during the transaction; it was rolled back"));
    const end = async (sql: "COMMIT" | "ROLLBACK") => {
      if (!open) return;
      try {
        await send({ op: "execute", stmt: sql });
      } catch (error) {
        if (sql === "COMMIT") await send({ op: "execute", stmt: "ROLLBACK" }).catch(() => undefined);
        throw error;
      } finally {
        open = false;
        release();
      }
    };
    return {
      execute: (stmt: InStatement) => (open ? send({ op: "execute", stmt }) : Promise.reject(new Error("The transaction is closed"))),
      each: (sql: string, rows: InValue[][]) => (!open ? Promise.reject(new Error("The transaction is closed")) : rows.length === 0 ? Promise.resolve(emptyResult) : send({ op: "each", sql, rows })),
      commit: () => end("COMMIT"),
      rollback: () => end("ROLLBACK").catch(() => undefined),
      close: () => void end("ROLLBACK").catch(() => undefined),
      get closed() {
        return !open;
      },
    };
  }

  /** Stops the thread (its connection closes with it); the next statement starts a new one. */
  async close() {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }

  /**
   * The part of libSQL's Client that Prisma's libSQL adapter uses, over this
   * connection: statements in turn, interactive transactions as BEGIN/COMMIT
   * holding the gate.
   */
  forPrisma(): Client {
    const facade = {
      protocol: "file",
      get closed() {
        return false;
      },
      execute: (stmt: InStatement | string, args?: InValue[]) => this.execute(typeof stmt === "string" ? { sql: stmt, args: args ?? [] } : stmt),
      batch: (stmts: InStatement[], mode?: TransactionMode) => this.batch(stmts, mode),
      executeMultiple: (sql: string) => this.gate.run(() => this.#send<null>({ op: "script", sql })),
      // Prisma's interactive transactions (it sends no BEGIN of its own).
      transaction: (mode?: TransactionMode) => this.#begin(mode ?? "write"),
      close: () => void this.close(),
    };
    return facade as unknown as Client;
  }
}

/** The file a `file:` DATABASE_URL names (relative to the working directory, as Prisma reads it). */
export function sqlitePath(url: string) {
  if (url.startsWith("file://")) return fileURLToPath(url.replace(/\?.*$/, ""));
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

declare global {
  // One connection across Vite's module reloads in development, like the Prisma client that uses it.
  // eslint-disable-next-line no-var
  var sharedSqliteGlobal: SharedSqlite | null | undefined;
}

/** The shared connection, or null when the database is not a SQLite file (Postgres goes through Prisma alone). */
export function sqliteConnection(): SharedSqlite | null {
  if (globalThis.sharedSqliteGlobal === undefined) {
    const url = env().DATABASE_URL;
    globalThis.sharedSqliteGlobal = url.startsWith("file:") ? new SharedSqlite(url) : null;
  }
  return globalThis.sharedSqliteGlobal;
}

/** DateTime as Prisma stores it in SQLite, so Prisma reads rows written here. */
export function sqliteDate(date: Date): string;
export function sqliteDate(date: Date | null): string | null;
export function sqliteDate(date: Date | null) {
  return date ? `${date.toISOString().slice(0, -1)}+00:00` : null;
}
