import { Prisma } from "@prisma/client";
import { expect, test } from "vitest";
import { databaseDialect, db } from "./db.server";

async function columnsOf(table: string) {
  if (databaseDialect() === "postgres") {
    return db.$queryRaw<{ name: string }[]>`SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table}`;
  }
  return db.$queryRawUnsafe<{ name: string }[]>(`PRAGMA table_info("${table}")`);
}

test("every model and field in the schema has a migrated column (no forgotten migration)", async () => {
  for (const model of Prisma.dmmf.datamodel.models) {
    const table = model.dbName ?? model.name;
    const columns = await columnsOf(table);
    const names = new Set(columns.map((column) => column.name));
    const scalar = model.fields.filter((field) => field.kind !== "object").map((field) => field.dbName ?? field.name);
    expect(
      scalar.filter((field) => !names.has(field)),
      `${table} columns missing from migrations`,
    ).toEqual([]);
  }
});
