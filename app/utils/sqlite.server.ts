import { createClient, type Client } from "@libsql/client";
import { env } from "./env.server";

let client: Client | null | undefined;

/**
 * A plain libSQL connection to the app's SQLite file, for the one hot path
 * where Prisma's per-query cost (about 0.7 ms of CPU each, measured in
 * docs/benchmarks.md) decides whether the server keeps up: queueing order
 * webhooks. Null when the database is not a SQLite file (Postgres uses Prisma).
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
export function sqliteDate(date: Date) {
  return date.toISOString().replace("Z", "+00:00");
}
