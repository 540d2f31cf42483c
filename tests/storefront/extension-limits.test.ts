/**
 * What the Shopify CLI and Shopify enforce on a theme app extension, checked before a deploy would
 * refuse it. Limits from Shopify's theme app extension docs ("File and content size limits") and the
 * CLI's own validator (@shopify/cli, theme extension pre-deploy): where the two differ the stricter
 * one is used. docs/storefront.md lists them.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { blockSchema, EXTENSION_DIR, extensionCss, storefrontLocales } from "./liquid";

const KB = 1024;
const LIMITS = {
  /** The CLI refuses a bundle over 10 MB. */
  bundleBytes: 10 * KB * KB,
  /** All Liquid (blocks and snippets): 100 KB in Shopify's docs; the installed CLI checks 500 KB. */
  liquidBytes: 100 * KB,
  /** Each locale file. */
  localeBytes: 15 * KB,
  /** Blocks per extension (30 since February 2026). */
  blocks: 30,
  /** This product's own budget for CSS (the target; Shopify's suggestion for a stylesheet is 100 KB). */
  cssBytes: 2 * KB,
};
const DIRECTORIES = ["assets", "blocks", "locales", "snippets"];

function files(dir = EXTENSION_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}
const rel = (file: string) => path.relative(EXTENSION_DIR, file);
const size = (file: string) => fs.statSync(file).size;

describe("extensions/returns-link within Shopify's limits", () => {
  const all = files();

  test("only the folders and file types the CLI accepts", () => {
    const misplaced = all.map(rel).filter((file) => file !== "shopify.extension.toml" && !DIRECTORIES.includes(file.split(path.sep)[0]!));
    expect(misplaced).toEqual([]);
    expect(all.map(rel).filter((f) => /^(blocks|snippets)\//.test(f) && !f.endsWith(".liquid"))).toEqual([]);
    expect(all.map(rel).filter((f) => f.startsWith("locales/") && !f.endsWith(".json"))).toEqual([]);
    expect(fs.readFileSync(path.join(EXTENSION_DIR, "shopify.extension.toml"), "utf8")).toMatch(/^type = "theme"$/m);
  });

  test("bundle and Liquid sizes", () => {
    const bundle = all.reduce((sum, file) => sum + size(file), 0);
    const liquid = all.filter((f) => /^(blocks|snippets)\//.test(rel(f))).reduce((sum, file) => sum + size(file), 0);
    expect(bundle).toBeLessThan(LIMITS.bundleBytes);
    expect(liquid).toBeGreaterThan(0);
    expect(liquid).toBeLessThan(LIMITS.liquidBytes);
  });

  test("block count, and one app embed among them", () => {
    const blocks = all.filter((f) => rel(f).startsWith("blocks/"));
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    const targets = blocks.map((f) => blockSchema(path.basename(f, ".liquid")).target);
    expect(targets.sort()).toEqual(["body", "section"]);
  });

  test("each locale file within 15 KB; every storefront locale has its schema translations and the same keys as English", () => {
    const locales = all.filter((f) => rel(f).startsWith("locales/"));
    expect(locales.filter((f) => size(f) > LIMITS.localeBytes).map(rel)).toEqual([]);
    const keys = (file: string): string[] => {
      const walk = (node: unknown, prefix: string): string[] =>
        typeof node === "object" && node !== null ? Object.entries(node).flatMap(([k, v]) => walk(v, prefix ? `${prefix}.${k}` : k)) : [prefix];
      return walk(JSON.parse(fs.readFileSync(file, "utf8")), "").sort();
    };
    const dir = path.join(EXTENSION_DIR, "locales");
    for (const locale of storefrontLocales()) {
      const base = locale === "en" ? "en.default" : locale;
      expect(keys(path.join(dir, `${base}.json`)), locale).toEqual(keys(path.join(dir, "en.default.json")));
      expect(keys(path.join(dir, `${base}.schema.json`)), locale).toEqual(keys(path.join(dir, "en.default.schema.json")));
    }
    expect(storefrontLocales().sort()).toEqual(expect.arrayContaining(["de", "en", "es", "fr", "it", "ja", "nl"]));
  });

  test("no JavaScript, and CSS within the 2 KB budget: one inline <style>, no stylesheet to request", () => {
    expect(all.filter((f) => /\.(js|css)$/.test(f)).map(rel)).toEqual([]);
    expect(all.filter((f) => /<script|\{%-?\s*javascript/.test(fs.readFileSync(f, "utf8"))).map(rel)).toEqual([]);
    const styles = all.filter((f) => /<style>/.test(fs.readFileSync(f, "utf8"))).map(rel);
    expect(styles).toEqual([path.join("snippets", "returns-link-styles.liquid")]);
    const css = extensionCss();
    expect(css.length).toBeGreaterThan(100);
    expect(Buffer.byteLength(css)).toBeLessThan(LIMITS.cssBytes);
    // Every block schema leaves stylesheets out: Shopify would add a render-blocking request per page.
    for (const block of ["returns-link", "returns-embed"]) expect(blockSchema(block)).not.toHaveProperty("stylesheet");
  });
});
