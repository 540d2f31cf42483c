import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { POSTGRES_SCHEMA, postgresSchema, SQLITE_SCHEMA } from "./dialects";

/**
 * `npm run db:migration -- <name>`, after editing prisma/schema.prisma (the one source of truth):
 * 1. SQLite: prisma/migrations/<timestamp>_<name>/migration.sql, the SQL that takes the database the
 *    existing migrations build to prisma/schema.prisma. (`prisma migrate dev` misreports drift with
 *    the JS engine on SQLite: docs/decisions/002.)
 * 2. Postgres: regenerates prisma/postgres/schema.prisma from it and writes
 *    prisma/postgres/migrations/<timestamp>_<name>/migration.sql, the SQL from the previous
 *    Postgres schema to the new one (no database needed).
 * Either is skipped when it has nothing to change. To redo a migration not yet deployed, delete both
 * of its folders and restore prisma/postgres/schema.prisma from git first: step 2 diffs from that file. tests/db/migrations.test.ts fails when a
 * dialect's migrations do not build exactly its schema. docs/decisions/011-sqlite-and-postgres.md.
 */
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(1);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), "migration-"));
const prisma = (url: string, ...args: string[]) => execFileSync("prisma", args, { env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "pipe", "pipe"] }).toString();
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const empty = (sql: string) => /^-- This is an empty migration/.test(sql.trim());

function write(root: string, sql: string) {
  const dir = path.join(root, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`Wrote ${dir}/migration.sql`);
}

// 1. SQLite: what the migrations build, against the schema.
const sqliteUrl = `file:${path.join(work, "current.sqlite")}`;
prisma(sqliteUrl, "migrate", "deploy");
const pulled = prisma(sqliteUrl, "db", "pull", "--print");
const current = path.join(work, "current.prisma");
fs.writeFileSync(current, pulled.slice(pulled.indexOf("generator")));
const sqliteSql = prisma(sqliteUrl, "migrate", "diff", "--from-schema-datamodel", current, "--to-schema-datamodel", SQLITE_SCHEMA, "--script");
if (empty(sqliteSql)) console.log("SQLite: the migrations already match prisma/schema.prisma.");
else write(path.join("prisma", "migrations"), sqliteSql);

// 2. Postgres: the previous generated schema against the new one.
const previous = path.join(work, "previous-postgres.prisma");
const hadSchema = fs.existsSync(POSTGRES_SCHEMA);
if (hadSchema) fs.copyFileSync(POSTGRES_SCHEMA, previous);
fs.writeFileSync(POSTGRES_SCHEMA, postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
const from = hadSchema ? ["--from-schema-datamodel", previous] : ["--from-empty"];
// A datamodel-to-datamodel diff needs no database; a file URL keeps Prisma from connecting to one.
const postgresSql = prisma(sqliteUrl, "migrate", "diff", ...from, "--to-schema-datamodel", POSTGRES_SCHEMA, "--script");
if (empty(postgresSql)) console.log("Postgres: the migrations already match prisma/postgres/schema.prisma.");
else write(path.join("prisma", "postgres", "migrations"), postgresSql);
// Both clients, for this checkout's tests and type checks.
execFileSync("node", ["prisma/generate.mjs"], { stdio: "inherit" });
fs.rmSync(work, { recursive: true, force: true });
