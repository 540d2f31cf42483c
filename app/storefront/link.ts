/**
 * The storefront returns link (extensions/returns-link/): the metafields the app writes for it, the
 * merchant's input, and the theme editor deep links. Pure: no I/O. docs/storefront.md. Where the extension
 * stands on the theme is ./placement.ts, apart: the admin pages' browser code reads it, and this module's zod
 * schemas would take zod into every one of them.
 */
import { z } from "zod";
import { APP_BLOCK, APP_EMBED } from "./placement";

/** The app-data metafield namespace the extension reads (`app.metafields.returns_link.*`). */
export const STOREFRONT_NAMESPACE = "returns_link";

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
