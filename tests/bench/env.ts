/**
 * A fresh, migrated database and the app's environment for one benchmark process. Imported
 * first, before any app module reads the environment. SQLite by default (a file of its own);
 * with BENCH_POSTGRES_URL (a server's URL, tests/setup/postgres.ts) a database of its own on that
 * server, migrated as production does (prisma/deploy.mjs) and dropped by removeDb().
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deployPostgres } from "../../prisma/deploy.mjs";
import { appEnv } from "../setup/config";
import { adminQuery, withDatabase } from "../setup/postgres";

export const benchDir = path.join(os.tmpdir(), "seko-bench");
fs.mkdirSync(benchDir, { recursive: true });

const postgresServer = process.env.BENCH_POSTGRES_URL;
/** BENCH_DATABASE_URL: an existing migrated database shared with other processes (the scale-out benchmark's instances). */
const shared = process.env.BENCH_DATABASE_URL;
const dbFile = path.join(benchDir, `bench-${process.pid}.sqlite`);
const pgDatabase = `bench_${process.pid}`;

let databaseUrl: string;
if (shared) databaseUrl = shared;
else if (postgresServer) {
  await adminQuery(postgresServer, `DROP DATABASE IF EXISTS ${pgDatabase}`, `CREATE DATABASE ${pgDatabase}`);
  databaseUrl = withDatabase(postgresServer, pgDatabase);
  await deployPostgres(databaseUrl, { log: () => undefined });
} else {
  fs.rmSync(dbFile, { force: true });
  execFileSync("prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, stdio: "pipe" });
  databaseUrl = `file:${dbFile}`;
}
Object.assign(process.env, appEnv({ appUrl: "http://localhost", databaseUrl }), { NODE_ENV: "production", LOG_LEVEL: "error" });

export const benchDatabase = shared ? "postgres (shared)" : postgresServer ? "postgres" : "sqlite";

export async function removeDb() {
  if (shared) return;
  if (postgresServer) {
    const { db, postgresPool } = await import("~/utils/db.server");
    await db.$disconnect();
    await postgresPool()?.end();
    await adminQuery(postgresServer, `DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
    return;
  }
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
}
