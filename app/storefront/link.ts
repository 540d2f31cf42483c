/**
 * The storefront returns link (extensions/returns-link/): the metafields the app writes for it, the
 * merchant's input, and the theme editor deep links. Pure: no I/O. docs/storefront.md.
 */
import { z } from "zod";

/** The app-data metafield namespace the extension reads (`app.metafields.returns_link.*`). */
export const STOREFRONT_NAMESPACE = "returns_link";
/** The extension's folder name under extensions/, which is its handle. */
export const EXTENSION_HANDLE = "returns-link";
export const APP_BLOCK = { handle: "returns-link", name: "Start a return" } as const;
export const APP_EMBED = { handle: "returns-embed", name: "Returns link" } as const;

export type StorefrontLink = {
  /** SEKO's returns portal for this shop; null: not set, so the storefront shows nothing. */
  portalUrl: string | null;
  /** SEKO's query-parameter names for prefilling the order number and email; null: no prefill. */
  orderParam: string | null;
  emailParam: string | null;
  /** Go-live, as the storefront sees it (the Liquid renders nothing until true). */
  live: boolean;
};

const blankToNull = (value: string) => (value === "" ? null : value);

const portalUrl = z
  .string()
  .trim()
  .max(2048, "Use a shorter address (at most 2,048 characters).")
  .refine((value) => value === "" || isPortalUrl(value), "Enter the full https:// address of your SEKO returns portal.")
  .transform(blankToNull);

const parameterName = z
  .string()
  .trim()
  .max(64, "At most 64 characters.")
  .regex(/^[A-Za-z0-9_.-]*$/, "Letters, numbers, dots, hyphens and underscores only.")
  .transform(blankToNull);

export const storefrontLinkInput = z.object({ portalUrl, orderParam: parameterName, emailParam: parameterName });
export type StorefrontLinkInput = z.infer<typeof storefrontLinkInput>;

/** An https address with a real host and no credentials in it: the only kind the link renders. */
export function isPortalUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === "https:" && url.hostname.includes(".") && !url.username && !url.password && !/\s/.test(value);
}

/** The link as the metafields describe it (values Shopify returned, by key). */
export function linkFromMetafields(values: Record<string, string>): StorefrontLink {
  return {
    portalUrl: values.portal_url ?? null,
    orderParam: values.order_param ?? null,
    emailParam: values.email_param ?? null,
    live: values.live === "true",
  };
}

type MetafieldType = "url" | "boolean" | "single_line_text_field";

/** What to write so the metafields say `wanted`, given what they say now: only what differs. */
export function metafieldChanges(current: Record<string, string>, wanted: StorefrontLink) {
  const entries: [key: string, type: MetafieldType, value: string | null][] = [
    ["portal_url", "url", wanted.portalUrl],
    ["order_param", "single_line_text_field", wanted.orderParam],
    ["email_param", "single_line_text_field", wanted.emailParam],
    ["live", "boolean", String(wanted.live)],
    // What the blocks' `available_if` reads: placeable in the theme editor once there is somewhere to link to.
    ["portal_set", "boolean", String(wanted.portalUrl !== null)],
  ];
  const set: { key: string; type: MetafieldType; value: string }[] = [];
  const remove: string[] = [];
  for (const [key, type, value] of entries) {
    if (value === null) {
      if (key in current) remove.push(key);
    } else if (current[key] !== value) set.push({ key, type, value });
  }
  return { set, remove };
}

/**
 * Theme editor deep links on the shop's published theme: one opens App embeds with ours switched on,
 * the other adds the app block to a template's new Apps section. `clientId` is the app's API key.
 */
export function themeEditorLinks(shop: string, clientId: string) {
  const base = `https://${shop}/admin/themes/current/editor`;
  const embed = new URLSearchParams({ context: "apps", activateAppId: `${clientId}/${APP_EMBED.handle}` });
  const block = (template: string) => `${base}?${new URLSearchParams({ template, addAppBlockId: `${clientId}/${APP_BLOCK.handle}`, target: "newAppsSection" })}`;
  return { embed: `${base}?${embed}`, blockOnPage: block("page"), blockOnIndex: block("index") };
}

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
