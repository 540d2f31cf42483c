/**
 * The two databases the app runs on (docs/decisions/011-sqlite-and-postgres.md): a SQLite file,
 * the embedded default (demo, tests, one small instance), and Postgres for several instances
 * sharing one database. Which one is chosen by `DATABASE_URL` alone.
 */
export type Dialect = "sqlite" | "postgres";

/** Where `prisma generate` writes the Postgres client (a Prisma client is compiled for one provider). */
export const POSTGRES_CLIENT_DIR = "node_modules/.prisma/postgres-client";

export function dialectOf(url: string): Dialect {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new Error(`DATABASE_URL must name a SQLite file (file:...) or a Postgres database (postgresql://...), not "${url.split(":")[0]}:"`);
}
