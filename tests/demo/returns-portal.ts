/**
 * The simulated SEKO returns portal, served by the demo's app process (where the simulated Shopify
 * and SEKO live) under /__simulated-seko/portal. The storefront's returns link (./storefront.ts)
 * opens it. A customer finds an order of the demo store by its number and email, picks the items and
 * a reason for each, and starts a return: the simulated SEKO makes the consignment and label and
 * then sends its statuses to the app's tracking webhook (tests/mocks/seko-live-returns.ts).
 *
 * The page's HTML and its validation are plain functions (tested in returns-portal.test.ts); the
 * Express routes at the end only wire them up.
 */
import express, { type Router } from "express";
import { z } from "zod";
import type { DemoLineItem, DemoOrder, DemoStore } from "../fixtures/demo-store";
import { RETURN_TIMELINE, STATUS_TEXT } from "../mocks/seko";
import { liveReturnLabelPdf, PORTAL_RETURN_ACTIONS, PORTAL_RETURN_REASONS, portalReturns, startLiveReturn, type LiveReturn } from "../mocks/seko-live-returns";

export const PORTAL_PATH = "/__simulated-seko/portal";

const escapeHtml = (value: unknown) => String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** "#1001", "1001", " # 1001 " all name order #1001. */
export const bareOrderNumber = (value: string) => value.trim().replace(/^#\s*/, "").trim().toUpperCase();

/** The order with that number and email (both as the customer types them), or null. */
export function findOrder(store: DemoStore, orderNumber: string, email: string): DemoOrder | null {
  const number = bareOrderNumber(orderNumber);
  const address = email.trim().toLowerCase();
  if (!number || !address) return null;
  return store.orders.find((order) => bareOrderNumber(order.name) === number && order.email?.toLowerCase() === address) ?? null;
}

export type ReturnableLine = { line: DemoLineItem; quantity: number };

/** The lines a customer can still send back: shipped, with a SKU, less what was refunded as returned or is in a portal return already. */
export function returnableLines(order: DemoOrder, returns: readonly LiveReturn[] = portalReturns()): ReturnableLine[] {
  if (order.cancelledAt || !["FULFILLED", "PARTIALLY_FULFILLED"].includes(order.displayFulfillmentStatus)) return [];
  const started = new Set(returns.filter((item) => item.orderNumber === bareOrderNumber(order.name)).flatMap((item) => item.label.skus));
  return order.lineItems
    .filter((line) => line.sku && line.requiresShipping && !started.has(line.sku))
    .map((line) => {
      const refunded = order.refunds.flatMap((refund) => refund.lineItems ?? []).filter((item) => item.lineItemId === line.id && item.restockType !== "NO_RESTOCK");
      return { line, quantity: line.quantity - refunded.reduce((sum, item) => sum + item.quantity, 0) };
    })
    .filter((item) => item.quantity > 0);
}

const text = (max: number) => z.string().trim().min(1).max(max);

/** What the portal's "Start return" form posts. Items are line item ids; each picked item has its reason. */
export const startReturnForm = z.object({
  order: text(40),
  email: text(254),
  item: z.union([text(120), z.array(text(120)).max(50)]).transform((value) => (Array.isArray(value) ? value : [value])),
  action: z.enum(PORTAL_RETURN_ACTIONS),
  stopAfter: z.enum(["", ...RETURN_TIMELINE]).default(""),
  startedDaysAgo: z.coerce.number().int().min(0).max(90).default(0),
  reasons: z.record(z.string(), z.enum(PORTAL_RETURN_REASONS)).default({}),
});

export type StartReturnResult = { ok: true; created: LiveReturn } | { ok: false; status: number; message: string };

/** Validates the posted form against the store and starts the return at the simulated SEKO. */
export function startReturn(store: DemoStore, body: Record<string, unknown>, stepMs?: number): StartReturnResult {
  // Reasons arrive as reason-<line item id> fields, one per line shown: a line not picked posts its empty "Choose a reason".
  const reasons = Object.fromEntries(Object.entries(body).flatMap(([key, value]) => (key.startsWith("reason-") && value !== "" ? [[key.slice(7), value]] : [])));
  const parsed = startReturnForm.safeParse({ ...body, reasons });
  if (!parsed.success) return { ok: false, status: 400, message: "Pick at least one item, a reason for each and what you would like instead, then start the return again." };
  const form = parsed.data;
  const order = findOrder(store, form.order, form.email);
  if (!order) return { ok: false, status: 404, message: "We could not find an order with that number and email. Check both against your order confirmation." };
  const lines = returnableLines(order);
  const picked = form.item.map((id) => lines.find((item) => item.line.id === id));
  if (picked.some((item) => !item)) return { ok: false, status: 409, message: "An item you picked cannot be returned (already returned, or not shipped). Reload the order and pick again." };
  const missingReason = picked.find((item) => !form.reasons[item!.line.id]);
  if (missingReason) return { ok: false, status: 400, message: `Choose a reason for ${missingReason.line.name}.` };
  const address = order.shippingAddress;
  const retailer = store.shop.billingAddress;
  const created = startLiveReturn({
    orderNumber: bareOrderNumber(order.name),
    customer: {
      name: [address.firstName, address.lastName].filter(Boolean).join(" ") || form.email,
      email: order.email ?? form.email,
      address: { street: address.address1, city: address.city, postCode: address.zip, countryCode: address.countryCodeV2 },
    },
    retailer: { name: store.shop.name, address: { street: retailer.address1, city: retailer.city, postCode: retailer.zip, countryCode: retailer.countryCodeV2 } },
    items: picked.map((item) => ({ sku: item!.line.sku!, title: item!.line.name, quantity: item!.quantity, reason: form.reasons[item!.line.id]! })),
    action: form.action,
    stopAfter: form.stopAfter || null,
    startedDaysAgo: form.startedDaysAgo,
    stepMs,
  });
  return { ok: true, created };
}

// ---------- pages ----------

function page(title: string, body: string) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · SEKO Returns (simulated)</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5}fieldset{margin:1rem 0}label{display:block;margin:.4rem 0}.error{color:#b00020;font-weight:600}.note{color:#555;font-size:.9rem}</style>
</head><body><p class="note">Simulated SEKO returns portal (offline demo): nothing here leaves this machine.</p><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function lookupPage(values: { order?: string; email?: string; error?: string } = {}) {
  return page(
    "Start a return",
    `${values.error ? `<p class="error" role="alert">${escapeHtml(values.error)}</p>` : ""}
<form method="get" action="${PORTAL_PATH}" aria-label="Find your order">
<label>Order number <input name="order" required value="${escapeHtml(values.order)}"></label>
<label>Email <input name="email" type="email" required value="${escapeHtml(values.email)}"></label>
<button>Find my order</button></form>`,
  );
}

const timelineOptions = () =>
  [
    `<option value="">Deliver it back to the retailer (every status)</option>`,
    ...RETURN_TIMELINE.slice(0, -1).map((code) => `<option value="${code}">Stop after ${code} (no news after that)</option>`),
  ].join("");

export function itemsPage(order: DemoOrder, lines: ReturnableLine[], error?: string) {
  const reasonOptions = PORTAL_RETURN_REASONS.map((reason) => `<option>${escapeHtml(reason)}</option>`).join("");
  const items = lines
    .map(
      ({ line, quantity }) => `<fieldset><legend>${escapeHtml(line.name)} (SKU ${escapeHtml(line.sku)}, ${quantity} to return)</legend>
<label><input type="checkbox" name="item" value="${escapeHtml(line.id)}"> Return ${escapeHtml(line.name)}</label>
<label>Reason for ${escapeHtml(line.name)} <select name="reason-${escapeHtml(line.id)}"><option value="">Choose a reason</option>${reasonOptions}</select></label></fieldset>`,
    )
    .join("");
  const body = lines.length
    ? `<form method="post" action="${PORTAL_PATH}/returns" aria-label="Return items">
<input type="hidden" name="order" value="${escapeHtml(order.name)}"><input type="hidden" name="email" value="${escapeHtml(order.email)}">
${items}
<label>What would you like instead? <select name="action">${PORTAL_RETURN_ACTIONS.map((action) => `<option>${escapeHtml(action)}</option>`).join("")}</select></label>
<fieldset><legend>Demo only: how the simulated SEKO plays this return</legend>
<label>Tracking <select name="stopAfter">${timelineOptions()}</select></label>
<label>Started this many days ago <input name="startedDaysAgo" type="number" min="0" max="90" value="0"></label>
<p class="note">Stop after RT with 20 days makes a return Home lists as without news (its threshold is 7 days unless changed).</p></fieldset>
<button>Start return</button></form>`
    : `<p>Nothing on this order can be returned: it has not been shipped, or every item is already returned.</p>`;
  return page(`Order ${order.name}`, `${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}${body}`);
}

export function startedPage(created: LiveReturn) {
  const url = `${PORTAL_PATH}/returns/${encodeURIComponent(created.connote)}`;
  return page(
    "Return started",
    `<p role="status">Your return <strong data-testid="connote">${escapeHtml(created.connote)}</strong> for order #${escapeHtml(created.orderNumber)} is booked with SEKO.</p>
<p><a href="${url}/label.pdf">Download your return label (PDF)</a></p>
<p><a href="${url}">Follow your return</a></p>`,
  );
}

export function trackingPage(created: LiveReturn) {
  const rows = created.label.posted.map((code) => `<li>${escapeHtml(STATUS_TEXT[code] ?? code)} (${escapeHtml(created.label.events.find((event) => event.code === code)?.at)})</li>`).join("");
  const pending = created.plannedCodes.filter((code) => !created.label.posted.includes(code)).length;
  return page(
    `Return ${created.connote}`,
    `<ol aria-label="Statuses sent">${rows || "<li>Nothing sent yet</li>"}</ol><p>${pending ? `${pending} more to come.` : "No more statuses will come."}</p><p><a href="${PORTAL_PATH}/returns/${encodeURIComponent(created.connote)}/label.pdf">Return label (PDF)</a></p>`,
  );
}

// ---------- routes ----------

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/**
 * `paramNames` are the prefill parameters the merchant saved on the Storefront page (the
 * order_param/email_param metafields): the storefront's link uses them, so the portal reads them.
 */
export function returnsPortalRouter(options: { store: () => DemoStore; paramNames: () => { order?: string; email?: string }; stepMs?: () => number | undefined }): Router {
  const router = express.Router();
  router.get(PORTAL_PATH, (request, response) => {
    const names = options.paramNames();
    const order = String(first(request.query.order ?? (names.order ? request.query[names.order] : undefined)) ?? "").slice(0, 40);
    const email = String(first(request.query.email ?? (names.email ? request.query[names.email] : undefined)) ?? "").slice(0, 254);
    response.set("cache-control", "no-store").type("html");
    if (!order || !email) return void response.send(lookupPage({ order, email }));
    const found = findOrder(options.store(), order, email);
    if (!found) return void response.status(404).send(lookupPage({ order, email, error: "We could not find an order with that number and email. Check both against your order confirmation." }));
    response.send(itemsPage(found, returnableLines(found)));
  });
  router.post(`${PORTAL_PATH}/returns`, express.urlencoded({ extended: false, limit: "16kb", parameterLimit: 200 }), (request, response) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = startReturn(options.store(), body, options.stepMs?.());
    response.type("html");
    if (result.ok) return void response.status(201).send(startedPage(result.created));
    const order = findOrder(options.store(), String(first(body.order) ?? ""), String(first(body.email) ?? ""));
    response.status(result.status).send(order ? itemsPage(order, returnableLines(order), result.message) : lookupPage({ error: result.message }));
  });
  router.get(`${PORTAL_PATH}/returns/:connote`, (request, response) => {
    const created = portalReturns().find((item) => item.connote === request.params.connote);
    if (!created)
      return void response
        .status(404)
        .type("html")
        .send(lookupPage({ error: "No return with that number." }));
    response.set("cache-control", "no-store").type("html").send(trackingPage(created));
  });
  router.get(`${PORTAL_PATH}/returns/:connote/label.pdf`, (request, response, next) => {
    const pdf = liveReturnLabelPdf(request.params.connote);
    if (!pdf) return void response.status(404).type("text").send("No return with that number.");
    pdf.then((bytes) => void response.type("application/pdf").send(Buffer.from(bytes)), next);
  });
  return router;
}
