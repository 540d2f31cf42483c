import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { deployPostgres } from "../../prisma/deploy.mjs";
import { adminQuery, withDatabase } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated SQLite file, or the name of a migrated Postgres template database. */
    templateDb: string;
    /** Set on the Postgres run (`npm test` runs the suite on SQLite, then on Postgres). */
    postgresUrl: string | undefined;
  }
}

/**
 * Migrates one template database per run; each worker copies it
 * (tests/setup/setup-test-env.ts). On SQLite a file in a directory per run, which keeps
 * concurrent runs (two terminals, an editor's runner) from deleting each other's files. On
 * Postgres (TEST_POSTGRES_URL, a server tests/run-all.ts starts) a template database per run.
 */
export default async function setup(project: TestProject) {
  const postgresUrl = process.env.TEST_POSTGRES_URL || undefined;
  if (postgresUrl) {
    const template = `template_${process.pid}`;
    await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${template}`, `CREATE DATABASE ${template}`);
    await deployPostgres(withDatabase(postgresUrl, template), { log: () => undefined });
    project.provide("templateDb", template);
    project.provide("postgresUrl", postgresUrl);
    return () => adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  }
  const dir = path.resolve("tests/.db", `run-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const templateDb = path.join(dir, "template.sqlite");
  execFileSync("prisma", ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${templateDb}` },
    stdio: "pipe",
  });
  project.provide("templateDb", templateDb);
  project.provide("postgresUrl", undefined);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
