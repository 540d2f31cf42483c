import { createClient, type Client, type InValue, type Transaction } from "@libsql/client";
import { env } from "./env.server";

let client: Client | null | undefined;

/**
 * A plain libSQL connection to the app's SQLite file, for the two hot paths
 * where Prisma's per-query cost (about 0.7 ms of CPU each) and its memory for
 * multi-megabyte parameters decide whether the server keeps up: queueing
 * order webhooks and the bulk ingest (docs/benchmarks.md). Null when the
 * database is not a SQLite file (Postgres goes through Prisma).
 */
export function sqliteClient(): Client | null {
  if (client === undefined) {
    const url = env().DATABASE_URL;
    client = url.startsWith("file:") ? createClient({ url }) : null;
    // Writers on two connections to one file: wait for the lock instead of failing.
    if (client) void client.execute("PRAGMA busy_timeout = 5000").catch(() => undefined);
  }
  return client;
}

/** DateTime as Prisma stores it in SQLite, so Prisma reads rows written here. */
export function sqliteDate(date: Date): string;
export function sqliteDate(date: Date | null): string | null;
export function sqliteDate(date: Date | null) {
  return date ? date.toISOString().replace("Z", "+00:00") : null;
}

/**
 * The one method of Prisma's client the SQLite write path uses, over a libSQL
 * transaction, so that path runs unchanged on either.
 */
export function rawWriter(tx: Transaction) {
  return {
    $executeRawUnsafe: async (sql: string, ...args: InValue[]) => (await tx.execute({ sql, args })).rowsAffected,
  };
}
