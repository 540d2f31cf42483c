/**
 * One source of truth for the database's shape: `prisma/schema.prisma` (SQLite, the embedded
 * default). The Postgres schema is derived from it, never edited by hand: the same models with
 * `provider = "postgresql"` and a client generated into its own folder (a Prisma client is
 * compiled for one provider). `npm run db:migration` writes both files and a migration for each;
 * tests/db/migrations.test.ts fails when either dialect's migrations drift from its schema.
 * docs/decisions/011-sqlite-and-postgres.md.
 */
import { POSTGRES_CLIENT_DIR } from "../app/utils/dialect";

export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const POSTGRES_SCHEMA = "prisma/postgres/schema.prisma";

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:migration\` (prisma/dialects.ts): do not edit.
// The Postgres twin of the SQLite schema; its migrations are in prisma/postgres/migrations.
`;

export function postgresSchema(sqliteSchema: string): string {
  const body = sqliteSchema
    // The SQLite file's own opening comment describes the SQLite file.
    .slice(sqliteSchema.indexOf("generator client"))
    .replace(/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
    .replace(/(generator client \{[^}]*engineType\s*=\s*"client")/, `$1\n  output     = "../../${POSTGRES_CLIENT_DIR}"`);
  if (!body.includes('"postgresql"') || !body.includes(POSTGRES_CLIENT_DIR)) {
    throw new Error("prisma/schema.prisma no longer has the datasource/generator shape prisma/dialects.ts rewrites");
  }
  return HEADER + body;
}
