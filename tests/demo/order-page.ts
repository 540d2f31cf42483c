import type http from "node:http";
import type { DemoOrder, DemoStore } from "../fixtures/demo-store";
import { RETURN_REASON_DEFINITIONS } from "../mocks/shopify/return-resolvers";
import { editorStyles, escapeHtml } from "./editor-page";

/**
 * The simulated admin's order page, `/store/<handle>/orders/<numeric id>`: where the app's links to
 * an order in Shopify admin (`shopify:admin/orders/<id>`, `https://<shop>/admin/orders/<id>`,
 * ./admin-links.js) lead in the demo. It shows what a merchant checks there after the app wrote a
 * SEKO return into Shopify: the order and its lines, each return with its status, items and reasons,
 * the reverse delivery's tracking and label, what was restocked or processed, and the refunds.
 * The store lives with the simulated Shopify in the app's server process, which answers the page's
 * data at `/__simulated-shopify/orders/<id>` (`orderPageData`, tests/demo/app-server.ts).
 */
export type OrderPageContext = { appUrl: string; basePath: string };

export type OrderPageData = {
  name: string;
  createdAt: string;
  timezone: string;
  currency: string;
  financialStatus: string;
  fulfillmentStatus: string;
  customer: string;
  lines: { title: string; sku: string | null; quantity: number; price: string }[];
  returns: {
    name: string;
    status: string;
    createdAt: string;
    closedAt: string | null;
    items: { title: string; sku: string | null; quantity: number; processed: number; reason: string; note: string }[];
    deliveries: { trackingNumber: string | null; trackingUrl: string | null; labelUrl: string | null }[];
    dispositions: { title: string; type: string; quantity: number; location: string | null }[];
  }[];
  refunds: { createdAt: string; amount: string; note: string | null; returnName: string | null }[];
};

const REASON_NAMES = new Map(RETURN_REASON_DEFINITIONS.map((d) => [d.reason, d.name]));

/** The page's data from the simulated store, or null for an order it does not have. */
export function orderPageData(store: DemoStore, numericId: string): OrderPageData | null {
  const order: DemoOrder | undefined = store.orders.find((o) => o.id === `gid://shopify/Order/${numericId}`);
  if (!order) return null;
  const lineFor = (fulfillmentLineItemId: string) => order.lineItems.find((li) => fulfillmentLineItemId === `gid://shopify/FulfillmentLineItem/${li.id.split("/").pop()}`);
  const customer = store.customers.find((c) => c.id === order.customerId);
  const returns = order.returns ?? [];
  return {
    name: order.name,
    createdAt: order.createdAt,
    timezone: store.shop.ianaTimezone,
    currency: order.currencyCode,
    financialStatus: order.displayFinancialStatus,
    fulfillmentStatus: order.displayFulfillmentStatus,
    customer: customer ? `${customer.firstName} ${customer.lastName}` : [order.shippingAddress.firstName, order.shippingAddress.lastName].filter(Boolean).join(" "),
    lines: order.lineItems.map((li) => ({ title: li.name, sku: li.sku, quantity: li.quantity, price: li.originalUnitPrice })),
    returns: returns.map((ret) => ({
      name: ret.name,
      status: ret.status,
      createdAt: ret.createdAt,
      closedAt: ret.closedAt,
      items: ret.lineItems.map((item) => {
        const line = lineFor(item.fulfillmentLineItemId);
        const definition = RETURN_REASON_DEFINITIONS.find((d) => d.id === item.returnReasonDefinitionId);
        return {
          title: line?.name ?? "Deleted item",
          sku: line?.sku ?? null,
          quantity: item.quantity,
          processed: item.processedQuantity,
          reason: definition?.name ?? REASON_NAMES.get(item.returnReason) ?? item.returnReason,
          note: item.returnReasonNote,
        };
      }),
      deliveries: ret.reverseFulfillmentOrders.flatMap((rfo) =>
        rfo.reverseDeliveries.map((d) => ({ trackingNumber: d.tracking?.number ?? null, trackingUrl: d.tracking?.url ?? null, labelUrl: d.labelUrl })),
      ),
      dispositions: ret.reverseFulfillmentOrders.flatMap((rfo) =>
        rfo.lineItems.flatMap((line) =>
          line.dispositions.map((d) => ({
            title: lineFor(line.fulfillmentLineItemId)?.name ?? "Deleted item",
            type: d.type,
            quantity: d.quantity,
            location: store.locations.find((l) => l.id === d.locationId)?.name ?? null,
          })),
        ),
      ),
    })),
    refunds: order.refunds.map((r) => ({ createdAt: r.createdAt, amount: r.amount, note: r.note, returnName: returns.find((ret) => ret.id === r.returnId)?.name ?? null })),
  };
}

