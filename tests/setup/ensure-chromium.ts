import { spawnSync } from "node:child_process";
import { chromiumPath } from "./chromium";

/**
 * The browser tests need Debian's Chromium. Install it when missing and we
 * may (root with apt-get); otherwise say exactly what to do. Playwright's own
 * browser download is never used: it cannot work without the internet.
 */
export function ensureChromium(): { path?: string; problem?: string } {
  const found = chromiumPath();
  if (found) return { path: found };
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (!isRoot || !hasApt) {
    return {
      problem:
        "Chromium is not installed. Install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary, then run the tests again.",
    };
  }
  console.log("test: installing Chromium from Debian's packages (apt-get install chromium)...");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install =
    update.status === 0 ? spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env }) : update;
  const installed = chromiumPath();
  if (install.status !== 0 || !installed) {
    return { problem: "Installing Chromium with apt-get failed (see the output above); the browser tests cannot run." };
  }
  return { path: installed };
}
