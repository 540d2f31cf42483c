/**
 * A fresh, migrated SQLite file and the app's environment for one benchmark
 * process. Imported first, before any app module reads the environment.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { appEnv } from "../setup/config";

export const benchDir = path.join(os.tmpdir(), "seko-bench");
fs.mkdirSync(benchDir, { recursive: true });

const dbFile = path.join(benchDir, `bench-${process.pid}.sqlite`);
fs.rmSync(dbFile, { force: true });
execFileSync("prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, stdio: "pipe" });
Object.assign(process.env, appEnv({ appUrl: "http://localhost", databaseUrl: `file:${dbFile}` }), { NODE_ENV: "production", LOG_LEVEL: "error" });

export function removeDb() {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
}