const STATUS_TEXT: Record<string, string> = { OPEN: "Return in progress", CLOSED: "Returned", REQUESTED: "Return requested", DECLINED: "Return declined", CANCELED: "Return canceled" };
const DISPOSITION_TEXT: Record<string, string> = { RESTOCKED: "Restocked", NOT_RESTOCKED: "Not restocked", PROCESSING_REQUIRED: "Needs processing", MISSING: "Missing" };
const humanise = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, " ");
const safeLink = (href: string | null) => (href && /^https?:\/\//.test(href) ? href : null);

/** The page itself (exported for tests/demo/order-page.test.ts). */
export function orderPageHtml(data: OrderPageData, context: OrderPageContext) {
  const when = (iso: string) =>
    new Intl.DateTimeFormat("en-NZ", { timeZone: data.timezone, day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(new Date(iso));
  const money = (amount: string) => `${Number(amount).toFixed(2)} ${escapeHtml(data.currency)}`;
  const link = (href: string | null, text: string) => {
    const safe = safeLink(href);
    return safe ? `<a href="${escapeHtml(safe)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>` : escapeHtml(text);
  };
  const lines = data.lines.map((l) => `<tr><td>${escapeHtml(l.title)}</td><td>${escapeHtml(l.sku ?? "—")}</td><td class="num">${l.quantity}</td><td class="num">${money(l.price)}</td></tr>`).join("");
  const returns = data.returns.length
    ? data.returns
        .map((ret) => {
          const items = ret.items
            .map(
              (i) =>
                `<tr><td>${escapeHtml(i.title)}</td><td>${escapeHtml(i.sku ?? "—")}</td><td class="num">${i.quantity}</td><td class="num">${i.processed}</td><td>${escapeHtml(i.reason)}${i.note ? `<div class="note">${escapeHtml(i.note)}</div>` : ""}</td></tr>`,
            )
            .join("");
          const deliveries = ret.deliveries.length
            ? ret.deliveries
                .map(
                  (d) =>
                    `<li>Tracking ${d.trackingNumber ? link(d.trackingUrl, d.trackingNumber) : d.trackingUrl ? link(d.trackingUrl, "link") : "not given"}${d.labelUrl ? ` · ${link(d.labelUrl, "Return label")}` : ""}</li>`,
                )
                .join("")
            : "<li>No reverse delivery yet</li>";
          const dispositions = ret.dispositions.length
            ? `<h4>Received</h4><ul>${ret.dispositions.map((d) => `<li>${escapeHtml(DISPOSITION_TEXT[d.type] ?? humanise(d.type))}: ${d.quantity} × ${escapeHtml(d.title)}${d.location ? ` at ${escapeHtml(d.location)}` : ""}</li>`).join("")}</ul>`
            : "";
          return `<section class="card" aria-labelledby="return-${escapeHtml(ret.name)}">
  <h3 id="return-${escapeHtml(ret.name)}">${escapeHtml(ret.name)} <span class="badge status-${escapeHtml(ret.status.toLowerCase())}">${escapeHtml(STATUS_TEXT[ret.status] ?? humanise(ret.status))}</span></h3>
  <p class="note">Opened ${escapeHtml(when(ret.createdAt))}${ret.closedAt ? `, closed ${escapeHtml(when(ret.closedAt))}` : ""}</p>
  <table><caption class="visually-hidden">Items in ${escapeHtml(ret.name)}</caption><thead><tr><th>Item</th><th>SKU</th><th class="num">Quantity</th><th class="num">Processed</th><th>Reason</th></tr></thead><tbody>${items}</tbody></table>
  <h4>Return shipping</h4><ul>${deliveries}</ul>
  ${dispositions}
</section>`;
        })
        .join("\n")
    : `<section class="card"><p>No returns on this order.</p></section>`;
  const refunds = data.refunds.length
    ? `<ul>${data.refunds.map((r) => `<li>${money(r.amount)} refunded ${escapeHtml(when(r.createdAt))}${r.returnName ? ` for ${escapeHtml(r.returnName)}` : ""}${r.note ? `: ${escapeHtml(r.note)}` : ""}</li>`).join("")}</ul>`
    : "<p>No refunds.</p>";
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Order ${escapeHtml(data.name)} · Simulated Shopify admin</title>
<style>${editorStyles}
body{height:auto;min-height:100vh}
main{max-width:920px;margin:0 auto;padding:16px;display:grid;gap:16px}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.15);padding:16px}
.card h2,.card h3{margin:0 0 8px;font-size:15px;display:flex;gap:8px;align-items:center}
h4{font-size:13px;margin:12px 0 4px}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #ebebeb;vertical-align:top}
.num{text-align:right}
.status-open,.status-requested{background:#fff1e3;color:#5e4200}
.status-declined,.status-canceled{background:#fee9e8;color:#8e1f0b}
.note{color:#616161;font-size:12px;margin:2px 0 0}
</style></head>
<body>
<div class="topbar"><h1>Order ${escapeHtml(data.name)} <span class="badge demo">Simulated for the offline demo</span></h1><a class="exit" href="${escapeHtml(context.basePath)}">Back to SEKO Returns</a></div>
<main>
<section class="card" aria-labelledby="order-title">
  <h2 id="order-title">${escapeHtml(data.name)} <span class="badge">${escapeHtml(humanise(data.financialStatus))}</span> <span class="badge">${escapeHtml(humanise(data.fulfillmentStatus))}</span></h2>
  <p class="note">${escapeHtml(when(data.createdAt))} · ${escapeHtml(data.customer || "No customer")}</p>
  <table><caption class="visually-hidden">Items ordered</caption><thead><tr><th>Item</th><th>SKU</th><th class="num">Quantity</th><th class="num">Price</th></tr></thead><tbody>${lines}</tbody></table>
</section>
<h2 class="visually-hidden">Returns</h2>
${returns}
<section class="card" aria-labelledby="refunds-title"><h2 id="refunds-title">Refunds</h2>${refunds}</section>
</main>
</body></html>`;
}

/** Serves the order page for `/store/<handle>/orders/<numeric id>`. */
export async function orderPage(request: http.IncomingMessage, response: http.ServerResponse, context: OrderPageContext) {
  const url = new URL(request.url ?? "/", "http://admin.local");
  const id = /\/orders\/(\d{1,20})$/.exec(url.pathname)?.[1];
  const answer = id ? await fetch(new URL(`/__simulated-shopify/orders/${id}`, context.appUrl)) : null;
  if (!answer || answer.status === 404) {
    response.writeHead(404, { "content-type": "text/html; charset=utf-8" });
    return response.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Order not found</title></head><body><h1>Order not found</h1><p>This store has no such order. <a href="${escapeHtml(context.basePath)}">Back to SEKO Returns</a></p></body></html>`,
    );
  }
  if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
  response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  response.end(orderPageHtml((await answer.json()) as OrderPageData, context));
}
