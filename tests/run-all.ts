import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { ensureChromium } from "./setup/ensure-chromium";
import { startPostgres, type TestPostgres } from "./setup/postgres";

/**
 * `npm test`: every suite, then one closing line `N passed, N failed` for all
 * of them (CI reads it). Unit and integration tests (vitest, once on SQLite and once on
 * Postgres), the typecheck
 * (operations typed from Shopify's schema), the lint (import layers, eslint.config.js), the format
 * check (Prettier), Shopify's CLI building both extensions, then a production build, the deployment
 * recipe run against it (tests/deploy/smoke.ts), and the browser tests (Playwright on Debian's Chromium) against the offline demo.
 */
// Prisma's CLI (the test databases' migrations, the demo's) asks checkpoint.prisma.io for a newer
// version unless told not to; the tests reach nothing outside this machine.
process.env.CHECKPOINT_DISABLE = "1";
const reports = path.resolve("test-results");
fs.mkdirSync(reports, { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;

function run(command: string, args: string[], env: Record<string, string | undefined> = {}) {
  console.log(`\n> ${command} ${args.join(" ")}`);
  return spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

type VitestReport = { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };

function vitestRun(label: string, env: Record<string, string | undefined> = {}) {
  const report = path.join(reports, `vitest-${label}.json`);
  fs.rmSync(report, { force: true });
  console.log(`\n=== vitest on ${label} ===`);
  const status = run("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], env);
  const result = readJson<VitestReport>(report);
  if (result) {
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    skipped += result.numPendingTests + result.numTodoTests;
  }
  if (!result || (status !== 0 && result.numFailedTests === 0)) {
    console.error(`test: vitest on ${label} did not complete (a suite failed to load?); counted as one failure`);
    failed += 1;
  }
}

// 1. vitest, twice: on SQLite (the embedded default), then on Postgres (several instances), a
// throwaway server on a free port (tests/setup/postgres.ts), removed afterwards.
vitestRun("sqlite");
let postgres: TestPostgres | undefined;
try {
  postgres = await startPostgres();
} catch (error) {
  console.error(`\ntest: the Postgres run could not start. ${error instanceof Error ? error.message : String(error)}`);
  failed += 1;
}
if (postgres) {
  console.log(`test: Postgres ${postgres.version} for the second run`);
  try {
    vitestRun("postgres", { TEST_POSTGRES_URL: postgres.url });
  } finally {
    await postgres.stop();
  }
}

// 2. Types: the app's operations typed from Shopify's published schema, then TypeScript over
// everything. One check in the count: a field that changes type in the schema fails it.
if (run("npm", ["run", "--silent", "typecheck"]) === 0) passed += 1;
else {
  console.error("test: typecheck failed (types generated from Shopify's schema, or TypeScript)");
  failed += 1;
}

// 3. The lint (the import layers of docs/architecture.md, and rules that catch bugs), the format
// (Prettier, .prettierrc), and Shopify's CLI building the extensions: one check each in the count.
function counted(ok: boolean, failure: string) {
  if (ok) passed += 1;
  else {
    console.error(`test: ${failure}`);
    failed += 1;
  }
}
counted(run("npm", ["run", "--silent", "lint"]) === 0, "lint failed: each file above with its line and rule (eslint.config.js)");
counted(run("npm", ["run", "--silent", "format:check"]) === 0, "format check failed: the files above differ from Prettier's output; `npm run format` rewrites them");
counted(buildExtensions(), "Shopify's CLI did not build the extensions (output above)");

/**
 * `shopify app build` with no network and no Partner login: it reads shopify.app.toml and each
 * extension's toml, runs theme check on extensions/returns-link and bundles
 * extensions/customer-account-returns with esbuild. `--skip-dependencies-installation`: without it
 * the CLI runs `npm install` first. CI=1 keeps it from fetching Shopify's CLI notifications in the
 * background. An extension whose `type` the CLI does not know is skipped without an error, and theme
 * check's errors do not fail the command, so the output is read for both.
 */
function buildExtensions() {
  const dist = path.resolve("extensions/customer-account-returns/dist");
  fs.rmSync(dist, { recursive: true, force: true });
  console.log("\n> shopify app build --skip-dependencies-installation");
  const build = spawnSync("shopify", ["app", "build", "--skip-dependencies-installation"], {
    encoding: "utf8",
    env: { ...process.env, CI: "1", SHOPIFY_CLI_NO_ANALYTICS: "1" },
  });
  const output = `${build.stdout ?? ""}${build.stderr ?? ""}`;
  process.stdout.write(output);
  if (build.status !== 0) return false;
  const problems = [
    !/customer-account-returns successfully built/.test(output) && "customer-account-returns was not bundled",
    !/Bundling theme extension returns-link/.test(output) && "returns-link was not built",
    /\[error\]/.test(output) && "theme check reported errors in returns-link",
  ].filter(Boolean);
  const bundle = path.join(dist, "customer-account-returns.js");
  if (!fs.existsSync(bundle)) problems.push(`no bundle at ${path.relative(process.cwd(), bundle)}`);
  for (const problem of problems) console.error(`test: ${problem}`);
  if (problems.length) return false;
  const code = fs.readFileSync(bundle);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(
    `test: customer-account bundle ${path.relative(process.cwd(), bundle)}: ${kb(code.length)} raw, ${kb(gzipSync(code).length)} gzip (${kb(brotliCompressSync(code).length)} brotli, the CLI's "compressed")`,
  );
  return true;
}

// 4. Playwright against the demo
const chromium = ensureChromium();
if (chromium.problem) {
  console.error(`\ntest: browser tests not run. ${chromium.problem}`);
  failed += 1;
} else if (run("remix", ["vite:build"]) !== 0) {
  console.error("test: the production build failed; browser tests not run");
  failed += 1;
} else {
  // The deployment recipe on the build just made: the Dockerfile's command, two instances, one Postgres.
  const deploy = spawnSync("tsx", ["tests/deploy/smoke.ts"], { encoding: "utf8", env: process.env });
  process.stdout.write(deploy.stdout ?? "");
  process.stderr.write(deploy.stderr ?? "");
  const counts = /deploy: (\d+) passed, (\d+) failed/.exec(deploy.stdout ?? "");
  if (counts) {
    passed += Number(counts[1]);
    failed += Number(counts[2]);
  } else {
    console.error("test: the deployment check did not complete; counted as one failure");
    failed += 1;
  }
  const playwrightReport = path.join(reports, "playwright.json");
  fs.rmSync(playwrightReport, { force: true });
  const status = run("playwright", ["test", "-c", "tests/e2e/playwright.config.ts", "--reporter=list,json"], {
    CHROMIUM_PATH: chromium.path,
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
  });
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(playwrightReport);
  if (report) {
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
  }
  if (!report || (status !== 0 && report.stats.unexpected === 0)) {
    console.error("test: Playwright did not complete (the demo server did not start?); counted as one failure");
    failed += 1;
  }
}

// Tests for one database only (the SQLite writer thread, the Postgres catalog check) skip on the other.
if (skipped) console.log(`\n(${skipped} skipped: tests that apply to the other database)`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
