import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import { env } from "./env.server";

declare global {
  // One client across Vite's module reloads in development.
  // eslint-disable-next-line no-var
  var prismaGlobal: PrismaClient | undefined;
}

function createClient() {
  return new PrismaClient({ adapter: new PrismaLibSQL({ url: env().DATABASE_URL }) });
}

export const db: PrismaClient = globalThis.prismaGlobal ?? createClient();

if (env().NODE_ENV !== "production") globalThis.prismaGlobal = db;
