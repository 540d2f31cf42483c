import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CapturedMail } from "../mocks/smtp";
import { outbox } from "./outbox";
import { signSessionToken } from "./session-token";

/**
 * The simulated Shopify admin: a page that frames the app at its embedded URL
 * (shop, host, embedded=1, a fresh session token), the App Bridge stand-in, and
 * the session-token endpoint the stand-in calls. Only the demo and the browser
 * tests use it; the app cannot tell it from admin.shopify.com except by origin.
 */
export type AdminOptions = {
  shop: string;
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  appHandle?: string;
  /** The demo's captured emails, shown at /outbox (tests/demo/outbox.ts). */
  outbox?: { readonly messages: readonly CapturedMail[] };
};

const here = path.dirname(fileURLToPath(import.meta.url));
const standIn = fs.readFileSync(path.join(here, "app-bridge.js"), "utf8");
// The app's own icon stands in for Shopify admin's in the browser tab.
const favicon = fs.readFileSync(path.join(here, "../../public/favicon.ico"));

export function adminPath(shop: string, appHandle = "seko-returns") {
  return `/store/${shop.replace(".myshopify.com", "")}/apps/${appHandle}`;
}

export function createAdminServer(options: AdminOptions) {
  const appHandle = options.appHandle ?? "seko-returns";
  const basePath = adminPath(options.shop, appHandle);
  const host = Buffer.from(`admin.shopify.com/store/${options.shop.replace(".myshopify.com", "")}`).toString("base64url");

  return http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://admin.local");
    if (url.pathname === "/app-bridge.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      return response.end(standIn);
    }
    if (url.pathname === "/favicon.ico") {
      response.writeHead(200, { "content-type": "image/png", "cache-control": "public, max-age=86400" });
      return response.end(favicon);
    }
    if (url.pathname === "/session-token") {
      const shop = url.searchParams.get("shop");
      const headers = { "content-type": "application/json", "access-control-allow-origin": options.appUrl, "cache-control": "no-store" };
      if (shop !== options.shop) {
        response.writeHead(403, headers);
        return response.end(JSON.stringify({ error: "unknown shop" }));
      }
      response.writeHead(200, headers);
      return response.end(JSON.stringify({ token: signSessionToken(options) }));
    }
    if (options.outbox && (url.pathname === "/outbox" || url.pathname.startsWith("/outbox/"))) {
      return outbox(url.pathname, options.outbox.messages, response);
    }
    if (url.pathname === editorPath(options.shop)) {
      void themeEditor(request, response, options.appUrl, basePath).catch((error: unknown) => {
        response.writeHead(502, { "content-type": "text/plain" });
        response.end(`The simulated theme editor could not reach the simulated store: ${String(error)}`);
      });
      return;
    }
    if (url.pathname === "/" || url.pathname === "/store") {
      response.writeHead(302, { location: basePath });
      return response.end();
    }
    if (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)) {
      const appPath = url.pathname.slice(basePath.length) || "";
      const frame = new URL(`/app${appPath.replace(/^\/app/, "")}`, options.appUrl);
      frame.searchParams.set("embedded", "1");
      frame.searchParams.set("shop", options.shop);
      frame.searchParams.set("host", host.replace(/=+$/, ""));
      frame.searchParams.set("locale", "en");
      frame.searchParams.set("id_token", signSessionToken(options));
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return response.end(adminPage({ shop: options.shop, frameUrl: frame.toString(), appOrigin: new URL(options.appUrl).origin, basePath }));
    }
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("Not found in the simulated admin");
  });
}

export function editorPath(shop: string) {
  return `/store/${shop.replace(".myshopify.com", "")}/themes/current/editor`;
}

type Activation = { handle: string; name: string; status: string; activations: { target: string }[] };

/**
 * The theme editor, reduced to what the demo needs: switch the app embed on or off and add the app
 * block to a template. The theme lives with the simulated store in the app's server process.
 */
