import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import type { Client, Config } from "@libsql/client";
import { env } from "./env.server";
import { sqliteConnection } from "./sqlite.server";

declare global {
  // One client across Vite's module reloads in development.
  // eslint-disable-next-line no-var
  var prismaGlobal: PrismaClient | undefined;
}

/**
 * Prisma's libSQL adapter over the process's one SQLite connection (pragmas,
 * and why one: app/utils/sqlite.server.ts), instead of a client of its own.
 */
class SharedConnectionAdapter extends PrismaLibSQL {
  createClient(config: Config): Client {
    const shared = config.url === env().DATABASE_URL ? sqliteConnection() : null;
    return shared?.forPrisma() ?? super.createClient(config);
  }
}

function createClient() {
  return new PrismaClient({ adapter: new SharedConnectionAdapter({ url: env().DATABASE_URL }) });
}

export const db: PrismaClient = globalThis.prismaGlobal ?? createClient();

if (env().NODE_ENV !== "production") globalThis.prismaGlobal = db;
