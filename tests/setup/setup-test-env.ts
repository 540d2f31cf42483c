import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, vi } from "vitest";
import { appEnv } from "./config";

// A migrated SQLite file per worker: isolated, and no migration per test file.
const dbDir = path.resolve("tests/.db");
const workerDb = path.join(dbDir, `worker-${process.env.VITEST_POOL_ID ?? "0"}-${process.pid}.sqlite`);
fs.copyFileSync(path.join(dbDir, "template.sqlite"), workerDb);
Object.assign(process.env, appEnv({ appUrl: "https://seko-returns.test", databaseUrl: `file:${workerDb}` }), {
  NODE_ENV: "test",
  LOG_LEVEL: "warn",
});

// msw must patch fetch before @shopify/shopify-api captures it.
const { server } = await import("#tests/mocks/node");
const { resetDatabase } = await import("./db");

// Listen now, not in beforeAll: test files import the app (and Shopify's
// adapter captures `fetch`) before any beforeAll runs.
server.listen({ onUnhandledRequest: "error" });
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  fs.rmSync(workerDb, { force: true });
});

beforeEach(() => resetDatabase());

// An unexpected console.error is a bug: fail the test that caused it.
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});
