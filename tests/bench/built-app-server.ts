/**
 * The app's production build served for the flood and soak benchmarks (./app-instance.ts starts it):
 * the simulated Shopify and SEKO (msw) first, so they answer the app's outgoing calls, then the
 * build in BENCH_BUILD_DIR behind Express and Remix's request handler, as the demo serves it
 * (tests/demo/app-server.ts; remix-serve is Express and the same handler, plus compression and a
 * request log). No bench-only routes: everything measured goes through the app's own HTTP interface.
 *
 * BENCH_SHOP_TOKENS ("shop=token,…"): offline tokens the simulated Shopify accepts, the ones the
 * orchestrator stored in the sessions it made. Prints `{"ready":port}` once listening.
 */
import path from "node:path";
import type { AddressInfo } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { server as fakes } from "../mocks/node";
import { issueAccessToken } from "../mocks/shopify";

fakes.listen({
  onUnhandledRequest(request, print) {
    const { hostname } = new URL(request.url);
    if (hostname === "localhost" || hostname === "127.0.0.1") return;
    // Nothing leaves this machine: an unknown host is a bug in the fakes or the app.
    print.error();
  },
});
for (const pair of (process.env.BENCH_SHOP_TOKENS ?? "").split(",").filter(Boolean)) {
  const [shop, token] = pair.split("=");
  issueAccessToken(shop!, { token: token! });
}

const buildDir = path.resolve(process.env.BENCH_BUILD_DIR ?? "build");
const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
const app = express();
app.disable("x-powered-by");
app.set("trust proxy", false);
app.all("*", createRequestHandler({ build, mode: "production" }));
const listener = app.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ ready: (listener.address() as AddressInfo).port })));
listener.keepAliveTimeout = 60_000;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    setTimeout(() => process.exit(0), 3000).unref();
    fakes.close();
    listener.close(() => process.exit(0));
    listener.closeAllConnections();
  });
}
