import { Prisma } from "@prisma/client";
import { forgetCachedSessions } from "~/shopify/session-storage.server";
import { db } from "~/utils/db.server";

// Children (models holding a foreign key) first, so deletes never trip a constraint.
const tables = [...Prisma.dmmf.datamodel.models]
  .sort((a, b) => Number(hasForeignKey(b)) - Number(hasForeignKey(a)))
  .map((model) => model.dbName ?? model.name);

function hasForeignKey(model: (typeof Prisma.dmmf.datamodel.models)[number]) {
  return model.fields.some((field) => (field.relationFromFields?.length ?? 0) > 0);
}

/** Empties every table of this worker's database. */
export async function resetDatabase() {
  for (const table of tables) await db.$executeRawUnsafe(`DELETE FROM "${table}"`);
  forgetCachedSessions();
}
