import type { InStatement, InValue, TransactionMode } from "@libsql/client";

/**
 * What the server's thread (app/utils/sqlite.server.ts) and the SQLite thread
 * (app/utils/sqlite-thread.ts) say to each other. Types only: the thread's
 * file imports them with `import type`, which Node erases when it runs the
 * file as it is (docs/decisions/017-worker-threads-as-modules.md).
 */

/** The thread's `workerData`: the database file it opens. */
export type SqliteThreadData = { path: string };

/**
 * A step of `SharedSqlite.steps` as it travels: `SqlStep` without its
 * `expect.otherwise` (a function cannot be posted), the change count alone.
 */
export type WireStep = {
  sql: string;
  args?: InValue[];
  rows?: InValue[][];
  /** The rows as JSON text (an array of arrays), moved to the thread with the message instead of copied. */
  packed?: Uint8Array;
  lookup?: { column: number; step: number };
  expectChanges?: number;
};

export type SqliteRequest =
  | { op: "execute"; stmt: InStatement }
  | { op: "each"; sql: string; rows: InValue[][] }
  | { op: "batch"; stmts: InStatement[]; mode: TransactionMode }
  | { op: "steps"; steps: WireStep[]; mode: TransactionMode }
  | { op: "script"; sql: string };

/** A request as posted: `id` pairs it with its reply. */
export type SqliteMessage = SqliteRequest & { id: number };

/** A value in a result row: SQLite's, with a blob as an ArrayBuffer (as libSQL gives it). */
export type WireValue = null | number | bigint | string | ArrayBuffer;

/** libSQL's ResultSet without `toJSON`, rows as arrays: the shape Prisma's libSQL adapter reads. */
export type WireResult = {
  columns: string[];
  columnTypes: string[];
  rows: WireValue[][];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
};

/** libSQL's error fields, which Prisma's adapter maps to P2002 and the like; `step` names the step whose expected change count failed. */
export type SqliteError = { message: string; name?: string; code?: string; rawCode?: number; step?: number };

/** One result for execute and each, a list for batch and steps, null for script. */
export type SqliteReply = { id: number; result: WireResult | WireResult[] | null; error?: undefined } | { id: number; result?: undefined; error: SqliteError };
