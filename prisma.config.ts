import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import type { PrismaConfig } from "prisma";

// Prisma's WASM schema engine runs migrations through the libSQL adapter, so
// no engine binary is ever downloaded (docs/decisions/002-prisma-without-engine-downloads.md).
export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set (see .env.example)");
    return new PrismaLibSQL({ url });
  },
} satisfies PrismaConfig;
