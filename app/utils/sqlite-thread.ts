/**
 * The thread that owns the process's SQLite connection (app/utils/sqlite.server.ts
 * starts it): Node's built-in SQLite (node:sqlite) with a cache of prepared
 * statements. It runs requests one at a time, in the order they arrive, and
 * answers as libSQL's client would (the shape Prisma's libSQL adapter reads),
 * with rows as arrays. docs/decisions/006-sqlite-writer-thread.md.
 *
 * Node runs this file as it is from the source (vitest, tsx, the dev server)
 * and the server build emits it as JavaScript next to the server bundle
 * (docs/decisions/017-worker-threads-as-modules.md). So: TypeScript that only
 * needs its types erased, and nothing imported but Node's own modules and
 * types (`import type`).
 */
import type { InArgs, InStatement, InValue, TransactionMode } from "@libsql/client";
import type { SQLInputValue, SQLOutputValue, StatementSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";
import type { SqliteError, SqliteMessage, SqliteReply, SqliteThreadData, WireResult, WireStep, WireValue } from "./sqlite-thread-messages";

const port = parentPort;
if (!port) throw new Error("app/utils/sqlite-thread.ts runs as a worker thread");
const reply = (message: SqliteReply) => port.postMessage(message);

// Node 22 still calls node:sqlite experimental and says so once; the app relies on it knowingly (decision 006).
// Loaded below, after this filter is in place, hence getBuiltinModule rather than an import.
const emitWarning = process.emitWarning;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (!/SQLite is an experimental feature/.test(String(warning))) (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
}) as typeof process.emitWarning;
const { DatabaseSync } = process.getBuiltinModule("node:sqlite");

const db = new DatabaseSync((workerData as SqliteThreadData).path);
const statements = new Map<string, StatementSync>();

function prepare(sql: string) {
  let stmt = statements.get(sql);
  if (stmt) {
    statements.delete(sql);
  } else {
    stmt = db.prepare(sql);
    stmt.setReturnArrays(true);
  }
  statements.set(sql, stmt);
  if (statements.size > 300) statements.delete(statements.keys().next().value!);
  return stmt;
}

function bind(value: InValue): SQLInputValue {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (value === undefined) throw new TypeError("undefined cannot be passed as argument to the database");
  return value;
}

function read(value: SQLOutputValue): WireValue {
  return value instanceof Uint8Array ? value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) : value;
}

/** Rows as setReturnArrays(true) makes them: arrays (node:sqlite's types describe objects). */
const asArrays = (rows: unknown) => rows as SQLOutputValue[][];

function execute(stmt: InStatement): WireResult {
  const sql = typeof stmt === "string" ? stmt : stmt.sql;
  const args: InArgs = typeof stmt === "string" || !stmt.args ? [] : stmt.args;
  const prepared = prepare(sql);
  const columns = prepared.columns();
  const named: Record<string, SQLInputValue> = {};
  if (!Array.isArray(args)) for (const name of Object.keys(args)) named[name] = bind(args[name]!);
  const positional = Array.isArray(args) ? args.map(bind) : [];
  if (columns.length > 0) {
    const rows = asArrays(Array.isArray(args) ? prepared.all(...positional) : prepared.all(named));
    return {
      columns: columns.map((c) => c.name),
      columnTypes: columns.map((c) => c.type ?? ""),
      rows: rows.map((row) => row.map(read)),
      rowsAffected: 0,
      lastInsertRowid: undefined,
    };
  }
  const info = Array.isArray(args) ? prepared.run(...positional) : prepared.run(named);
  return { columns: [], columnTypes: [], rows: [], rowsAffected: Number(info.changes), lastInsertRowid: BigInt(info.lastInsertRowid) };
}

