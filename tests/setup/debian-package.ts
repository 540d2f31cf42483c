import { spawnSync } from "node:child_process";

/**
 * What the test command needs from Debian (Chromium, PostgreSQL): found, or installed with apt-get
 * when we may (root, apt-get present), or a message saying exactly what to do. Nothing comes from
 * anywhere but Debian's packages.
 */
export function ensureDebianPackage<T>(options: {
  packageName: string;
  label: string;
  find: () => T | undefined;
  /** How to provide it by hand, when it cannot be installed here. */
  manual: string;
}): { found?: T; problem?: string } {
  const found = options.find();
  if (found) return { found };
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (!isRoot || !hasApt) return { problem: `${options.label} is not installed. ${options.manual}` };
  console.log(`test: installing ${options.label} from Debian's packages (apt-get install ${options.packageName})...`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "-qq", options.packageName], { stdio: "inherit", env }) : update;
  const installed = options.find();
  if (install.status !== 0 || !installed) {
    return { problem: `Installing ${options.label} with apt-get failed (see the output above).` };
  }
  return { found: installed };
}
