/**
 * The simulated store's published theme as far as theme app extensions go: where our app embed and
 * app block sit in its files, what the theme editor changes when a merchant switches the embed on or
 * adds the block, and what App Bridge's `shopify.app.extensions()` reports from that. Shopify writes
 * an app embed into config/settings_data.json (`current.blocks`) and an app block into a template's
 * JSON, each with `type: shopify://apps/<app handle>/blocks/<block handle>/<extension uid>`.
 */
import type { DemoStore, DemoThemeFile } from "../fixtures/demo-store";

export const APP_HANDLE = "seko-returns";
export const EXTENSION_HANDLE = "returns-link";
/** The extension's uid as a deploy would assign it (any stable value will do offline). */
export const EXTENSION_UID = "0199d1f2-5e7a-7c3b-9a41-2f6e8b1c0d55";
const BLOCKS = [
  { handle: "returns-embed", name: "Returns link", target: "body" },
  { handle: "returns-link", name: "Start a return", target: "section" },
] as const;

const blockType = (handle: string) => `shopify://apps/${APP_HANDLE}/blocks/${handle}/${EXTENSION_UID}`;

type ThemeJson = { current?: { blocks?: Record<string, { type: string; disabled?: boolean; settings?: object }> }; sections?: Record<string, ThemeSection>; order?: string[] };
type ThemeSection = { type: string; blocks?: Record<string, { type: string; disabled?: boolean; settings?: object }>; block_order?: string[]; settings?: object };

function mainTheme(store: DemoStore) {
  const theme = store.themes.find((t) => t.role === "MAIN");
  if (!theme) throw new Error("The simulated store has no published theme");
  return theme;
}

/** Shopify's theme JSON files open with a generated /* comment *\/ before the JSON. */
function readJson(file: DemoThemeFile): ThemeJson {
  return JSON.parse(file.content.replace(/^\s*\/\*[\s\S]*?\*\/\s*/, "")) as ThemeJson;
}

function writeJson(file: DemoThemeFile, json: ThemeJson) {
  const header = /^\s*\/\*[\s\S]*?\*\/\s*/.exec(file.content)?.[0] ?? "";
  file.content = `${header}${JSON.stringify(json, null, 2)}\n`;
  file.updatedAt = new Date().toISOString();
}

function file(store: DemoStore, filename: string) {
  return mainTheme(store).files.find((f) => f.filename === filename);
}

/** What the theme editor's App embeds toggle does: adds our embed to settings_data.json, or flips `disabled`. */
export function setEmbedEnabled(store: DemoStore, enabled: boolean) {
  const settings = file(store, "config/settings_data.json");
  if (!settings) throw new Error("The published theme has no config/settings_data.json");
  const json = readJson(settings);
  const blocks = ((json.current ??= {}).blocks ??= {});
  const type = blockType("returns-embed");
  const id = Object.keys(blocks).find((key) => blocks[key]!.type === type) ?? `${Math.floor(Math.random() * 1e18)}`;
  blocks[id] = { type, disabled: !enabled, settings: blocks[id]?.settings ?? {} };
  writeJson(settings, json);
  mainTheme(store).updatedAt = settings.updatedAt;
}

/** What "Add block" in a template's new Apps section does. */
export function addAppBlock(store: DemoStore, template: string) {
  const filename = `templates/${template}.json`;
  let target = file(store, filename);
  if (!target) {
    const now = new Date().toISOString();
    target = { filename, contentType: "application/json", content: JSON.stringify({ sections: {}, order: [] }), createdAt: now, updatedAt: now };
    mainTheme(store).files.push(target);
  }
  const json = readJson(target);
  const sections = (json.sections ??= {});
  sections.apps = { type: "apps", blocks: { returns_link_demo: { type: blockType("returns-link"), settings: {} } }, block_order: ["returns_link_demo"], settings: {} };
  json.order = [...new Set([...(json.order ?? []), "apps"])];
  writeJson(target, json);
}

/** What removing the app block does, on one template or on every template that has it. */
export function removeAppBlocks(store: DemoStore, template?: string) {
  const type = blockType("returns-link");
  const templates = mainTheme(store).files.filter((f) => /^templates\/.+\.json$/.test(f.filename) && (template === undefined || f.filename === `templates/${template}.json`));
  for (const target of templates) {
    const json = readJson(target);
    let changed = false;
    for (const section of Object.values(json.sections ?? {})) {
      for (const [blockId, block] of Object.entries(section.blocks ?? {})) {
        if (block.type !== type) continue;
        delete section.blocks![blockId];
        section.block_order = (section.block_order ?? []).filter((id: string) => id !== blockId);
        changed = true;
      }
    }
    if (changed) writeJson(target, json);
  }
}

