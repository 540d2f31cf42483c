#!/usr/bin/env node
/**
 * `npm run setup` (and every test run): applies the migrations DATABASE_URL's database has not had.
 *
 * - SQLite (`file:`): `prisma migrate deploy` with prisma/migrations.
 * - Postgres (`postgresql://`): prisma/postgres/migrations, applied here with `pg`. Prisma's schema
 *   engine cannot migrate Postgres through the driver adapter yet (it fails reading the catalog's
 *   `name` columns: prisma/orm#27403), and without the adapter it would download an engine. This
 *   applies each pending migration.sql in its own transaction, in name order, and records it in
 *   Prisma's own `_prisma_migrations` table with Prisma's checksum (sha256 of the file), so
 *   `prisma migrate deploy` can take over unchanged once that bug is fixed. An advisory lock makes
 *   instances that start together migrate one at a time. docs/decisions/011-sqlite-and-postgres.md.
 *
 * Plain JavaScript: it runs in a production image, where dev dependencies (tsx) are not installed.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const LOCK_ID = 72_707_369; // any constant: the advisory lock's key for "migrating"

export async function deployPostgres(url, { log = console.log } = {}) {
  const { default: pg } = await import("pg");
  const dir = path.join(here, "postgres", "migrations");
  const migrations = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const applied = await client.query(`SELECT "migration_name", "checksum", "finished_at" FROM "_prisma_migrations" WHERE "rolled_back_at" IS NULL`);
    const done = new Map(applied.rows.map((row) => [row.migration_name, row]));
    for (const row of applied.rows) {
      if (!row.finished_at) throw new Error(`Migration ${row.migration_name} started but did not finish: resolve it by hand before deploying`);
    }
    let count = 0;
    for (const name of migrations) {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = done.get(name);
      if (previous) {
        if (previous.checksum !== checksum) throw new Error(`Migration ${name} was edited after it was applied (checksum differs)`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count")
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`);
      }
      count++;
      log(`Applied migration ${name}`);
    }
    log(count ? `${count} migration(s) applied` : "No pending migrations");
    return count;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (see .env.example)");
  if (/^postgres(ql)?:\/\//.test(url)) await deployPostgres(url);
  else execFileSync(path.join(here, "..", "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { stdio: "inherit" });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
