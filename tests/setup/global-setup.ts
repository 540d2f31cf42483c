import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}

/**
 * Migrates one template database per run; each worker copies it
 * (tests/setup/setup-test-env.ts). A directory per run keeps concurrent runs
 * (two terminals, an editor's runner) from deleting each other's files.
 */
export default function setup(project: TestProject) {
  const dir = path.resolve("tests/.db", `run-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const templateDb = path.join(dir, "template.sqlite");
  execFileSync("prisma", ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${templateDb}` },
    stdio: "pipe",
  });
  project.provide("templateDb", templateDb);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
