/**
 * The production build for the flood and soak benchmarks: built once per `npm run bench` into
 * .bench/build (vite.config.ts reads APP_BUILD_DIR; ./build stays the demo's and the browser
 * tests'), then served by ./built-app-server.ts in a process of its own, whose memory is read from
 * the kernel (/proc/<pid>/status) without asking the app anything.
 *
 * BENCH_BUILD=reuse serves the build already in .bench/build (after a first run).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { imageNodeOptions } from "../deploy/image-node-options";

export const BENCH_BUILD_DIR = path.resolve(".bench/build");
let built = false;

export function buildApp() {
  if (built || (process.env.BENCH_BUILD === "reuse" && fs.existsSync(path.join(BENCH_BUILD_DIR, "server/index.js")))) return;
  const started = performance.now();
  try {
    execFileSync("remix", ["vite:build"], { env: { ...process.env, APP_BUILD_DIR: BENCH_BUILD_DIR, NODE_ENV: "production" }, stdio: "pipe", maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 });
  } catch (error) {
    // Its output only when it failed: a build that works prints a screen of chunk sizes and warnings.
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`the production build failed:\n${stdout?.toString() ?? ""}${stderr?.toString() ?? ""}`);
  }
  console.log(`bench: production build in ${path.relative(process.cwd(), BENCH_BUILD_DIR)} (${Math.round((performance.now() - started) / 1000)} s)`);
  built = true;
}

/** The kernel's figures for a process, in MB: resident now (VmRSS) and its peak so far (VmHWM). */
export function memoryOf(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb("VmRSS") / 102.4) / 10, peakMb: Math.round(kb("VmHWM") / 102.4) / 10 };
}

export type AppInstance = { port: number; pid: number; child: ChildProcess; stop: () => Promise<void>; errors: () => string[] };

/** The build served on a free localhost port, with the environment ./env set (its database) plus `env`. */
export async function startBuiltApp(env: Record<string, string> = {}): Promise<AppInstance> {
  // Node itself with tsx's loader, not the tsx command: the pid read for memory is the server's, not a wrapper's.
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/built-app-server.ts"], {
    // Node's options as the container image sets them (the Dockerfile's NODE_OPTIONS), unless the caller sets its own.
    env: { ...process.env, NODE_OPTIONS: imageNodeOptions(), ...env, BENCH_BUILD_DIR },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const errors: string[] = [];
  // Kept (the last 50 lines) and shown by the caller: a pipe the server inherited would keep our caller waiting after we exit.
  readline.createInterface({ input: child.stderr! }).on("line", (line) => {
    errors.push(line);
    if (errors.length > 50) errors.shift();
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the app exited (${code}) before it was ready:\n${errors.join("\n")}`)));
    lines.on("line", (line) => {
      if (line.startsWith('{"ready"')) resolve((JSON.parse(line) as { ready: number }).ready);
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { port, pid: child.pid!, child, stop, errors: () => [...errors] };
}
