/**
 * The simulated storefront, served by the demo's app process under /__simulated-storefront: a
 * product page and a customer's order page of the demo store, each rendering the theme app
 * extension's REAL Liquid (extensions/returns-link/blocks/*.liquid, through tests/storefront/liquid.ts)
 * where the published theme has it (the embed when switched on, the block in the template it was
 * added to: ./theme-extensions.ts) with the app's settings as Shopify holds them (the app-data
 * metafields `returns_link.*`, docs/storefront.md). So the link shows only once the app has a portal
 * address and returns are live, as on a real store.
 *
 * The portal address is SEKO's (https://…, not reachable offline): the storefront sends the link's
 * clicks to the simulated portal (./returns-portal.ts) instead, keeping its query (the prefill).
 */
import express, { type Router } from "express";
import type { DemoOrder, DemoProduct, DemoStore } from "../fixtures/demo-store";
import type { AppMetafieldRecord } from "../mocks/shopify";
import { renderBlock, type BlockSettings, type ReturnsLinkMetafields } from "../storefront/liquid";
import { PORTAL_PATH, returnableLines } from "./returns-portal";
import { APP_HANDLE, EXTENSION_UID } from "./theme-extensions";

export const STOREFRONT_PATH = "/__simulated-storefront";

const escapeHtml = (value: unknown) => String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The `returns_link` metafields as Liquid reads them: typed values (booleans are booleans). */
export function returnsLinkMetafields(records: readonly AppMetafieldRecord[]): ReturnsLinkMetafields {
  const values: ReturnsLinkMetafields = {};
  for (const record of records) {
    if (record.namespace !== "returns_link") continue;
    if (record.key === "live" || record.key === "portal_set") values[record.key] = record.value === "true";
    else if (record.key === "portal_url" || record.key === "order_param" || record.key === "email_param") values[record.key] = record.value;
  }
  return values;
}

type ThemeBlock = { type: string; disabled?: boolean; settings?: BlockSettings };
type ThemeJson = { current?: { blocks?: Record<string, ThemeBlock> }; sections?: Record<string, { blocks?: Record<string, ThemeBlock>; block_order?: string[] }> };

const blockType = (handle: string) => `shopify://apps/${APP_HANDLE}/blocks/${handle}/${EXTENSION_UID}`;

function themeJson(store: DemoStore, filename: string): ThemeJson | null {
  const theme = store.themes.find((t) => t.role === "MAIN");
  const file = theme?.files.find((f) => f.filename === filename);
  // Shopify's theme JSON files open with a generated /* comment */.
  return file ? (JSON.parse(file.content.replace(/^\s*\/\*[\s\S]*?\*\/\s*/, "")) as ThemeJson) : null;
}

/** Where the published theme shows our extension on a template: the app blocks placed in it, then the embed if it is on. */
export function placements(store: DemoStore, template: string): { block: "returns-link" | "returns-embed"; settings: BlockSettings }[] {
  const found: { block: "returns-link" | "returns-embed"; settings: BlockSettings }[] = [];
  for (const section of Object.values(themeJson(store, `templates/${template}.json`)?.sections ?? {})) {
    for (const id of section.block_order ?? Object.keys(section.blocks ?? {})) {
      const block = section.blocks?.[id];
      if (block?.type === blockType("returns-link") && !block.disabled) found.push({ block: "returns-link", settings: block.settings ?? {} });
    }
  }
  const embed = Object.values(themeJson(store, "config/settings_data.json")?.current?.blocks ?? {}).find((block) => block.type === blockType("returns-embed"));
  if (embed && !embed.disabled) found.push({ block: "returns-embed", settings: embed.settings ?? {} });
  return found;
}

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">", apos: "'" };
const unescapeHtml = (value: string) => value.replace(/&(#\d+|[a-z]+);/g, (whole, name: string) => (name.startsWith("#") ? String.fromCharCode(Number(name.slice(1))) : (ENTITIES[name] ?? whole)));

/** Points the rendered links at the portal address to the simulated portal, query kept. */
export function toSimulatedPortal(html: string, portalUrl: string | undefined) {
  const portal = portalUrl?.trim();
  if (!portal) return html;
  return html.replace(/href="([^"]*)"/g, (whole, escaped: string) => {
    const href = unescapeHtml(escaped);
    if (!href.startsWith(portal)) return whole;
    const rest = href.slice(portal.length);
    const query = rest.startsWith("?") ? rest : rest.startsWith("&") ? `?${rest.slice(1)}` : "";
    return `href="${escapeHtml(`${PORTAL_PATH}${query}`)}" data-portal-address="${escapeHtml(portal)}"`;
  });
}

/** The extension as the page's template shows it, already pointed at the simulated portal. */
export async function renderExtension(store: DemoStore, metafieldRecords: readonly AppMetafieldRecord[], template: string, order?: DemoOrder) {
  const metafields = returnsLinkMetafields(metafieldRecords);
  const parts = await Promise.all(
    placements(store, template).map(({ block, settings }) => renderBlock(block, { metafields, settings, order: order ? { name: order.name, email: order.email } : undefined })),
  );
  return toSimulatedPortal(parts.join("\n").trim(), metafields.portal_url);
}

