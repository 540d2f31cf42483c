/**
 * The deployment recipe, run as the container runs it (docs/deployment.md), without Docker: the
 * Dockerfile's CMD and NODE_OPTIONS, read from the Dockerfile itself, against the production build and a
 * throwaway Postgres. Checks, each counted by `npm test`:
 *   1. two instances started at the same time both migrate (one at a time) and come up healthy;
 *   2. /healthz reports the database kind;
 *   3. a job an instance holds is released on SIGTERM, and the instance exits by itself, with 0;
 *   4. the instance left running is unaffected and still healthy.
 * `tsx tests/deploy/smoke.ts` (after `npm run build`); prints `deploy: N passed, N failed`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import pg from "pg";
import { appEnv } from "../setup/config";
import { imageNodeOptions } from "./image-node-options";
import { adminQuery, startPostgres, withDatabase } from "../setup/postgres";

const results: { name: string; ok: boolean; detail?: string }[] = [];
const check = (name: string, ok: boolean, detail?: string) => {
  results.push({ name, ok, detail });
  console.log(`deploy: ${ok ? "ok  " : "FAIL"} ${name}${detail ? ` (${detail})` : ""}`);
};

const dockerfile = fs.readFileSync("Dockerfile", "utf8");
const cmdLine = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
const cmd = cmdLine ? (JSON.parse(cmdLine) as string[]) : null;
if (!cmd || !fs.existsSync("build/server/index.js")) {
  console.error("deploy: needs the Dockerfile's CMD and a production build (npm run build)");
  console.log("deploy: 0 passed, 1 failed");
  process.exit(1);
}

async function freePort() {
  return new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const postgres = await startPostgres();
await adminQuery(postgres.url, "CREATE DATABASE deploy");
const databaseUrl = withDatabase(postgres.url, "deploy");
const children: ChildProcess[] = [];

async function start(name: string) {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...appEnv({ appUrl: "https://seko-returns.example", databaseUrl }),
    NODE_ENV: "production",
    NODE_OPTIONS: imageNodeOptions(),
    PORT: String(port),
    LOG_LEVEL: "info",
  };
  const child = spawn(cmd![0]!, cmd!.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  children.push(child);
  return { name, port, child, output: () => output };
}

async function health(port: number) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return { status: response.status, body: (await response.json()) as { status: string; database?: string } };
  } catch {
    return null;
  }
}

async function waitHealthy(port: number, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const answer = await health(port);
    if (answer?.status === 200) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}

try {
  // 1-2. Two instances at once, as a rolling deploy or a scale-out starts them.
  const [a, b] = await Promise.all([start("a"), start("b")]);
  const [healthA, healthB] = await Promise.all([waitHealthy(a.port), waitHealthy(b.port)]);
  check("two instances started together both migrate and become healthy", Boolean(healthA && healthB), healthA && healthB ? undefined : `${a.output()}\n${b.output()}`.slice(-1500));
  check("/healthz names the database", healthA?.body.database === "postgres", JSON.stringify(healthA?.body));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const migrations = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "_prisma_migrations"`);
  const files = fs.readdirSync("prisma/postgres/migrations", { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
  check("each migration applied once", Number(migrations.rows[0]!.n) === files, `${migrations.rows[0]!.n} recorded, ${files} in prisma/postgres/migrations`);

  // 3. A job B holds (as if it were running it) is handed back when B is told to stop.
  const owner = /"message":"jobs: runner started","owner":"([^"]+)"/.exec(b.output())?.[1];
  await client.query(
    `INSERT INTO "SyncJob" ("id", "shop", "kind", "key", "runAt", "attempts", "lockedBy", "lockedUntil", "createdAt")
     SELECT 'held-job', 'deploy.myshopify.com', 'reconcile', 'reconcile', now() + interval '1 hour', 0, "lockedBy", now() + interval '1 hour', now()
     FROM (SELECT $1::text AS "lockedBy") AS o`,
    [owner ?? "unknown-owner"],
  );
  const stopped = new Promise<number | null>((resolve) => b.child.once("exit", (code) => resolve(code)));
  const signalled = Date.now();
  b.child.kill("SIGTERM");
  const code = await Promise.race([stopped, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000))]);
  const held = await client.query<{ lockedBy: string | null }>(`SELECT "lockedBy" FROM "SyncJob" WHERE "id" = 'held-job'`);
  check("SIGTERM: the instance exits by itself with 0", code === 0, `exit ${code} after ${Date.now() - signalled} ms`);
  check(
    "SIGTERM: the job it held is released for another instance",
    Boolean(owner) && held.rows[0]?.lockedBy === null,
    `owner ${owner ?? "not found in the log"}, now held by ${held.rows[0]?.lockedBy ?? "nobody"}`,
  );

  // 4. The other instance carries on.
  check("the remaining instance is still healthy", (await health(a.port))?.status === 200);
  await client.end();
} catch (error) {
  check("the recipe ran to the end", false, error instanceof Error ? error.message : String(error));
} finally {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await postgres.stop();
}

const passed = results.filter((r) => r.ok).length;
console.log(`deploy: ${passed} passed, ${results.length - passed} failed`);
process.exit(results.length === passed ? 0 : 1);
