import { execFileSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { expect, inject, test } from "vitest";
import { POSTGRES_SCHEMA, postgresSchema, SQLITE_SCHEMA } from "../../prisma/dialects";
import { adminQuery, withDatabase } from "../setup/postgres";

/**
 * The two dialects stay in step (docs/decisions/011-sqlite-and-postgres.md): prisma/schema.prisma
 * is the source, prisma/postgres/schema.prisma is derived from it, and each dialect's migrations
 * build exactly its schema. `npm run db:migration -- <name>` keeps all of that true.
 */

test("the Postgres schema is the one generated from prisma/schema.prisma (run npm run db:migration after editing it)", () => {
  const expected = postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(expected);
});

type Catalog = { columns: string[]; indexes: string[]; constraints: string[] };

async function catalog(url: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ line: string }>(`
      SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1`);
    const indexes = await client.query<{ line: string }>(`
      SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`);
    const constraints = await client.query<{ line: string }>(`
      SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1`);
    return { columns: columns.rows.map((r) => r.line), indexes: indexes.rows.map((r) => r.line), constraints: constraints.rows.map((r) => r.line) };
  } finally {
    await client.end();
  }
}

const postgresUrl = inject("postgresUrl");

test.runIf(postgresUrl)("Postgres: the migrations build exactly what prisma/postgres/schema.prisma describes", async () => {
  // This worker's database was built by prisma/deploy.mjs from prisma/postgres/migrations; a
  // second one is built straight from the schema, and their catalogs must be the same.
  const url = postgresUrl as string;
  const fromSchema = `from_schema_${process.pid}`;
  const script = execFileSync("prisma", ["migrate", "diff", "--from-empty", "--to-schema-datamodel", POSTGRES_SCHEMA, "--script"], {
    env: { ...process.env, DATABASE_URL: "file:./unused.sqlite" },
    stdio: ["ignore", "pipe", "pipe"],
  }).toString();
  await adminQuery(url, `DROP DATABASE IF EXISTS ${fromSchema}`, `CREATE DATABASE ${fromSchema}`);
  try {
    const client = new pg.Client({ connectionString: withDatabase(url, fromSchema) });
    await client.connect();
    await client.query(script);
    await client.end();
    const migrated = await catalog(process.env.DATABASE_URL as string);
    const expected = await catalog(withDatabase(url, fromSchema));
    expect(migrated.columns).toEqual(expected.columns);
    expect(migrated.indexes).toEqual(expected.indexes);
    expect(migrated.constraints).toEqual(expected.constraints);
    expect(migrated.columns.length).toBeGreaterThan(50);
  } finally {
    await adminQuery(url, `DROP DATABASE IF EXISTS ${fromSchema} WITH (FORCE)`);
  }
});