function page(store: DemoStore, title: string, body: string, extension: string) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · ${escapeHtml(store.shop.name)}</title>
<style>body{font-family:Georgia,serif;max-width:48rem;margin:0 auto;padding:1rem}header{border-bottom:1px solid #ccc;margin-bottom:1rem}.note{color:#555;font-size:.9rem;font-family:system-ui,sans-serif}</style>
</head><body><header><p><a href="${STOREFRONT_PATH}">${escapeHtml(store.shop.name)}</a></p>
<p class="note">Simulated storefront (offline demo). The returns link below is the theme app extension's own Liquid, as the published theme places it; the portal address it links to is answered here by the simulated SEKO portal.</p></header>
<main><h1>${escapeHtml(title)}</h1>${body}</main>
<section aria-label="Theme app extension">${extension || '<p class="note">No returns link here: the theme does not show it on this page, or returns are not live yet.</p>'}</section></body></html>`;
}

const money = (store: DemoStore, amount: string) => `${escapeHtml(amount)} ${escapeHtml(store.shop.currencyCode)}`;

function homePage(store: DemoStore, extension: string) {
  const products = store.products.filter((p) => p.status === "ACTIVE").slice(0, 8);
  // Recent orders with something left to send back.
  const orders = store.orders
    .filter((o) => o.email && returnableLines(o).length > 0)
    .slice(-10)
    .reverse();
  return page(
    store,
    store.shop.name,
    `<h2>Products</h2><ul>${products.map((p) => `<li><a href="${STOREFRONT_PATH}/products/${encodeURIComponent(p.handle)}">${escapeHtml(p.title)}</a></li>`).join("")}</ul>
<h2>Customers' order pages</h2><p class="note">Demo shortcut: on a real store each customer sees only their own orders, signed in.</p>
<ul aria-label="Order pages">${orders.map((o) => `<li><a href="${STOREFRONT_PATH}/orders/${encodeURIComponent(o.name.replace(/^#/, ""))}">Order ${escapeHtml(o.name)}</a> (${escapeHtml(o.email)}, ${escapeHtml(o.shippingAddress.country)})</li>`).join("")}</ul>`,
    extension,
  );
}

function productPage(store: DemoStore, product: DemoProduct, extension: string) {
  const variant = product.variants[0];
  return page(store, product.title, `<p>${variant ? money(store, variant.price) : ""}</p><p>${escapeHtml(product.productType)} by ${escapeHtml(product.vendor)}</p>`, extension);
}

function orderPage(store: DemoStore, order: DemoOrder, extension: string) {
  const lines = order.lineItems.map((line) => `<li>${escapeHtml(line.name)} × ${line.quantity}${line.sku ? ` (SKU ${escapeHtml(line.sku)})` : ""}</li>`).join("");
  return page(
    store,
    `Order ${order.name}`,
    `<dl><dt>Email</dt><dd data-testid="order-email">${escapeHtml(order.email)}</dd><dt>Status</dt><dd>${escapeHtml(order.displayFulfillmentStatus.toLowerCase().replace("_", " "))}</dd><dt>Total</dt><dd>${money(store, order.totalPrice)}</dd></dl><ul aria-label="Items">${lines}</ul>`,
    extension,
  );
}

export function storefrontRouter(options: { store: () => DemoStore; metafields: () => readonly AppMetafieldRecord[] }): Router {
  const router = express.Router();
  const send = (response: express.Response, html: string, status = 200) => response.status(status).set("cache-control", "no-store").type("html").send(html);
  // Express 4 does not catch a rejected handler: a rendering error goes to its error handler instead.
  const handle =
    (run: (request: express.Request, response: express.Response) => Promise<void>): express.RequestHandler =>
    (request, response, next) =>
      void run(request, response).catch(next);
  router.get(
    STOREFRONT_PATH,
    handle(async (_request, response) => {
      const store = options.store();
      send(response, homePage(store, await renderExtension(store, options.metafields(), "index")));
    }),
  );
  router.get(
    `${STOREFRONT_PATH}/products/:handle`,
    handle(async (request, response) => {
      const store = options.store();
      const product = store.products.find((p) => p.handle === request.params.handle && p.status === "ACTIVE");
      if (!product) return void send(response, page(store, "Not found", "<p>No such product.</p>", ""), 404);
      send(response, productPage(store, product, await renderExtension(store, options.metafields(), "product")));
    }),
  );
  router.get(
    `${STOREFRONT_PATH}/orders/:number`,
    handle(async (request, response) => {
      const store = options.store();
      const order = store.orders.find((o) => o.name.replace(/^#/, "") === request.params.number);
      if (!order) return void send(response, page(store, "Not found", "<p>No such order.</p>", ""), 404);
      send(response, orderPage(store, order, await renderExtension(store, options.metafields(), "customers/order", order)));
    }),
  );
  return router;
}
