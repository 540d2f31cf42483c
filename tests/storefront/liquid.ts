/**
 * A local stand-in for Shopify's storefront Liquid, enough to render the returns-link extension's
 * real files (extensions/returns-link/) in unit tests and the storefront benchmark: liquidjs with
 * Shopify's `render` isolation, the `schema` tag (kept, not rendered), and the `t` filter reading
 * the extension's own locale files with en.default as the fallback, as Shopify does. Output is not
 * auto-escaped: Shopify does not escape either, so a missing `| escape` shows up here.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Liquid, Tag, type Context, type Emitter, type TagToken, type TopLevelToken } from "liquidjs";

export const EXTENSION_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../extensions/returns-link");

/** The storefront locales the extension ships (file names without .json; en.default is English). */
export function storefrontLocales(): string[] {
  return fs
    .readdirSync(path.join(EXTENSION_DIR, "locales"))
    .filter((file) => file.endsWith(".json") && !file.endsWith(".schema.json"))
    .map((file) => file.replace(/\.json$/, "").replace(/\.default$/, ""));
}

function readLocale(locale: string): Record<string, unknown> {
  const dir = path.join(EXTENSION_DIR, "locales");
  const file = [`${locale}.json`, `${locale}.default.json`].map((name) => path.join(dir, name)).find((candidate) => fs.existsSync(candidate));
  return file ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
}

function lookup(tree: Record<string, unknown>, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** The extension's CSS: the inline <style> of snippets/returns-link-styles.liquid. */
export function extensionCss(): string {
  const source = fs.readFileSync(path.join(EXTENSION_DIR, "snippets/returns-link-styles.liquid"), "utf8");
  const css = /<style>([\s\S]*?)<\/style>/.exec(source)?.[1];
  if (!css) throw new Error("snippets/returns-link-styles.liquid has no <style>");
  return css.trim();
}

/** The `{% schema %}` JSON of a block file. */
export function blockSchema(block: string): Record<string, unknown> {
  const source = fs.readFileSync(path.join(EXTENSION_DIR, "blocks", `${block}.liquid`), "utf8");
  const json = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/.exec(source)?.[1];
  if (!json) throw new Error(`blocks/${block}.liquid has no schema`);
  return JSON.parse(json) as Record<string, unknown>;
}

export function createStorefrontLiquid(locale = "en") {
  const strings = readLocale(locale);
  const fallback = readLocale("en");
  const engine = new Liquid({
    root: [path.join(EXTENSION_DIR, "snippets"), path.join(EXTENSION_DIR, "blocks")],
    extname: ".liquid",
    strictFilters: true,
    // Shopify renders a missing translation as a visible "translation missing" note: fail instead.
    renderLimit: 1000,
    parseLimit: 100_000,
  });
  engine.registerTag(
    "schema",
    class extends Tag {
      constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
        super(token, remain, liquid);
        // Skip to {% endschema %}: its JSON is configuration, never output.
        while (remain.length) {
          const next = remain.shift()!;
          if ("name" in next && (next as TagToken).name === "endschema") return;
        }
        throw new Error("{% schema %} without {% endschema %}");
      }
      *render(_ctx: Context, _emitter: Emitter) {}
    },
  );
  engine.registerFilter("t", (key: string) => {
    const text = lookup(strings, key) ?? lookup(fallback, key);
    if (text === undefined) throw new Error(`translation missing: ${locale}.${key}`);
    return text;
  });
  return engine;
}

/** The `app.metafields.returns_link` namespace as Liquid sees it: metafield objects with `.value`. */
export type ReturnsLinkMetafields = { portal_url?: string; live?: boolean; portal_set?: boolean; order_param?: string; email_param?: string };

export function appObject(values: ReturnsLinkMetafields) {
  const namespace: Record<string, { value: unknown }> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) namespace[key] = { value };
  return { metafields: { returns_link: namespace } };
}

export type BlockSettings = { text?: string; style?: string; alignment?: string; new_tab?: boolean };

/** Renders blocks/<block>.liquid as Shopify would on a page with these objects. */
export async function renderBlock(
  block: "returns-link" | "returns-embed",
  options: { locale?: string; metafields: ReturnsLinkMetafields; settings?: BlockSettings; order?: { name: string; email?: string | null } },
): Promise<string> {
  const engine = createStorefrontLiquid(options.locale);
  const source = fs.readFileSync(path.join(EXTENSION_DIR, "blocks", `${block}.liquid`), "utf8");
  // Shopify fills unset settings with the schema's defaults.
  const defaults = Object.fromEntries(((blockSchema(block).settings ?? []) as { id?: string; default?: unknown }[]).filter((s) => s.id && s.default !== undefined).map((s) => [s.id!, s.default]));
  return engine.parseAndRender(source, {
    app: appObject(options.metafields),
    block: { settings: { ...defaults, ...options.settings } },
    order: options.order,
  });
}
