// The app's server process for the demo and the browser tests. It starts the
// simulated Shopify and SEKO (msw) first, so they answer the app's outgoing
// HTTP calls before any app module captures `fetch`, then serves the
// production build, unchanged. Production runs the same build with
// remix-serve; see docs/decisions/003-offline-demo.md for why the demo does
// not (remix-serve swaps in undici's fetch classes after msw has patched them).
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { server } from "../mocks/node";
import { configureSekoWebhook } from "../mocks/seko";
import { configureSekoStatusEmails, mailFolderInbox } from "../mocks/seko-status-emails";
import { configureShopify, shopifyStore } from "../mocks/shopify";
import { DEMO_API_SECRET, DEMO_SHOP } from "../setup/config";
import { installedScopesFrom, readWebhookConfig, startLiveStore } from "./live-store";
import { orderPageData } from "./order-page";
import { PORTAL_PATH, returnsPortalRouter } from "./returns-portal";
import { returnsLinkMetafields, STOREFRONT_PATH, storefrontRouter } from "./storefront";
import { changeScopes, declaredScopes, scopesDetail, scopesUpdateRequest } from "./scopes";
import { addAppBlock, extensionsReport, removeAppBlocks, setEmbedEnabled, setStatusBlockPlaced, themeOutline } from "./theme-extensions";

server.listen({
  onUnhandledRequest(request, print) {
    const { hostname } = new URL(request.url);
    if (hostname === "localhost" || hostname === "127.0.0.1") return;
    // Nothing leaves this machine: an unknown host is a bug in the fakes or the app.
    print.error();
  },
});

// Long enough that the step 5 page shows the order sync's progress bar move.
configureShopify({ bulkOperationDurationMs: 3000 });

// APP_BUILD_DIR: the pages benchmark serves its own build (tests/bench/pages.ts), leaving ./build to the demo.
const buildDir = path.resolve(process.env.APP_BUILD_DIR ?? "build");
const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
const port = Number(process.env.PORT ?? 3000);

