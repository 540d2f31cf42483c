import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The modules a file takes into the browser: its imports that are not type-only, followed through
 * the app's own files (`~/`, `./`). zod is about 95 KB of script a page downloads and compiles;
 * a page whose components only show what the loader sent must not load it for one helper that
 * happens to live next to a schema (docs/benchmarks.md, the admin pages in the browser).
 */
function reachable(file: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(file)) return seen;
  const source = fs.readFileSync(file, "utf8");
  const specifiers = [...source.matchAll(/^import\s+(type\s+)?([^"';]*?)\s*from\s+["']([^"']+)["'];?$/gm)]
    .filter(([, typeOnly, names]) => !typeOnly && !/^\{\s*(type\s+\w+\s*,?\s*)+\}$/.test(names!.trim()))
    .map(([, , , specifier]) => specifier!);
  seen.set(file, specifiers);
  for (const specifier of specifiers) {
    const base = specifier.startsWith("~/") ? path.join("app", specifier.slice(2)) : specifier.startsWith(".") ? path.join(path.dirname(file), specifier) : null;
    if (!base) continue;
    const found = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
    if (found) reachable(found, seen);
  }
  return seen;
}

function zodImporters(entry: string) {
  return [...reachable(entry)].filter(([, specifiers]) => specifiers.some((specifier) => specifier === "zod" || specifier.startsWith("@conform-to/zod"))).map(([file]) => file);
}

describe("browser code that shows what the loader sent loads no zod", () => {
  it("the theme check of Home, Storefront and go-live (PlacementStatus)", () => {
    expect(zodImporters("app/components/storefront/PlacementStatus.tsx")).toEqual([]);
  });

  it("the return statuses Settings and the notification steps list", () => {
    expect(zodImporters("app/routes/app.settings/ReturnsInShopifyCard.tsx")).toEqual([]);
    expect(zodImporters("app/notifications/statuses.ts")).toEqual([]);
  });

  it("the walk does find zod where a module imports it", () => {
    expect(zodImporters("app/storefront/link.ts")).toEqual(["app/storefront/link.ts"]);
  });
});
