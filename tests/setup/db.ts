import { Prisma } from "@prisma/client";
import { forgetCachedSessions } from "~/shopify/session-storage.server";
import { databaseDialect, db } from "~/utils/db.server";

// Children (models holding a foreign key) first, so deletes never trip a constraint.
const tables = [...Prisma.dmmf.datamodel.models].sort((a, b) => Number(hasForeignKey(b)) - Number(hasForeignKey(a))).map((model) => model.dbName ?? model.name);

function hasForeignKey(model: (typeof Prisma.dmmf.datamodel.models)[number]) {
  return model.fields.some((field) => (field.relationFromFields?.length ?? 0) > 0);
}

let existing: Promise<string[]> | undefined;

/**
 * The models' tables that the migrations created. A model without one (a migration not written
 * yet) fails app/utils/db.server.test.ts and tests/db/migrations.test.ts, not every test's reset.
 */
function migratedTables() {
  existing ??= (async () => {
    const rows =
      databaseDialect() === "postgres"
        ? await db.$queryRaw<{ name: string }[]>`SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public'`
        : await db.$queryRaw<{ name: string }[]>`SELECT name FROM sqlite_master WHERE type = 'table'`;
    const names = new Set(rows.map((row) => row.name));
    return tables.filter((table) => names.has(table));
  })();
  return existing;
}

/** Empties every table of this worker's database. */
export async function resetDatabase() {
  for (const table of await migratedTables()) await db.$executeRawUnsafe(`DELETE FROM "${table}"`);
  forgetCachedSessions();
}

/**
 * Makes inserts into `table` fail with `message` while `when` (SQL over NEW) holds: a full disk in
 * the middle of a write, on either database. Returns the function that removes it.
 */
export async function failInsertsWhen(table: string, when: string, message: string) {
  const name = `fail_${table.toLowerCase()}`;
  if (databaseDialect() === "postgres") {
    await db.$executeRawUnsafe(`CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION "${name}"()`);
    return async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER "${name}" ON "${table}"`);
      await db.$executeRawUnsafe(`DROP FUNCTION "${name}"`);
    };
  }
  await db.$executeRawUnsafe(`CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" WHEN ${when} BEGIN SELECT RAISE(ABORT, '${message}'); END`);
  return async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER "${name}"`);
  };
}
