/**
 * Where the storefront returns link (extensions/returns-link/) stands on the published theme, from
 * App Bridge's answer. Pure, and without zod: Home, Storefront and go-live run it in the browser
 * (app/components/storefront/PlacementStatus.tsx), so what it imports is loaded with those pages.
 */

/** The extension's folder name under extensions/, which is its handle. */
export const EXTENSION_HANDLE = "returns-link";
export const APP_BLOCK = { handle: "returns-link", name: "Start a return" } as const;
export const APP_EMBED = { handle: "returns-embed", name: "Returns link" } as const;

/** Where the extension stands on the published theme, from App Bridge's `shopify.app.extensions()`. */
export type StorefrontPlacement = {
  /** active: the embed is switched on; available: it can be; unavailable: hidden (no portal address saved). */
  embed: "active" | "available" | "unavailable" | "missing";
  /** Templates the app block is placed in (e.g. "page", "customers/order"), from each placement's target. */
  blockTemplates: string[];
  blockStatus: "active" | "available" | "unavailable" | "missing";
};

type ThemeActivation = { handle: string; status: string; activations?: { target: string; themeId?: string }[] };
type ExtensionEntry = { handle: string; type: string; activations: unknown[] };

const STATUSES = new Set(["active", "available", "unavailable"]);

/** The placement of our embed and block in App Bridge's answer; anything unexpected counts as missing. */
export function placementFrom(extensions: readonly ExtensionEntry[]): StorefrontPlacement {
  const ours = extensions.find((extension) => extension.type === "theme_app_extension" && extension.handle === EXTENSION_HANDLE);
  const blocks = (ours?.activations ?? []) as ThemeActivation[];
  const statusOf = (handle: string) => {
    const status = blocks.find((block) => block.handle === handle)?.status;
    return status && STATUSES.has(status) ? (status as StorefrontPlacement["embed"]) : "missing";
  };
  const block = blocks.find((entry) => entry.handle === APP_BLOCK.handle);
  const templates = (block?.activations ?? []).map((placement) => templateName(placement.target));
  return { embed: statusOf(APP_EMBED.handle), blockStatus: statusOf(APP_BLOCK.handle), blockTemplates: [...new Set(templates)].sort() };
}

/**
 * Whether customers will find the link once returns are live: the embed really switched on, or the
 * block really placed on a template. An embed that is off (`available`) or hidden (`unavailable`)
 * does not count, nor a block Shopify reports unavailable wherever it sits.
 */
export function linkPlaced(placement: StorefrontPlacement): boolean {
  return placement.embed === "active" || (placement.blockStatus === "active" && placement.blockTemplates.length > 0);
}

/** "template--product.alternate/main/returns_link_x" → "product.alternate"; a section group target stays as is. */
export function templateName(target: string): string {
  const match = /^template--([^/]+)/.exec(target);
  return match ? match[1]! : (target.split("/")[0] ?? target);
}
