import type http from "node:http";
import type { TemplateOutline } from "./theme-extensions";
import { editorStyles, escapeHtml, readForm } from "./editor-page";

/**
 * The simulated admin's theme editor, reduced to what the app's deep links need
 * (app/storefront/link.ts): the published theme's sections for a template in a sidebar, the app
 * block in that template's Apps section, the App embeds panel with the embed's switch, a preview and
 * Save. It opens where Shopify's deep link says: `context=apps&activateAppId=<api key>/<embed>`
 * opens App embeds with the embed switched on (unsaved), `template=…&addAppBlockId=<api key>/<block>`
 * opens that template with the block added (unsaved). The theme lives with the simulated store in
 * the app's server process (tests/demo/theme-extensions.ts).
 */
export type EditorContext = { appUrl: string; basePath: string; apiKey: string };

type Activation = { handle: string; name: string; status: string; activations: { target: string }[] };
type Outline = { theme: string; templates: string[]; sections: TemplateOutline };

const EMBED = "returns-embed";
const BLOCK = "returns-link";
const TEMPLATE = /^[a-z0-9_./-]{1,60}$/;
const TEMPLATE_NAMES: Record<string, string> = { index: "Home page", product: "Default product", page: "Default page", collection: "Default collection", cart: "Cart" };

const templateName = (template: string) => TEMPLATE_NAMES[template] ?? template.replace(/[/._-]+/g, " ").replace(/^./, (c) => c.toUpperCase());
const sectionName = (type: string) => (type === "apps" ? "Apps" : type.replace(/[-_]+/g, " ").replace(/^./, (c) => c.toUpperCase()));

async function state(appUrl: string, template: string) {
  const [extensions, outline] = await Promise.all([
    fetch(new URL("/__simulated-shopify/app-extensions", appUrl)).then((r) => r.json() as Promise<{ type: string; activations: Activation[] }[]>),
    fetch(new URL(`/__simulated-shopify/theme?template=${encodeURIComponent(template)}`, appUrl)).then((r) => r.json() as Promise<Outline>),
  ]);
  const blocks = extensions.find((extension) => extension.type === "theme_app_extension")?.activations ?? [];
  const embed = blocks.find((b) => b.handle === EMBED);
  const block = blocks.find((b) => b.handle === BLOCK);
  const placements = (block?.activations ?? []).map((a) => a.target);
  return {
    outline,
    unavailable: embed?.status === "unavailable",
    embedOn: Boolean(embed?.activations.length) || embed?.status === "active",
    placements,
    blockHere: outline.sections.some((section) => section.blocks.some((b) => b.ours && b.type.includes(`/blocks/${BLOCK}/`))),
  };
}

async function save(appUrl: string, change: Record<string, unknown>) {
  const saved = await fetch(new URL("/__simulated-shopify/theme", appUrl), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(change) });
  if (!saved.ok) throw new Error(`HTTP ${saved.status}`);
}

