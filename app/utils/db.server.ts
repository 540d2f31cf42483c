import { createRequire } from "node:module";
import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";
import type { Client, Config } from "@libsql/client";
import { dialectOf, POSTGRES_CLIENT_DIR, type Dialect } from "./dialect";
import { env } from "./env.server";
import { log } from "./logger.server";
import { sqliteConnection } from "./sqlite.server";

declare global {
  // One client across Vite's module reloads in development.
  // eslint-disable-next-line no-var
  var prismaGlobal: PrismaClient | undefined;
  // eslint-disable-next-line no-var
  var postgresPoolGlobal: pg.Pool | null | undefined;
}

/**
 * Prisma's libSQL adapter over the process's one SQLite connection (pragmas,
 * and why one: app/utils/sqlite.server.ts), instead of a client of its own.
 */
class SharedConnectionAdapter extends PrismaLibSQL {
  createClient(config: Config): Client {
    const shared = config.url === env().DATABASE_URL ? sqliteConnection() : null;
    return shared?.forPrisma() ?? super.createClient(config);
  }
}

/** The database this process uses, from DATABASE_URL (docs/decisions/011-sqlite-and-postgres.md). */
export function databaseDialect(): Dialect {
  return dialectOf(env().DATABASE_URL);
}

/**
 * The Postgres connection pool, shared by Prisma (through its adapter) and by the few statements
 * on hot paths that skip Prisma's per-query cost (an order webhook's record-and-queue, the order
 * writes: {@link postgresTransaction}). Null on SQLite.
 */
export function postgresPool(): pg.Pool | null {
  if (globalThis.postgresPoolGlobal === undefined) {
    const url = env().DATABASE_URL;
    if (dialectOf(url) === "postgres") {
      const pool = new pg.Pool({ connectionString: url, max: env().DATABASE_POOL_SIZE });
      // An idle connection the server closes (a restart, a failover) must not take the process down:
      // the pool drops it and opens another on the next query.
      pool.on("error", (error) => log.warn("database: an idle Postgres connection failed", { message: error.message }));
      // Every statement, Prisma's included, goes through a pooled connection's `query`: counted there.
      pool.on("connect", (client) => {
        const query = client.query;
        client.query = function (this: pg.PoolClient, ...args: unknown[]) {
          postgresStatements++;
          return (query as (...args: unknown[]) => unknown).apply(this, args);
        } as typeof client.query;
      });
      globalThis.postgresPoolGlobal = pool;
    } else globalThis.postgresPoolGlobal = null;
  }
  return globalThis.postgresPoolGlobal;
}

let postgresStatements = 0;

/**
 * Round trips to the database since the process started: statements sent to Postgres (BEGIN and
 * COMMIT included), or messages to SQLite's thread (app/utils/sqlite.server.ts). Tests pin a hot
 * path's count with it (app/shopify/order-batch-round-trips.server.test.ts); a counter costs nothing.
 */
export function databaseRoundTrips() {
  return postgresStatements + (sqliteConnection()?.messagesSent ?? 0);
}

/** A statement runner inside a Postgres transaction ($1-numbered parameters). */
export type PgTx = Pick<pg.PoolClient, "query">;

/**
 * `fn` in one Postgres transaction on a connection of the shared pool: committed when it returns,
 * rolled back when it throws (the error is rethrown). For hot paths whose statements are written
 * for Postgres anyway; everything else goes through Prisma.
 */
export async function postgresTransaction<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
  const pool = postgresPool();
  if (!pool) throw new Error("postgresTransaction needs a Postgres DATABASE_URL");
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch {
      // The connection itself failed: it is not given back to the pool.
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * The Postgres client is generated from prisma/postgres/schema.prisma (the same models) into its
 * own folder beside the default one. It is loaded at run time, so the server build never bundles
 * it, and typed as the default client: the models and their operations are the same.
 */
function postgresClient(): PrismaClient {
  const require = createRequire(import.meta.url);
  const prismaPackage = require.resolve("@prisma/client/package.json");
  const generated = path.resolve(path.dirname(prismaPackage), "../..", POSTGRES_CLIENT_DIR.replace(/^node_modules\//, ""));
  const { PrismaClient: PostgresClient } = require(generated) as { PrismaClient: new (options: unknown) => PrismaClient };
  return new PostgresClient({ adapter: new PrismaPg(postgresPool()!) });
}

function createClient() {
  const url = env().DATABASE_URL;
  if (dialectOf(url) === "postgres") return postgresClient();
  return new PrismaClient({ adapter: new SharedConnectionAdapter({ url }) });
}

export const db: PrismaClient = globalThis.prismaGlobal ?? createClient();

if (env().NODE_ENV !== "production") globalThis.prismaGlobal = db;
