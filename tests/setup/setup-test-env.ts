import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, inject, vi } from "vitest";
import { startSmtpCapture } from "../mocks/smtp";
import { appEnv } from "./config";
import { adminQuery, withDatabase } from "./postgres";

// A migrated database per worker, copied from the run's template: isolated, and no migration per
// test file. A SQLite file, or on the Postgres run a database created from the template database.
const templateDb = inject("templateDb");
const postgresUrl = inject("postgresUrl");
// On Postgres the databases are not dropped one by one: DROP DATABASE forces a checkpoint, and
// files finishing together queued behind each other's (seconds per file). The server is thrown
// away at the end of the run (tests/run-all.ts), and with it every worker database.
const workerDb = postgresUrl ? `worker_${process.pid}_${randomBytes(3).toString("hex")}` : path.join(path.dirname(templateDb), `worker-${process.pid}.sqlite`);
if (postgresUrl) await adminQuery(postgresUrl, `CREATE DATABASE ${workerDb} TEMPLATE ${templateDb}`);
else fs.copyFileSync(templateDb, workerDb);
const databaseUrl = postgresUrl ? withDatabase(postgresUrl, workerDb) : `file:${workerDb}`;
// The SEKO account manager's inbox: a local SMTP server per test file (tests/mocks/smtp.ts).
const smtp = await startSmtpCapture();
Object.assign(process.env, appEnv({ appUrl: "https://seko-returns.test", databaseUrl, smtpUrl: smtp.url }), {
  NODE_ENV: "test",
  LOG_LEVEL: "warn",
});

// msw must patch fetch before @shopify/shopify-api captures it.
const { server } = await import("#tests/mocks/node");
const { resetDatabase } = await import("./db");
const { resetSeko } = await import("#tests/mocks/seko");
const { resetShopify } = await import("#tests/mocks/shopify");

// Listen now, not in beforeAll: test files import the app (and Shopify's
// adapter captures `fetch`) before any beforeAll runs.
server.listen({ onUnhandledRequest: "error" });
afterEach(() => {
  server.resetHandlers();
  resetSeko();
  resetShopify();
  smtp.clear();
});
afterAll(async () => {
  server.close();
  await smtp.close();
  if (postgresUrl) {
    const { db, postgresPool } = await import("~/utils/db.server");
    await db.$disconnect();
    await postgresPool()?.end();
  } else fs.rmSync(workerDb, { force: true });
});

beforeEach(() => resetDatabase());

// An unexpected console.error is a bug: fail the test that caused it.
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});
