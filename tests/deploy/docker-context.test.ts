import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { contextFiles, contextRules, readIgnoreFile } from "./docker-context";

// The image must hold no database, env file or demo data (docs/deployment.md), and everything the
// Dockerfile builds from. These tests read the repository's .dockerignore with Docker's rules.
const rules = contextRules(fs.readFileSync(".dockerignore", "utf8"));

describe("Docker's ignore rules, as implemented here", () => {
  const excluded = (ignoreFile: string, file: string) => contextRules(ignoreFile).excludes(file);

  it("matches a pattern against the whole path from the root, so a bare `*.sqlite` misses prisma/dev.sqlite", () => {
    expect(excluded("*.sqlite", "dev.sqlite")).toBe(true);
    expect(excluded("*.sqlite", "prisma/dev.sqlite")).toBe(false);
    expect(excluded("**/*.sqlite", "prisma/dev.sqlite")).toBe(true);
    expect(excluded("**/*.sqlite", "dev.sqlite")).toBe(true);
    expect(excluded("prisma/*.sqlite", "prisma/nested/dev.sqlite")).toBe(false);
  });

  it("excludes everything under an excluded directory, and `**` crosses directories", () => {
    expect(excluded(".demo", ".demo/mail/1.eml")).toBe(true);
    expect(excluded(".demo", "tests/.demo/x")).toBe(false);
    expect(excluded("**/.demo", "tests/.demo/x")).toBe(true);
    expect(excluded("a/**/b", "a/b")).toBe(true);
    expect(excluded("a/**/b", "a/x/y/b/c")).toBe(true);
    expect(excluded("a/**", "a/x")).toBe(true);
    expect(excluded("a/**", "ab")).toBe(false);
  });

  it("reads lines as Docker does: comments, spaces, `./` and a leading `/` cleaned away", () => {
    expect(readIgnoreFile("# note\n  /build/  \n\n! ./keep.txt\n./a/../b\n")).toEqual(["build", "!keep.txt", "b"]);
    expect(excluded("/build", "build/index.js")).toBe(true);
    expect(excluded("# *.sqlite", "# x.sqlite")).toBe(false);
  });

  it("lets the last matching pattern decide, `!` bringing a path back", () => {
    expect(excluded("*.md\n!README.md", "README.md")).toBe(false);
    expect(excluded("*.md\n!README.md", "NOTES.md")).toBe(true);
    expect(excluded("!README.md\n*.md", "README.md")).toBe(true);
    expect(excluded("docs\n!docs/keep.md", "docs/keep.md")).toBe(false);
  });

  it("treats `*` and `?` as never crossing a slash, `[...]` as a class, and `.` literally", () => {
    expect(excluded("a*", "ab/c")).toBe(true); // the parent directory `ab` matches
    expect(excluded("*/c", "a/b/c")).toBe(false);
    expect(excluded("?.db", "x.db")).toBe(true);
    expect(excluded("?.db", "x/y.db")).toBe(false);
    expect(excluded("[ab].txt", "b.txt")).toBe(true);
    expect(excluded("[ab].txt", "c.txt")).toBe(false);
    expect(excluded("a.b", "axb")).toBe(false);
  });
});

describe("the repository's build context", () => {
  it.each([
    "dev.sqlite",
    "prisma/dev.sqlite",
    "prisma/dev.sqlite-wal",
    "prisma/dev.sqlite-shm",
    "prisma/dev.sqlite-journal",
    "prisma/data/app.sqlite",
    "data/app.db",
    "data/app.db-wal",
    ".demo/demo.sqlite",
    ".demo/mail/message.eml",
    "tests/.demo/demo.sqlite",
    "tests/.db/run-1/template.sqlite",
    ".env",
    ".env.local",
    ".env.production",
    "prisma/.env",
    "app/.env.local",
    "extensions/customer-account-returns/.env",
    "node_modules/pg/package.json",
    "build/server/index.js",
    ".git/config",
    ".shopify/project.json",
  ])("leaves out %s", (file) => {
    expect(rules.excludes(file)).toBe(true);
  });

  // What the Dockerfile copies from the context (`COPY . .`, then npm ci and the build) and what the
  // final stage takes from it besides the build's own output.
  it.each([
    "package.json",
    "package-lock.json",
    "prisma.config.ts",
    "tsconfig.json",
    "vite.config.ts",
    "prisma/schema.prisma",
    "prisma/postgres/schema.prisma",
    "prisma/deploy.mjs",
    "prisma/generate.mjs",
    "prisma/migrations/migration_lock.toml",
    "prisma/migrations/20261126000000_init/migration.sql",
    "prisma/postgres/migrations/20261201033000_init/migration.sql",
    "app/utils/dialect.ts",
    "app/root.tsx",
    "public/favicon.ico",
  ])("keeps %s", (file) => {
    expect(rules.excludes(file)).toBe(false);
  });

  it("keeps every file the final stage copies from the build stage's /app, except the build's own output", () => {
    const dockerfile = fs.readFileSync("Dockerfile", "utf8");
    const sources = [...dockerfile.matchAll(/^COPY --from=build\b[^\n]*?((?:\s\/app\/\S+)+)\s+\S+$/gm)].flatMap((match) => match[1]!.trim().split(/\s+/));
    const fromContext = sources.map((source) => source.replace(/^\/app\//, "")).filter((source) => !["build", "node_modules"].includes(source));
    expect(fromContext).toEqual(expect.arrayContaining(["package.json", "prisma", "app/utils/dialect.ts"]));
    const present = contextFiles(".", rules);
    for (const source of fromContext) {
      expect(
        present.some((file) => file === source || file.startsWith(`${source}/`)),
        source,
      ).toBe(true);
    }
    // Every migration of both databases is in the context.
    for (const dir of ["prisma/migrations", "prisma/postgres/migrations"]) {
      for (const name of fs.readdirSync(dir).filter((entry) => fs.statSync(`${dir}/${entry}`).isDirectory())) {
        expect(present, `${dir}/${name}`).toContain(`${dir}/${name}/migration.sql`);
      }
    }
  });

  it("holds no database, env file or demo data among the files of this checkout", () => {
    const leaked = contextFiles(".", rules).filter((file) => /(^|\/)\.env|\.sqlite|\.db(-|$)|(^|\/)\.demo\//.test(file));
    expect(leaked).toEqual([]);
  });
});