/** The customer-account extension's order-status block, placed or not in the customer accounts editor (per store). */
const statusBlockPlaced = new WeakMap<DemoStore, boolean>();

/** What adding (or removing) the return-status block in the customer accounts editor does. */
export function setStatusBlockPlaced(store: DemoStore, placed: boolean) {
  statusBlockPlaced.set(store, placed);
}

/**
 * App Bridge's answer for this app: the theme app extension on the published theme, and the
 * customer-account UI extension with the targets where it is live (the order action renders once
 * the app is installed; the status block once the merchant places it).
 */
export function extensionsReport(store: DemoStore, available: boolean) {
  return [...themeExtensionReport(store, available), customerAccountReport(store)];
}

function customerAccountReport(store: DemoStore) {
  return {
    handle: "customer-account-returns",
    type: "ui_extension",
    activations: [{ target: "customer-account.order.action.menu-item.render" }, ...(statusBlockPlaced.get(store) ? [{ target: "customer-account.order-status.block.render" }] : [])],
  };
}

/**
 * App Bridge's answer for this app on the published theme. A block whose `available_if` is false
 * (no portal address saved: `portal_set`) is `unavailable` wherever it sits; otherwise `active` once
 * placed or switched on, `available` while not.
 */
function themeExtensionReport(store: DemoStore, available: boolean) {
  const theme = mainTheme(store);
  const placements = new Map<string, { target: string; themeId: string }[]>(BLOCKS.map((b) => [b.handle, []]));
  for (const themeFile of theme.files) {
    if (!themeFile.filename.endsWith(".json")) continue;
    const json = readJson(themeFile);
    for (const block of Object.values(json.current?.blocks ?? {})) {
      const embed = BLOCKS.find((b) => block.type === blockType(b.handle));
      if (embed && !block.disabled) placements.get(embed.handle)!.push({ target: embed.target, themeId: theme.id });
    }
    const template = /^templates\/(.+)\.json$/.exec(themeFile.filename)?.[1];
    for (const [sectionId, section] of Object.entries(json.sections ?? {})) {
      for (const [blockId, block] of Object.entries(section.blocks ?? {})) {
        const handle = BLOCKS.find((b) => block.type === blockType(b.handle))?.handle;
        if (handle && !block.disabled && template) placements.get(handle)!.push({ target: `template--${template}/${sectionId}/${blockId}`, themeId: theme.id });
      }
    }
  }
  return [
    {
      handle: EXTENSION_HANDLE,
      type: "theme_app_extension",
      activations: BLOCKS.map((b) => {
        const found = placements.get(b.handle)!;
        return { handle: b.handle, name: b.name, target: b.target, status: !available ? "unavailable" : found.length ? "active" : "available", activations: available ? found : [] };
      }),
    },
  ];
}

/** A template as the theme editor's sidebar lists it: its sections in order, with their blocks; ours marked. */
export type TemplateOutline = { id: string; type: string; blocks: { id: string; type: string; ours: boolean }[] }[];

/** The published theme's templates (templates/*.json), and the sections of one of them. */
export function themeOutline(store: DemoStore, template: string): { theme: string; templates: string[]; sections: TemplateOutline } {
  const theme = mainTheme(store);
  const templates = theme.files.flatMap((f) => /^templates\/(.+)\.json$/.exec(f.filename)?.[1] ?? []);
  const target = file(store, `templates/${template}.json`);
  const json = target ? readJson(target) : {};
  const ours = new Set(BLOCKS.map((b) => blockType(b.handle)));
  const sections = (json.order ?? Object.keys(json.sections ?? {})).flatMap((id) => {
    const section = json.sections?.[id];
    if (!section) return [];
    const order = section.block_order ?? Object.keys(section.blocks ?? {});
    const blocks = order.flatMap((blockId) => {
      const block = section.blocks?.[blockId];
      return block ? [{ id: blockId, type: block.type, ours: ours.has(block.type) }] : [];
    });
    return [{ id, type: section.type, blocks }];
  });
  return { theme: theme.name, templates, sections };
}
