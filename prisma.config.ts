import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaConfig } from "prisma";
import { dialectOf } from "./app/utils/dialect";

// Prisma's WASM schema engine runs migrations through a driver adapter, so no engine binary is
// ever downloaded (docs/decisions/002-prisma-without-engine-downloads.md). DATABASE_URL picks the
// database: a SQLite file (prisma/schema.prisma, prisma/migrations) or Postgres
// (prisma/postgres/schema.prisma, prisma/postgres/migrations), docs/decisions/011-sqlite-and-postgres.md.
const url = process.env.DATABASE_URL;
const postgres = url !== undefined && dialectOf(url) === "postgres";

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? path.join("prisma", "postgres", "schema.prisma") : path.join("prisma", "schema.prisma"),
  async adapter() {
    if (!url) throw new Error("DATABASE_URL is not set (see .env.example)");
    return postgres ? new PrismaPg({ connectionString: url }) : new PrismaLibSQL({ url });
  },
} satisfies PrismaConfig;
