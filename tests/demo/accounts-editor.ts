import type http from "node:http";
import { editorStyles, escapeHtml, readForm } from "./editor-page";
import type { EditorContext } from "./theme-editor";

/**
 * The simulated admin's checkout and customer accounts editor, reduced to the order status page
 * and its one question for the app (app/customer-account/placement.ts): is the return status block
 * placed there? Its deep link (`page=order-status&context=apps`) opens that page with the app
 * blocks panel. What it saves lives with the simulated store (tests/demo/theme-extensions.ts).
 */
const STATUS_TARGET = "customer-account.order-status.block.render";

async function statusBlockPlaced(appUrl: string) {
  const answer = (await (await fetch(new URL("/__simulated-shopify/app-extensions", appUrl))).json()) as { type: string; activations: { target?: string }[] }[];
  return answer.some((extension) => extension.type === "ui_extension" && extension.activations.some((a) => a.target === STATUS_TARGET));
}

export async function accountsEditor(request: http.IncomingMessage, response: http.ServerResponse, context: EditorContext) {
  const url = new URL(request.url ?? "/", "http://admin.local");
  if (request.method === "POST") {
    const form = await readForm(request);
    const wanted = form.get("statusBlock") === "on";
    if (wanted !== (await statusBlockPlaced(context.appUrl))) {
      const saved = await fetch(new URL("/__simulated-shopify/theme", context.appUrl), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ statusBlock: wanted }),
      });
      if (!saved.ok) throw new Error(`HTTP ${saved.status}`);
    }
    response.writeHead(303, { location: `${url.pathname}?${new URLSearchParams({ page: "order-status", context: "apps", saved: "1" })}` });
    return response.end();
  }
  const placed = await statusBlockPlaced(context.appUrl);
  const page = url.searchParams.get("page") ?? "order-status";
  const notice = page === "order-status" ? "" : `<p class="notice" role="alert">The simulated editor has only the order status page; it opened that instead of "${escapeHtml(page)}".</p>`;
  response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Customer accounts editor · Order status · Simulated Shopify admin</title>
<style>${editorStyles}</style></head>
<body>
<header class="topbar">
  <a href="${escapeHtml(context.basePath)}" class="exit">Exit<span class="visually-hidden"> to SEKO Returns</span></a>
  <h1>Checkout and accounts editor <span class="badge demo">Simulated for the offline demo</span></h1>
  <span id="unsaved" class="unsaved" role="status">${url.searchParams.get("saved") ? "Saved" : ""}</span>
  <button type="submit" form="editor-form" class="primary">Save</button>
</header>
${notice}
<div class="workspace">
<aside class="sidebar">
  <form method="post" id="editor-form">
    <h2>Order status</h2>
    <ul class="outline">
      <li><span class="section-name">Order status</span><ul><li>Order confirmed</li><li>Shipping updates</li></ul></li>
      <li><span class="section-name">Apps</span>
        <div class="app-block">
          <input type="checkbox" id="statusBlock" name="statusBlock" value="on"${placed ? " checked" : ""} aria-describedby="status-help">
          <label for="statusBlock">Return status</label>
          <p id="status-help" class="note">App block from SEKO Returns on the order status page. Saved: <strong id="status-block-status">${placed ? "Placed" : "Not placed"}</strong></p>
        </div>
      </li>
      <li><span class="section-name">Order summary</span></li>
    </ul>
  </form>
</aside>
<main class="preview" aria-label="Preview">
  <div class="pv-page">
    <div class="pv-header">Demo Returns Store · Order #1001</div>
    <div class="pv-section"><span>Order confirmed · Shipping updates</span></div>
    <div class="pv-section pv-apps" id="preview-block"${placed ? "" : " hidden"}><strong>Return status</strong><br><span>Your return's latest status from SEKO</span></div>
    <div class="pv-section"><span>Order summary</span></div>
  </div>
</main>
</div>
<script>
(function () {
  var saved = ${JSON.stringify(placed)};
  var box = document.getElementById("statusBlock");
  box.addEventListener("change", function () {
    document.getElementById("preview-block").hidden = !box.checked;
    document.getElementById("unsaved").textContent = box.checked !== saved ? "Unsaved changes" : "";
  });
})();
</script>
</body></html>`);
}