const app = express();
app.disable("x-powered-by");
app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
// The simulated Shopify's theme, for the simulated admin: its App Bridge stand-in asks here what
// `shopify.app.extensions()` answers, and its theme editor switches the embed and adds the block.
// The store lives in this process (msw), so this is where its theme can be read and changed.
const themeStore = () => shopifyStore(DEMO_SHOP);
// The blocks' available_if: placeable once the app has set a portal address.
const portalSet = () => themeStore().appMetafields.some((m) => m.namespace === "returns_link" && m.key === "portal_set" && m.value === "true");
app.get("/__simulated-shopify/app-extensions", (_request, response) => {
  response.set("cache-control", "no-store").json(extensionsReport(themeStore().data, portalSet()));
});
app.get("/__simulated-shopify/theme", (request, response) => {
  const template = typeof request.query.template === "string" && /^[a-z0-9_./-]{1,60}$/.test(request.query.template) ? request.query.template : "index";
  response.set("cache-control", "no-store").json(themeOutline(themeStore().data, template));
});
app.post("/__simulated-shopify/theme", express.json(), (request, response) => {
  const body = (request.body ?? {}) as { embed?: unknown; addBlockTo?: unknown; removeBlocks?: unknown; removeBlockFrom?: unknown; statusBlock?: unknown };
  if (typeof body.embed === "boolean") setEmbedEnabled(themeStore().data, body.embed);
  if (typeof body.statusBlock === "boolean") setStatusBlockPlaced(themeStore().data, body.statusBlock);
  if (typeof body.addBlockTo === "string" && /^[a-z0-9_./-]{1,60}$/.test(body.addBlockTo)) addAppBlock(themeStore().data, body.addBlockTo);
  if (body.removeBlocks === true) removeAppBlocks(themeStore().data);
  if (typeof body.removeBlockFrom === "string" && /^[a-z0-9_./-]{1,60}$/.test(body.removeBlockFrom)) removeAppBlocks(themeStore().data, body.removeBlockFrom);
  response.json(extensionsReport(themeStore().data, portalSet()));
});
// An order with its returns and refunds, for the simulated admin's order page (./order-page.ts).
app.get("/__simulated-shopify/orders/:id", (request, response) => {
  const data = /^\d{1,20}$/.test(request.params.id) ? orderPageData(themeStore().data, request.params.id) : null;
  if (!data) response.status(404).json({ error: "No such order in the simulated store" });
  else response.set("cache-control", "no-store").json(data);
});
// Optional scopes: the simulated admin's grant screen grants here, the App Bridge stand-in's
// `shopify.scopes.query()` / `revoke()` read and revoke here (./scopes.ts). A change reaches the app's
// token at once and the app hears of it by the app/scopes_update webhook, as from Shopify.
const appToml = fs.readFileSync("shopify.app.toml", "utf8");
const declared = declaredScopes(appToml);
app.get("/__simulated-shopify/scopes", (_request, response) => {
  response.set("cache-control", "no-store").json(scopesDetail(declared, themeStore().scopes));
});
app.post("/__simulated-shopify/scopes", express.json(), async (request, response) => {
  const previous = themeStore().scopes;
  const changed = changeScopes(declared, previous, (request.body ?? {}) as object);
  if ("error" in changed) {
    response.status(422).json({ error: changed.error });
    return;
  }
  themeStore().setInstalledScopes(changed.scopes);
  const apiSecret = process.env.SHOPIFY_API_SECRET ?? DEMO_API_SECRET;
  const webhook = scopesUpdateRequest({ shop: DEMO_SHOP, appUrl: `http://localhost:${port}`, apiSecret, webhooks: readWebhookConfig(appToml), previous, current: changed.scopes });
  if (webhook) {
    const delivered = await fetch(webhook).catch((error: unknown) => error);
    if (!(delivered instanceof Response) || !delivered.ok)
      console.log(`app: the app/scopes_update webhook was not taken (${delivered instanceof Response ? `HTTP ${delivered.status}` : String(delivered)})`);
  }
  response.json(scopesDetail(declared, changed.scopes));
});
// The simulated SEKO's side of the tracking webhook: what a merchant types into OmniRPS (the URL,
// username and password Settings shows once), as a form (GET) or posted (tests). From then on SEKO plays each return label's
// timeline (RC → RDBTC), one status every DEMO_SEKO_STEP_MS, through the app's real receiver.
const SEKO_WEBHOOK_FORM = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Simulated OmniRPS: tracking webhook</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto"><h1>Simulated OmniRPS: tracking webhook</h1>
<p>Paste what the app's Settings page shows once (Tracking webhook). SEKO then posts every return label's statuses to it.</p>
<form method="post"><p><label>Webhook URL<br><input name="url" size="70" required></label></p>
<p><label>Username<br><input name="username" required></label></p><p><label>Password<br><input name="password" required></label></p>
<p><label>Time between statuses (milliseconds)<br><input name="stepMs" type="number" min="100" value="5000"></label></p>
<p><button>Save in OmniRPS</button></p></form></body></html>`;
app.get("/__simulated-seko/webhook", (_request, response) => {
  response.type("html").send(SEKO_WEBHOOK_FORM);
});
app.post("/__simulated-seko/webhook", express.json(), express.urlencoded({ extended: false }), (request, response) => {
  const { url, username, password } = (request.body ?? {}) as Record<string, unknown>;
  if (typeof url !== "string" || !url.startsWith(`http://localhost:${port}/seko/tracking/`) || typeof username !== "string" || typeof password !== "string") {
    response.status(400).json({ error: "url (this app's /seko/tracking/… address), username and password are needed" });
    return;
  }
  const stepMs = Number(request.body.stepMs ?? process.env.DEMO_SEKO_STEP_MS ?? 5000);
  configureSekoWebhook({ url, username, password, stepMs: Number.isFinite(stepMs) && stepMs > 0 ? stepMs : 5000 });
  if (request.is("urlencoded"))
    response.type("html").send(`<p style="font-family:sans-serif">Saved: SEKO now posts each return label's statuses to ${url.replace(/[<>&"]/g, "")}. Close this tab.</p>`);
  else response.json({ ok: true, stepMs });
});
// The simulated SEKO's emails to customers: each live return's statuses covered by the newest step 8
// hand-over in SEKO's inbox (the .eml files of tests/demo/start.ts), to the mail capture (the outbox).
if (process.env.SMTP_URL && process.env.SEKO_ONBOARDING_EMAIL) {
  configureSekoStatusEmails({
    smtpUrl: process.env.SMTP_URL,
    sekoAddress: process.env.SEKO_ONBOARDING_EMAIL,
    shop: DEMO_SHOP,
    inbox: mailFolderInbox(path.resolve(process.env.DEMO_MAIL_DIR ?? ".demo/mail"), new Date(process.env.DEMO_MAIL_SINCE ?? 0)),
    retailer: () => ({ name: themeStore().data.shop.name, email: themeStore().data.shop.contactEmail, url: themeStore().data.shop.url }),
    order: (orderNumber) => {
      const order = themeStore().data.orders.find((candidate) => candidate.name === `#${orderNumber}`);
      return order ? { name: order.name, createdAt: order.createdAt } : null;
    },
    portalUrl: `http://localhost:${port}${PORTAL_PATH}`,
  });
}
// The storefront with the theme extension's real Liquid, and the SEKO returns portal its link opens:
// a customer's return there is a live return, its statuses sent to the tracking webhook (./returns-portal.ts).
app.use(storefrontRouter({ store: () => themeStore().data, metafields: () => themeStore().appMetafields }));
app.use(
  returnsPortalRouter({
    store: () => themeStore().data,
    paramNames: () => {
      const values = returnsLinkMetafields(themeStore().appMetafields);
      return { order: values.order_param, email: values.email_param };
    },
  }),
);
app.all("*", createRequestHandler({ build, mode: "production" }));
const httpServer = app.listen(port, () => {
  console.log(`app: listening on http://localhost:${port}`);
  console.log(`app: simulated OmniRPS takes the tracking webhook at http://localhost:${port}/__simulated-seko/webhook`);
  console.log(`app: simulated storefront at http://localhost:${port}${STOREFRONT_PATH}, its returns link opens SEKO's portal at ${PORTAL_PATH}`);
});

