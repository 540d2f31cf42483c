#!/usr/bin/env node
/**
 * `postinstall`: generates both Prisma clients (docs/decisions/011-sqlite-and-postgres.md).
 * - the default client (`@prisma/client`) from prisma/schema.prisma, for SQLite;
 * - the Postgres client from prisma/postgres/schema.prisma, into node_modules/.prisma/postgres-client.
 * Prisma copies its runtime into a client generated to a folder of its own. The copy is pointed
 * back at `@prisma/client/runtime/client.js` (the same version, byte for byte but a banner), so
 * `Prisma.sql`, `Prisma.join` and `instanceof Prisma.PrismaClientKnownRequestError` from
 * `@prisma/client` mean the same thing whichever database is in use.
 * No database is contacted; the URLs only pick the schema in prisma.config.ts.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const generate = (url) =>
  execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["generate"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "ignore", "inherit"] });

generate("file:./prisma/dev.sqlite");
generate("postgresql://localhost/generate");
const runtime = path.join(root, "node_modules", ".prisma", "postgres-client", "runtime", "client.js");
fs.writeFileSync(runtime, '"use strict";\n// prisma/generate.mjs: one runtime for both clients.\nmodule.exports = require("@prisma/client/runtime/client.js");\n');
const types = path.join(path.dirname(runtime), "client.d.ts");
fs.writeFileSync(types, 'export * from "@prisma/client/runtime/client";\n');
console.log("Prisma clients generated (SQLite and Postgres)");
