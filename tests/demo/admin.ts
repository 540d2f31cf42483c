import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CapturedMail } from "../mocks/smtp";
import { accountsEditor } from "./accounts-editor";
import { escapeHtml } from "./editor-page";
import { orderPage } from "./order-page";
import { outbox } from "./outbox";
import { signSessionToken } from "./session-token";
import { themeEditor } from "./theme-editor";

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
// The link mapping (./admin-links.js) goes first: the stand-in opens the shop's admin links with it.
const standIn = `${fs.readFileSync(path.join(here, "admin-links.js"), "utf8")}\n${fs.readFileSync(path.join(here, "app-bridge.js"), "utf8")}`;
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
    const editor = url.pathname === editorPath(options.shop) ? themeEditor : url.pathname === accountsEditorPath(options.shop) ? accountsEditor : null;
    if (editor) {
      void editor(request, response, { appUrl: options.appUrl, basePath, apiKey: options.apiKey }).catch((error: unknown) => {
        response.writeHead(502, { "content-type": "text/plain" });
        response.end(`The simulated editor could not reach the simulated store: ${String(error)}`);
      });
      return;
    }
    if (url.pathname.startsWith(`${ordersPath(options.shop)}/`)) {
      void orderPage(request, response, { appUrl: options.appUrl, basePath }).catch((error: unknown) => {
        response.writeHead(502, { "content-type": "text/plain" });
        response.end(`The simulated order page could not reach the simulated store: ${String(error)}`);
      });
      return;
    }
    if (url.pathname === "/scopes") {
      void grantScreenAnswer(request, response, options.appUrl).catch((error: unknown) => {
        response.writeHead(502, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: `The grant screen could not reach the simulated Shopify: ${String(error)}` }));
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

/** The shop's orders in the simulated admin: `<this>/<numeric id>` is an order's page (./order-page.ts). */
export function ordersPath(shop: string) {
  return `/store/${shop.replace(".myshopify.com", "")}/orders`;
}

export function accountsEditorPath(shop: string) {
  return `/store/${shop.replace(".myshopify.com", "")}/settings/checkout/editor`;
}

/**
 * The grant screen's calls (the admin page's script, below): GET the app's scopes, POST
 * `{ grant: [...] }` once the merchant grants. The simulated Shopify in the app's server process
 * checks and applies it (tests/demo/scopes.ts).
 */
async function grantScreenAnswer(request: http.IncomingMessage, response: http.ServerResponse, appUrl: string) {
  const endpoint = new URL("/__simulated-shopify/scopes", appUrl);
  let answer: Response;
  if (request.method === "POST") {
    let raw = "";
    for await (const chunk of request) raw += String(chunk);
    const body = JSON.parse(raw || "{}") as { grant?: unknown };
    answer = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ grant: body.grant }) });
  } else answer = await fetch(endpoint);
  response.writeHead(answer.status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(await answer.text());
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
  dialog#grant { border: 0; border-radius: 12px; padding: 0; width: min(480px, 92vw); box-shadow: 0 8px 32px rgba(0,0,0,.3); }
  dialog#grant::backdrop { background: rgba(0,0,0,.5); }
  #grant h2 { font-size: 16px; margin: 0; padding: 16px; border-bottom: 1px solid #e3e3e3; }
  #grant .body { padding: 16px; font-size: 14px; }
  #grant ul { padding-left: 20px; }
  #grant code { font-size: 12px; color: #616161; }
  #grant .actions { display: flex; justify-content: flex-end; gap: 8px; padding: 12px 16px; border-top: 1px solid #e3e3e3; }
  #grant button { font: inherit; padding: 6px 12px; border-radius: 8px; border: 1px solid #8a8a8a; background: #fff; cursor: pointer; }
  #grant button.primary { background: #303030; color: #fff; border-color: #000; }
  #grant button:focus-visible { outline: 2px solid #005bd3; outline-offset: 2px; }
</style>
</head>
<body>
<header><strong>Shopify admin</strong><span class="badge">Simulated for the offline demo</span><span>${escapeHtml(shop)}</span></header>
<nav aria-label="Admin">
  <a href="${basePath}" id="app-link" aria-current="page">SEKO Returns</a>
  <a href="${basePath.replace(/\/apps\/[^/]+$/, "/themes/current/editor")}" target="_blank" rel="noopener">Online Store › Theme editor</a>
  <a href="${basePath.replace(/\/apps\/[^/]+$/, "/settings/checkout/editor?page=order-status")}" target="_blank" rel="noopener">Settings › Customer accounts editor</a>
  <a href="${appOrigin}/__simulated-storefront" target="_blank" rel="noopener">Online Store › View your store</a>
  <div class="sub" id="app-nav" role="list" aria-label="SEKO Returns"></div>
</nav>
<main>
  <div id="loading"></div>
  <div id="title" role="heading" aria-level="1"></div>
  <iframe id="app-frame" title="SEKO Returns" src="${escapeHtml(frameUrl)}"></iframe>
</main>
<div id="toasts" role="status" aria-live="polite"></div>
<dialog id="grant" aria-labelledby="grant-title" aria-describedby="grant-what">
  <form method="dialog">
    <h2 id="grant-title">SEKO Returns wants more access</h2>
    <div class="body">
      <p id="grant-what">Grant access to let the app:</p>
      <ul id="grant-scopes"></ul>
      <p>You can remove this access later, from the app's settings in Shopify admin.</p>
    </div>
    <div class="actions"><button value="decline">Decline</button><button value="grant" class="primary">Grant access</button></div>
  </form>
</dialog>
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
    } else if (data.type === "scopes-request" && Array.isArray(data.scopes)) {
      ask({ id: data.id, scopes: data.scopes.map(String) });
    }
  });
  document.getElementById("app-link").addEventListener("click", function (e) { e.preventDefault(); send({ type: "navigate", href: "/app" }); });

  // The grant screen for optional scopes: shopify.scopes.request() in the app (tests/demo/app-bridge.js)
  // asks here; the answer is App Bridge's ScopesRequestResponse.
  var SCOPE_TEXT = {
    read_all_orders: "View all orders, not only those from the last 60 days",
    read_markets: "View your markets: the countries and currencies you sell in",
    write_returns: "Manage returns: create, update and process your store's returns",
    read_customers: "View customers",
  };
  var dialog = document.getElementById("grant");
  var asking = null;
  function answer(id, message) { send(Object.assign({ type: "scopes-answer", id: id }, message)); }
  function scopes(init) {
    return fetch("/scopes", init).then(function (response) {
      return response.json().then(function (body) { if (!response.ok) throw new Error(body.error || "HTTP " + response.status); return body; });
    });
  }
  function ask(request) {
    if (asking) answer(asking.id, { error: "Another access request is open" });
    scopes({ cache: "no-store" }).then(function (detail) {
      var undeclared = request.scopes.filter(function (s) { return detail.optional.indexOf(s) < 0; });
      if (undeclared.length || !request.scopes.length) return answer(request.id, { error: "Not optional scopes of this app: " + (undeclared.join(", ") || "none named") });
      var missing = request.scopes.filter(function (s) { return detail.granted.indexOf(s) < 0; });
      if (!missing.length) return answer(request.id, { response: { result: "granted-all", detail: detail } });
      asking = { id: request.id, scopes: missing, detail: detail };
      var list = document.getElementById("grant-scopes");
      list.innerHTML = "";
      missing.forEach(function (s) {
        var item = document.createElement("li");
        item.textContent = (SCOPE_TEXT[s] || s.replace(/_/g, " ")) + " ";
        var code = document.createElement("code"); code.textContent = s; item.appendChild(code);
        list.appendChild(item);
      });
      dialog.returnValue = "";
      dialog.showModal();
    }).catch(function (error) { answer(request.id, { error: String(error && error.message || error) }); });
  }
  dialog.addEventListener("close", function () {
    var current = asking; asking = null;
    if (!current) return;
    if (dialog.returnValue !== "grant") return answer(current.id, { response: { result: "declined-all", detail: current.detail } });
    scopes({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ grant: current.scopes }) })
      .then(function (detail) { answer(current.id, { response: { result: "granted-all", detail: detail } }); })
      .catch(function (error) { answer(current.id, { error: String(error && error.message || error) }); });
  });
})();
</script>
</body>
</html>`;
}