// The simulated store lives while the demo runs: new orders, fulfilments, cancellations and
// refunds, each announced to the app by a signed webhook (./live-store.ts).
const changesPerMinute = Number(process.env.DEMO_LIVE_ORDERS_PER_MINUTE ?? 4);
if (!Number.isFinite(changesPerMinute) || changesPerMinute < 0) {
  console.error(`app: DEMO_LIVE_ORDERS_PER_MINUTE must be a number, 0 or more (got "${process.env.DEMO_LIVE_ORDERS_PER_MINUTE}")`);
  process.exit(1);
}
const sessions = installedScopesFrom(process.env.DATABASE_URL ?? "");
const live = startLiveStore({
  shop: DEMO_SHOP,
  appUrl: `http://localhost:${port}`,
  apiSecret: process.env.SHOPIFY_API_SECRET ?? DEMO_API_SECRET,
  webhooks: readWebhookConfig(fs.readFileSync("shopify.app.toml", "utf8")),
  store: () => shopifyStore(DEMO_SHOP).data,
  installedScopes: sessions.scopes,
  changesPerMinute,
  log: (line) => console.log(line),
});

// The timer and its database connection go with the server.
let liveStopped: Promise<void> | null = null;
const stopLive = () => (liveStopped ??= live.stop().then(() => sessions.close()));
httpServer.on("close", () => void stopLive());
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // Whatever else holds the event loop (the app's job loop, its database), the demo exits.
    setTimeout(() => process.exit(0), 2000).unref();
    void stopLive().then(() => {
      server.close();
      httpServer.close(() => process.exit(0));
      httpServer.closeAllConnections();
    });
  });
}
