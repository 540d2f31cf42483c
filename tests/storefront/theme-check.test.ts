/**
 * Shopify's own linter for themes and theme app extensions, run on extensions/returns-link/ with the
 * configuration the CLI uses for an extension folder (theme-check:theme-app-extension, picked from
 * its shopify.extension.toml). Errors, warnings and suggestions all fail.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { check } from "@shopify/theme-check-node";
import { describe, expect, test } from "vitest";
import { EXTENSION_DIR } from "./liquid";

const describeOffenses = (offenses: Awaited<ReturnType<typeof check>>) =>
  offenses.map((o) => `${path.relative(EXTENSION_DIR, new URL(o.uri).pathname)}: ${o.check} (severity ${o.severity}) ${o.message}`);

describe("theme-check on extensions/returns-link", () => {
  test("reports nothing", async () => {
    expect(describeOffenses(await check(EXTENSION_DIR))).toEqual([]);
  }, 30_000);

  test("would catch what matters here: a missing translation, an unknown filter, a script tag", async () => {
    // A copy with three planted faults, so a check that silently checks nothing cannot pass above.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "returns-link-"));
    try {
      fs.cpSync(EXTENSION_DIR, copy, { recursive: true });
      fs.appendFileSync(path.join(copy, "snippets/returns-link.liquid"), `{{ 'returns_link.nope' | t }}{{ 'x' | not_a_filter }}<script src="https://cdn.example.test/x.js"></script>\n`);
      const found = new Set((await check(copy)).map((o) => o.check));
      for (const name of ["TranslationKeyExists", "UnknownFilter", "ParserBlockingScript"]) expect(found.has(name), name).toBe(true);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  }, 30_000);
});
