import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
 * the SQL that takes the database the existing migrations build to prisma/schema.prisma.
 * (`prisma migrate dev` misreports drift with the JS engine on SQLite: docs/decisions/002.)
 * app/utils/db.server.test.ts fails when a model or field has no migrated column.
 */
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(1);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), "migration-"));
const env = { ...process.env, DATABASE_URL: `file:${path.join(work, "current.sqlite")}` };
const prisma = (...args: string[]) => execFileSync("prisma", args, { env, stdio: ["ignore", "pipe", "pipe"] }).toString();

prisma("migrate", "deploy");
const pulled = prisma("db", "pull", "--print");
const current = path.join(work, "current.prisma");
fs.writeFileSync(current, pulled.slice(pulled.indexOf("generator")));
const sql = prisma("migrate", "diff", "--from-schema-datamodel", current, "--to-schema-datamodel", "prisma/schema.prisma", "--script");
fs.rmSync(work, { recursive: true, force: true });

if (/^-- This is an empty migration/.test(sql.trim())) {
  console.log("The migrations already match prisma/schema.prisma: nothing written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Wrote ${dir}/migration.sql`);