export async function themeEditor(request: http.IncomingMessage, response: http.ServerResponse, context: EditorContext) {
  const url = new URL(request.url ?? "/", "http://admin.local");
  const asked = url.searchParams.get("template") ?? "index";
  const template = TEMPLATE.test(asked) ? asked : "index";
  if (request.method === "POST") {
    const form = await readForm(request);
    const target = TEMPLATE.test(form.get("template") ?? "") ? form.get("template")! : template;
    const now = await state(context.appUrl, target);
    if (form.get("removeBlocks") === "all") await save(context.appUrl, { removeBlocks: true });
    else {
      const change: Record<string, unknown> = {};
      const embed = form.get("embed") === "on";
      if (embed !== now.embedOn) change.embed = embed;
      const block = form.get("block") === "on";
      if (block && !now.blockHere) change.addBlockTo = target;
      if (!block && now.blockHere) change.removeBlockFrom = target;
      if (Object.keys(change).length) await save(context.appUrl, change);
    }
    const back = new URLSearchParams({ template: target, saved: "1" });
    if (form.get("panel") === "apps") back.set("context", "apps");
    response.writeHead(303, { location: `${url.pathname}?${back}` });
    return response.end();
  }

  const now = await state(context.appUrl, template);
  const notices: string[] = [];
  const activate = url.searchParams.get("activateAppId");
  const addBlock = url.searchParams.get("addAppBlockId");
  if (activate && activate !== `${context.apiKey}/${EMBED}`) notices.push(`No app embed "${activate}" in this theme. Check the app's link.`);
  if (addBlock && addBlock !== `${context.apiKey}/${BLOCK}`) notices.push(`No app block "${addBlock}" for this theme. Check the app's link.`);
  const embedChecked = now.embedOn || activate === `${context.apiKey}/${EMBED}`;
  const blockChecked = now.blockHere || addBlock === `${context.apiKey}/${BLOCK}`;
  const unsaved = embedChecked !== now.embedOn || blockChecked !== now.blockHere;
  const panel = url.searchParams.get("context") === "apps" ? "apps" : "sections";
  const templates = [...new Set(["index", "product", "page", ...now.outline.templates, template])];
  const sections = now.outline.sections.filter((s) => s.type !== "apps");
  const unavailableNote = now.unavailable ? `<p class="note">Hidden on the storefront until the app has a returns portal address (the block's available_if).</p>` : "";

  const sectionItems = sections
    .map(
      (s) =>
        `<li><span class="section-name">${escapeHtml(sectionName(s.type))}</span>${s.blocks.length ? `<ul>${s.blocks.map((b) => `<li>${escapeHtml(sectionName(b.type))}</li>`).join("")}</ul>` : ""}</li>`,
    )
    .join("");
  const previewSections =
    sections.map((s) => `<div class="pv-section"><span>${escapeHtml(sectionName(s.type))}</span></div>`).join("") ||
    `<div class="pv-section"><span>${escapeHtml(templateName(template))} content</span></div>`;

  response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Theme editor · ${escapeHtml(now.outline.theme)} · Simulated Shopify admin</title>
<style>${editorStyles}</style></head>
<body>
<header class="topbar">
  <a href="${escapeHtml(context.basePath)}" class="exit">Exit<span class="visually-hidden"> to SEKO Returns</span></a>
  <h1>${escapeHtml(now.outline.theme)} <span class="badge">Live</span> <span class="badge demo">Simulated for the offline demo</span></h1>
  <form method="get" class="template-picker">
    <label for="template">Template</label>
    <select id="template" name="template">${templates.map((t) => `<option value="${escapeHtml(t)}"${t === template ? " selected" : ""}>${escapeHtml(templateName(t))}</option>`).join("")}</select>
    <button type="submit">Open</button>
  </form>
  <span id="unsaved" class="unsaved" role="status">${unsaved ? "Unsaved changes" : url.searchParams.get("saved") ? "Saved" : ""}</span>
  <button type="submit" form="editor-form" class="primary">Save</button>
</header>
${notices.map((n) => `<p class="notice" role="alert">${escapeHtml(n)}</p>`).join("")}
<div class="workspace">
<aside class="sidebar">
  <div class="tabs" role="group" aria-label="Editor panels">
    <button type="button" data-panel="sections" aria-pressed="${panel === "sections"}">Sections</button>
    <button type="button" data-panel="apps" aria-pressed="${panel === "apps"}">App embeds</button>
  </div>
  <form method="post" id="editor-form">
    <input type="hidden" name="template" value="${escapeHtml(template)}">
    <input type="hidden" name="panel" value="${panel}">
    <section id="panel-sections" aria-labelledby="sections-title"${panel === "sections" ? "" : " hidden"}>
      <h2 id="sections-title">${escapeHtml(templateName(template))}</h2>
      <ul class="outline">
        <li><span class="section-name">Header</span></li>
        ${sectionItems}
        <li><span class="section-name">Apps</span>
          <div class="app-block">
            <input type="checkbox" id="block" name="block" value="on"${blockChecked ? " checked" : ""} aria-describedby="block-help">
            <label for="block">Start a return</label>
            <p id="block-help" class="note">App block from SEKO Returns, in this template's Apps section. Placed on: <span id="block-placements">${escapeHtml(now.placements.join(", ") || "nowhere")}</span></p>
          </div>
        </li>
        <li><span class="section-name">Footer</span></li>
      </ul>
    </section>
    <section id="panel-apps" aria-labelledby="apps-title"${panel === "apps" ? "" : " hidden"}>
      <h2 id="apps-title">App embeds</h2>
      <div class="embed">
        <label for="embed">Returns link <span class="note">SEKO Returns</span></label>
        <input type="checkbox" role="switch" id="embed" name="embed" value="on"${embedChecked ? " checked" : ""}>
      </div>
      <p class="note">Saved: <strong id="embed-status">${now.embedOn ? "On" : "Off"}</strong></p>
      ${unavailableNote}
    </section>
  </form>
  <form method="post" class="shortcut"><input type="hidden" name="removeBlocks" value="all"><input type="hidden" name="template" value="${escapeHtml(template)}"><button type="submit">Remove the block from every template</button></form>
</aside>
<main class="preview" aria-label="Preview">
  <div class="pv-page">
    <div class="pv-header">Demo Returns Store</div>
    ${previewSections}
    <div class="pv-section pv-apps" id="preview-block"${blockChecked ? "" : " hidden"}><a class="pv-button" href="#" tabindex="-1">Start a return</a></div>
    <div class="pv-footer">Footer</div>
    <div class="pv-embed" id="preview-embed"${embedChecked ? "" : " hidden"}>Start a return</div>
  </div>
</main>
</div>
<script>
(function () {
  var saved = { embed: ${JSON.stringify(now.embedOn)}, block: ${JSON.stringify(now.blockHere)} };
  var embed = document.getElementById("embed"), block = document.getElementById("block");
  function sync() {
    document.getElementById("preview-embed").hidden = !embed.checked;
    document.getElementById("preview-block").hidden = !block.checked;
    document.getElementById("unsaved").textContent = embed.checked !== saved.embed || block.checked !== saved.block ? "Unsaved changes" : "";
  }
  embed.addEventListener("change", sync);
  block.addEventListener("change", sync);
  document.querySelectorAll("[data-panel]").forEach(function (button) {
    button.addEventListener("click", function () {
      var panel = button.getAttribute("data-panel");
      document.querySelectorAll("[data-panel]").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      document.getElementById("panel-sections").hidden = panel !== "sections";
      document.getElementById("panel-apps").hidden = panel !== "apps";
      document.querySelector('input[name="panel"]').value = panel;
    });
  });
})();
</script>
</body></html>`);
}