async function themeEditor(request: http.IncomingMessage, response: http.ServerResponse, appUrl: string, basePath: string) {
  const endpoint = new URL("/__simulated-shopify/theme", appUrl);
  if (request.method === "POST") {
    let raw = "";
    for await (const chunk of request) raw += String(chunk);
    const form = new URLSearchParams(raw);
    const change: Record<string, unknown> = {};
    if (form.has("embed")) change.embed = form.get("embed") === "on";
    if (form.get("addBlockTo")) change.addBlockTo = form.get("addBlockTo");
    if (form.get("removeBlocks") === "all") change.removeBlocks = true;
    if (form.has("statusBlock")) change.statusBlock = form.get("statusBlock") === "on";
    const saved = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(change) });
    if (!saved.ok) throw new Error(`HTTP ${saved.status}`);
    response.writeHead(303, { location: request.url ?? "/" });
    return response.end();
  }
  const answer = (await (await fetch(new URL("/__simulated-shopify/app-extensions", appUrl))).json()) as { type: string; activations: Activation[] }[];
  const blocks = answer.find((extension) => extension.type === "theme_app_extension")?.activations ?? [];
  // The customer accounts editor, reduced to its one question for the demo: is the status block on the order status page?
  const statusBlockOn = answer.some(
    (extension) => extension.type === "ui_extension" && (extension.activations as { target?: string }[]).some((a) => a.target === "customer-account.order-status.block.render"),
  );
  const embed = blocks.find((b) => b.handle === "returns-embed");
  const block = blocks.find((b) => b.handle === "returns-link");
  const embedOn = Boolean(embed?.activations.length) || embed?.status === "active";
  const placed = (block?.activations ?? []).map((a) => escapeHtml(a.target)).join(", ") || "nowhere";
  response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Theme editor · Simulated Shopify admin</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;max-width:640px}form{margin:16px 0}fieldset{border:1px solid #ccc;border-radius:8px;padding:12px}</style></head>
<body>
<h1>Theme editor: Dawn (published)</h1>
<p>Simulated for the offline demo. <a href="${escapeHtml(basePath)}">Back to SEKO Returns</a></p>
<h2>App embeds</h2>
<form method="post">
  <fieldset><legend>SEKO Returns: Returns link</legend>
  <p>Status: <strong id="embed-status">${embedOn ? "On" : "Off"}</strong>${embed?.status === "unavailable" ? " (not available until the app has a returns portal address)" : ""}</p>
  <input type="hidden" name="embed" value="${embedOn ? "off" : "on"}">
  <button type="submit">${embedOn ? "Turn off the returns link embed" : "Turn on the returns link embed"}</button>
  </fieldset>
</form>
<h2>App blocks</h2>
<form method="post">
  <fieldset><legend>SEKO Returns: Start a return</legend>
  <p>Placed on: <span id="block-placements">${placed}</span></p>
  <label>Template <select name="addBlockTo"><option value="page">Page</option><option value="index">Home page</option><option value="product">Product</option></select></label>
  <button type="submit">Add the block</button>
  </fieldset>
</form>
<form method="post"><input type="hidden" name="removeBlocks" value="all"><button type="submit">Remove the block from every template</button></form>
<h2>Customer accounts editor: Order status page</h2>
<form method="post">
  <fieldset><legend>SEKO Returns: return status block</legend>
  <p>Status: <strong id="status-block-status">${statusBlockOn ? "Placed" : "Not placed"}</strong></p>
  <input type="hidden" name="statusBlock" value="${statusBlockOn ? "off" : "on"}">
  <button type="submit">${statusBlockOn ? "Remove the return status block" : "Add the return status block"}</button>
  </fieldset>
</form>
</body></html>`);
}

function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function adminPage({ shop, frameUrl, appOrigin, basePath }: { shop: string; frameUrl: string; appOrigin: string; basePath: string }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SEKO Returns · Simulated Shopify admin</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #f1f1f1; display: grid; grid-template-columns: 240px 1fr; grid-template-rows: 56px 1fr; height: 100vh; }
  header { grid-column: 1 / 3; background: #1a1a1a; color: #fff; display: flex; align-items: center; gap: 16px; padding: 0 16px; }
  header .badge { background: #ffd79d; color: #4f2f00; border-radius: 8px; padding: 2px 8px; font-size: 12px; }
  nav { background: #ebebeb; padding: 12px; overflow: auto; }
  nav a { display: block; padding: 6px 8px; border-radius: 8px; color: #303030; text-decoration: none; font-size: 14px; }
  nav a[aria-current="page"] { background: #fff; font-weight: 600; }
  nav .sub a { padding-left: 24px; }
  main { display: flex; flex-direction: column; min-width: 0; }
  #title { padding: 12px 16px; font-weight: 600; }
  iframe { border: 0; flex: 1; width: 100%; background: #f1f1f1; }
  #toasts { position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); display: grid; gap: 8px; }
  #toasts div { background: #1a1a1a; color: #fff; padding: 10px 16px; border-radius: 10px; }
  #toasts div.error { background: #8e1f0b; }
  #loading { height: 3px; background: #2c6ecb; width: 0; transition: width .3s; }
  #loading.on { width: 70%; }
</style>
</head>
<body>
<header><strong>Shopify admin</strong><span class="badge">Simulated for the offline demo</span><span>${escapeHtml(shop)}</span></header>
<nav aria-label="Admin">
  <a href="${basePath}" id="app-link" aria-current="page">SEKO Returns</a>
  <a href="${basePath.replace(/\/apps\/[^/]+$/, "/themes/current/editor")}" target="_blank" rel="noopener">Online Store › Theme editor</a>
  <div class="sub" id="app-nav" role="list" aria-label="SEKO Returns"></div>
</nav>
<main>
  <div id="loading"></div>
  <div id="title" role="heading" aria-level="1"></div>
  <iframe id="app-frame" title="SEKO Returns" src="${escapeHtml(frameUrl)}"></iframe>
</main>
<div id="toasts" role="status" aria-live="polite"></div>
<script>
(function () {
  var appOrigin = ${JSON.stringify(appOrigin)};
  var basePath = ${JSON.stringify(basePath)};
  var frame = document.getElementById("app-frame");
  var nav = document.getElementById("app-nav");
  function send(message) { frame.contentWindow.postMessage(Object.assign({ source: "standin-admin" }, message), appOrigin); }
  function markCurrent(path) {
    nav.querySelectorAll("a").forEach(function (a) { a.setAttribute("aria-current", a.dataset.href === path ? "page" : "false"); });
  }
  window.addEventListener("message", function (event) {
    if (event.origin !== appOrigin || !event.data || event.data.source !== "app-bridge-standin") return;
    var data = event.data;
    if (data.type === "nav") {
      nav.innerHTML = "";
      data.items.filter(function (item) { return !item.home; }).forEach(function (item) {
        var a = document.createElement("a");
        a.textContent = item.label; a.href = basePath + item.href.replace(/^\\/app/, ""); a.dataset.href = item.href; a.setAttribute("role", "listitem");
        a.addEventListener("click", function (e) { e.preventDefault(); send({ type: "navigate", href: item.href }); });
        nav.appendChild(a);
      });
    } else if (data.type === "title") {
      document.getElementById("title").textContent = data.title;
    } else if (data.type === "location") {
      var sub = data.path.replace(/^\\/app/, "");
      history.replaceState(null, "", basePath + sub);
      markCurrent(data.path);
    } else if (data.type === "toast") {
      var toast = document.createElement("div");
      toast.textContent = data.message; if (data.isError) toast.className = "error";
      document.getElementById("toasts").appendChild(toast);
      setTimeout(function () { toast.remove(); }, 5000);
    } else if (data.type === "loading") {
      document.getElementById("loading").className = data.on ? "on" : "";
    }
  });
  document.getElementById("app-link").addEventListener("click", function (e) { e.preventDefault(); send({ type: "navigate", href: "/app" }); });
})();
</script>
</body>
</html>`;
}
