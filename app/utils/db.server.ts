import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import { env } from "./env.server";

declare global {
  // One client across Vite's module reloads in development.
  // eslint-disable-next-line no-var
  var prismaGlobal: PrismaClient | undefined;
}

/**
 * SQLite settings for a web server: write-ahead logging (readers never wait
 * for the writer, and a commit appends instead of rewriting pages),
 * synchronous=NORMAL (in WAL mode a commit no longer waits for the disk; a
 * power cut can lose the last commits but never corrupts the file), and a
 * busy timeout so concurrent writers queue instead of failing. Without them a
 * webhook's two commits each waited for fsync (docs/benchmarks.md).
 */
const SQLITE_PRAGMAS = ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 5000"];

function createClient() {
  const url = env().DATABASE_URL;
  const client = new PrismaClient({ adapter: new PrismaLibSQL({ url }) });
  if (url.startsWith("file:")) {
    // Queued before any query the app sends: the client runs them in order on its connection.
    for (const pragma of SQLITE_PRAGMAS) void client.$queryRawUnsafe(pragma).catch(() => undefined);
  }
  return client;
}

export const db: PrismaClient = globalThis.prismaGlobal ?? createClient();

if (env().NODE_ENV !== "production") globalThis.prismaGlobal = db;
