import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureDebianPackage } from "./debian-package";

/**
 * A throwaway Postgres server for the tests and the benchmarks: Debian's `postgresql` package
 * (installed when missing, as Chromium is), a new cluster in a temporary directory, on a free
 * loopback port, removed on stop. Durability is switched off (fsync, synchronous_commit): the data
 * lives for one run. Never used by the app itself, which takes any Postgres by DATABASE_URL.
 */

export type TestPostgres = { url: string; version: string; stop: () => Promise<void> };

const BIN_ROOT = "/usr/lib/postgresql";

/** The newest installed server's bin folder (POSTGRES_BIN overrides), or undefined. */
export function postgresBin(): string | undefined {
  const override = process.env.POSTGRES_BIN;
  if (override) return fs.existsSync(path.join(override, "initdb")) ? override : undefined;
  if (!fs.existsSync(BIN_ROOT)) return undefined;
  const versions = fs
    .readdirSync(BIN_ROOT)
    .filter((version) => fs.existsSync(path.join(BIN_ROOT, version, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(BIN_ROOT, versions[0], "bin") : undefined;
}

/** Installs Debian's postgresql when missing and we may (root with apt-get); otherwise says what to do. */
export function ensurePostgres(): { bin?: string; problem?: string } {
  const result = ensureDebianPackage({
    packageName: "postgresql",
    label: "PostgreSQL",
    find: postgresBin,
    manual: "Install Debian's package (sudo apt-get install -y postgresql) or set POSTGRES_BIN to the folder holding initdb and postgres, then run the tests again.",
  });
  return result.found ? { bin: result.found } : { problem: result.problem && `${result.problem} The Postgres run cannot start.` };
}

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Postgres refuses to run as root: as root, the cluster belongs to the package's `postgres` user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"]).stdout?.toString().trim());
  const uid = id("-u");
  const gid = id("-g");
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error("Running as root, and there is no `postgres` user to run the test server as (Debian's package creates it)");
  }
  return { uid, gid };
}

export async function startPostgres(options: { maxConnections?: number } = {}): Promise<TestPostgres> {
  const ensured = ensurePostgres();
  if (!ensured.bin) throw new Error(ensured.problem);
  const bin = ensured.bin;
  const owner = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seko-pg-"));
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, "data");
  const init = spawnSync(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"], {
    ...owner,
    encoding: "utf8",
  });
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }
  const port = await freePort();
  // The server's log goes to a file, never to a pipe: npm test runs vitest synchronously (tests/run-all.ts), so
  // nothing would read a pipe meanwhile, and once its buffer filled every backend writing a log line (an ERROR
  // for a unique violation, say) would block, hanging the tests that use it.
  const logPath = path.join(dir, "server.log");
  const logFd = fs.openSync(logPath, "a");
  const server: ChildProcess = spawn(
    path.join(bin, "postgres"),
    [
      "-D",
      data,
      "-p",
      String(port),
      "-k",
      dir,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      `max_connections=${options.maxConnections ?? 200}`,
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "shared_buffers=128MB",
    ],
    { ...owner, stdio: ["ignore", "ignore", logFd] },
  );
  fs.closeSync(logFd);
  const logTail = () => {
    try {
      return fs.readFileSync(logPath, "utf8").slice(-4000);
    } catch {
      return "";
    }
  };
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGINT"); // fast shutdown
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
      await client.end();
      return { url, version: rows[0]?.server_version ?? "?", stop };
    } catch (error) {
      await client.end().catch(() => undefined);
      if (server.exitCode !== null || Date.now() > deadline) {
        const tail = logTail();
        await stop();
        throw new Error(`Postgres did not start: ${error instanceof Error ? error.message : String(error)}\n${tail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The same server, another database: `withDatabase(url, "w1")`. */
export function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs statements on the server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery(url: string, ...statements: string[]) {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