const begin = (mode: TransactionMode) => (mode === "write" ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");

function each(sql: string, rows: InValue[][]): WireResult {
  const prepared = prepare(sql);
  const columns = prepared.columns();
  const out: WireValue[][] = [];
  let changes = 0;
  for (const row of rows) {
    // Bound in place (the rows are this thread's own copies): a copy of every row was most of what this thread allocated in an ingest.
    for (let i = 0; i < row.length; i++) row[i] = bind(row[i]!) as InValue;
    const bound = row as SQLInputValue[];
    if (columns.length > 0) {
      const got = prepared.get(...bound) as unknown as SQLOutputValue[] | undefined;
      if (got) out.push(got.map(read));
    } else changes += Number(prepared.run(...bound).changes);
  }
  const returning = columns.length > 0;
  return { columns: columns.map((c) => c.name), columnTypes: columns.map((c) => c.type ?? ""), rows: out, rowsAffected: returning ? out.length : changes, lastInsertRowid: undefined };
}

/** The ids each step RETURNED, by the key in its second column; null for a step that returned fewer columns. */
type Returned = (Map<WireValue | undefined, WireValue | undefined> | null)[];

// A step's "lookup" { column, step }: in each row, the value at that column is a key (second column) of the rows an
// earlier step RETURNED and becomes that row's id (first column); a row whose key that step did not return is left
// out (its order was not written).
function resolveRows(rows: InValue[][], lookup: WireStep["lookup"], returned: Returned) {
  if (!lookup) return rows;
  const ids = returned[lookup.step];
  const out: InValue[][] = [];
  for (const row of rows) {
    const found = ids ? ids.get(row[lookup.column] as WireValue) : undefined;
    if (found === undefined) continue;
    row[lookup.column] = found;
    out.push(row);
  }
  return out;
}

const utf8 = new TextDecoder();

/** A step's rows: as posted, or read from the JSON text the bulk ingest packs them into (app/shopify/ingest-batch.server.ts). */
const rowsOf = (step: WireStep) => (step.packed ? (JSON.parse(utf8.decode(step.packed)) as InValue[][]) : step.rows);

function runSteps(list: WireStep[]) {
  const returned: Returned = [];
  const results: WireResult[] = [];
  list.forEach((step, index) => {
    const rows = rowsOf(step);
    const result = rows ? each(step.sql, resolveRows(rows, step.lookup, returned)) : execute({ sql: step.sql, args: step.args || [] });
    if (step.expectChanges !== undefined && result.rowsAffected !== step.expectChanges) {
      throw Object.assign(new Error("step " + index + " changed " + result.rowsAffected + " rows, not " + step.expectChanges), { code: "STEP_EXPECTATION", step: index });
    }
    returned.push(result.columns.length >= 2 ? new Map(result.rows.map((row) => [row[1], row[0]])) : null);
    results.push(result);
  });
  return results;
}

/** Runs `work` in a transaction: committed when it returns, rolled back when it throws. */
function inTransaction<T>(mode: TransactionMode, work: () => T): T {
  db.exec(begin(mode));
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } finally {
    if (db.isTransaction) db.exec("ROLLBACK");
  }
}

function handle(request: SqliteMessage): WireResult | WireResult[] | null {
  switch (request.op) {
    case "execute":
      return execute(request.stmt);
    case "each":
      return each(request.sql, request.rows);
    case "batch":
      return inTransaction(request.mode, () => request.stmts.map(execute));
    case "steps":
      return inTransaction(request.mode, () => runSteps(request.steps));
    case "script":
      try {
        db.exec(request.sql);
      } finally {
        if (db.isTransaction) db.exec("ROLLBACK");
      }
      return null;
  }
}

const CODES: Record<number, string> = {
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  19: "SQLITE_CONSTRAINT",
  787: "SQLITE_CONSTRAINT_FOREIGNKEY",
  1299: "SQLITE_CONSTRAINT_NOTNULL",
  1555: "SQLITE_CONSTRAINT_PRIMARYKEY",
  2067: "SQLITE_CONSTRAINT_UNIQUE",
};

function errorCode(rawCode: number | undefined, code: unknown) {
  if (rawCode === undefined) return typeof code === "string" ? code : "SQLITE_ERROR";
  return CODES[rawCode] ?? CODES[rawCode & 0xff] ?? "SQLITE_ERROR";
}

/** node:sqlite's error (errcode: SQLite's extended code) in libSQL's shape. */
function asError(error: unknown): SqliteError {
  const e = (error || {}) as { message?: unknown; errcode?: unknown; code?: unknown; step?: unknown };
  const rawCode = typeof e.errcode === "number" ? e.errcode : undefined;
  return { message: String(e.message || e), name: "LibsqlError", code: errorCode(rawCode, e.code), rawCode, step: e.step as number | undefined };
}

port.on("message", (request: SqliteMessage) => {
  try {
    reply({ id: request.id, result: handle(request) });
  } catch (error) {
    reply({ id: request.id, error: asError(error) });
  }
});
