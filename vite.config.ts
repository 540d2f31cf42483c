/// <reference types="vitest/config" />
import path from "node:path";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const port = Number(process.env.PORT ?? 3000);

/**
 * Worker threads in the server build. Server code starts a thread from a
 * TypeScript module next to it, `new Worker(new URL("./sqlite-thread.ts",
 * import.meta.url))`: run from the source (vitest, tsx, the dev server), Node
 * runs that file itself, erasing its types. Vite leaves such a URL alone in
 * server code, so here the server build emits each module it names as a
 * JavaScript chunk of its own (build/server/sqlite-thread.js) and points the
 * URL at it. docs/decisions/017-worker-threads-as-modules.md.
 */
function workerThreadsInServerBuild(): Plugin {
  const threadUrl = /new URL\(\s*(["'])(\.{1,2}\/[\w./-]+\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;
  return {
    name: "worker-threads-in-server-build",
    apply: (_config, env) => env.command === "build" && Boolean(env.isSsrBuild),
    transform(code, id) {
      if (id.includes("/node_modules/") || !code.includes("import.meta.url")) return null;
      let found = false;
      const out = code.replace(threadUrl, (_match, _quote, relative: string) => {
        found = true;
        const file = path.resolve(path.dirname(id), relative);
        const reference = this.emitFile({ type: "chunk", id: file, fileName: `${path.basename(file, ".ts")}.js` });
        return `new URL(import.meta.ROLLUP_FILE_URL_${reference})`;
      });
      return found ? { code: out, map: null } : null;
    },
  };
}

export default defineConfig({
  server: {
    port,
    // `shopify app dev` tunnels to this port; HMR rides the same socket.
    hmr: { protocol: "ws", host: "localhost", port: port + 1 },
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    !process.env.VITEST &&
      remix({
        // APP_BUILD_DIR: the benchmarks build into a folder of their own (tests/bench/app-instance.ts), leaving ./build to the demo.
        buildDirectory: process.env.APP_BUILD_DIR ?? "build",
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_lazyRouteDiscovery: true,
          v3_singleFetch: true,
          v3_routeConfig: true,
        },
      }),
    tsconfigPaths(),
    workerThreadsInServerBuild(),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    globalSetup: ["./tests/setup/global-setup.ts"],
    setupFiles: ["./tests/setup/setup-test-env.ts"],
    pool: "forks",
    restoreMocks: true,
    // The Postgres run (npm test's second) talks to a server over TCP, with more time per query than
    // SQLite in the process: the same tests, a longer limit.
    testTimeout: process.env.TEST_POSTGRES_URL ? 15_000 : 5_000,
  },
});
