// The app's server process for the demo and the browser tests. It starts the
// simulated Shopify and SEKO (msw) first, so they answer the app's outgoing
// HTTP calls before any app module captures `fetch`, then serves the
// production build, unchanged. Production runs the same build with
// remix-serve; see docs/decisions/003-offline-demo.md for why the demo does
// not (remix-serve swaps in undici's fetch classes after msw has patched them).
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { server } from "../mocks/node";
import { configureShopify } from "../mocks/shopify";

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

const buildDir = path.resolve("build");
const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
const port = Number(process.env.PORT ?? 3000);

const app = express();
app.disable("x-powered-by");
app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production" }));
app.listen(port, () => console.log(`app: listening on http://localhost:${port}`));
