import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { appEnv, DEMO_API_KEY, DEMO_API_SECRET, DEMO_SHOP } from "../setup/config";
import { SEKO_TEST_KEYS } from "../mocks/seko-keys";
import { startSmtpCapture } from "../mocks/smtp";
import { adminPath, createAdminServer } from "./admin";

/**
 * The offline demo: the real app (its production build) against the
 * simulated Shopify and SEKO, framed by a simulated admin. Used by
 * `npm run demo` and by the browser tests (with other ports and database).
 *
 *   DEMO_APP_PORT (3000)  DEMO_ADMIN_PORT (3001)  DEMO_DB (.demo/demo.sqlite)
 *   DEMO_LIVE_ORDERS_PER_MINUTE (4)  store changes a minute once the app is installed; 0: none
 *   --no-build            reuse ./build, or APP_BUILD_DIR (the test runner builds once)
 *   --fresh               start from an empty database
 */
const started = performance.now();
const args = new Set(process.argv.slice(2));
const appPort = Number(process.env.DEMO_APP_PORT ?? 3000);
const adminPort = Number(process.env.DEMO_ADMIN_PORT ?? 3001);
const dbFile = path.resolve(process.env.DEMO_DB ?? ".demo/demo.sqlite");
const appUrl = `http://localhost:${appPort}`;
const adminOrigin = `http://localhost:${adminPort}`;

function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, commandArgs, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`demo: \`${command} ${commandArgs.join(" ")}\` failed`);
    process.exit(result.status ?? 1);
  }
}

async function portIsFree(port: number) {
  return new Promise<boolean>((resolve) => {
    const probe = net.createServer().once("error", () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

async function waitForApp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`The app did not answer at ${url} within ${timeoutMs / 1000}s`);
}

for (const port of [appPort, adminPort]) {
  if (!(await portIsFree(port))) {
    console.error(`demo: port ${port} is in use. Stop what uses it, or set DEMO_APP_PORT / DEMO_ADMIN_PORT.`);
    process.exit(1);
  }
}

fs.mkdirSync(path.dirname(dbFile), { recursive: true });
// The saved mail SEKO reads as its inbox is this database's: a new or fresh database starts an empty inbox.
const inboxSinceFile = `${dbFile}.mail-since`;
if (args.has("--fresh") || !fs.existsSync(dbFile)) fs.writeFileSync(inboxSinceFile, new Date().toISOString());
else if (!fs.existsSync(inboxSinceFile)) fs.writeFileSync(inboxSinceFile, new Date(0).toISOString());
if (args.has("--fresh")) fs.rmSync(dbFile, { force: true });
// SEKO's inbox for on-boarding submissions: kept as .eml files (tests/mocks/smtp.ts). The simulated SEKO
// (the app's process) reads the hand-overs of step 8 from there to send customers their status emails.
const mailDir = path.resolve(process.env.DEMO_MAIL_DIR ?? ".demo/mail");
const smtp = await startSmtpCapture({ saveTo: mailDir });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...appEnv({ appUrl, databaseUrl: `file:${dbFile}`, adminOrigin, smtpUrl: smtp.url }),
  NODE_ENV: "production",
  PORT: String(appPort),
  DEMO_MAIL_DIR: mailDir,
  DEMO_MAIL_SINCE: fs.readFileSync(inboxSinceFile, "utf8").trim(),
  // Step 3 names the simulated SEKO's keys; the app refuses this anywhere but on localhost.
  SEKO_DEMO_KEYS: JSON.stringify(SEKO_TEST_KEYS),
  // The demo stays offline: Prisma's CLI otherwise asks checkpoint.prisma.io for a newer version as it migrates.
  CHECKPOINT_DISABLE: "1",
};
run("prisma", ["migrate", "deploy"], env);
if (!args.has("--no-build") || !fs.existsSync(path.join(process.env.APP_BUILD_DIR ?? "build", "server/index.js"))) run("remix", ["vite:build"], env);

const admin = createAdminServer({ shop: DEMO_SHOP, apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, appUrl, outbox: smtp });
await new Promise<void>((resolve) => admin.listen(adminPort, resolve));

const app = spawn("tsx", ["tests/demo/app-server.ts"], { stdio: "inherit", env });
app.on("exit", (code) => {
  admin.close();
  void smtp.close();
  process.exit(code ?? 0);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    app.kill("SIGTERM");
    admin.close();
    void smtp.close();
  });
}

await waitForApp(`${appUrl}/`, 60_000);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const liveRate = Number(process.env.DEMO_LIVE_ORDERS_PER_MINUTE ?? 4);
const liveLine =
  liveRate > 0
    ? `Once the app is installed the store changes about ${liveRate} times a minute (orders, fulfilments, cancellations, refunds; DEMO_LIVE_ORDERS_PER_MINUTE=0 stops that).`
    : "The store stays still (DEMO_LIVE_ORDERS_PER_MINUTE=0).";
console.log(`
  SEKO Returns offline demo is ready (${seconds}s).
  Open ${adminOrigin}${adminPath(DEMO_SHOP)}
  Emails the app sent: ${adminOrigin}/outbox
  Simulated shop: ${DEMO_SHOP} · Ctrl-C stops it.
  ${liveLine}
  The simulated SEKO's keys (Settings, step 3; Test and Production alike; nothing else is accepted):
    OmniReturns access key  ${SEKO_TEST_KEYS.omnireturns}
    OmniRPS token           ${SEKO_TEST_KEYS.omnirps.token}
    Retailer name           ${SEKO_TEST_KEYS.omnirps.retailerName}
    OmniParcel access key   ${SEKO_TEST_KEYS.omniparcel}
`);
