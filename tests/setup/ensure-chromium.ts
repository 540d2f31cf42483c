import { chromiumPath } from "./chromium";
import { ensureDebianPackage } from "./debian-package";

/**
 * The browser tests need Debian's Chromium. Install it when missing and we
 * may (root with apt-get); otherwise say exactly what to do. Playwright's own
 * browser download is never used: it cannot work without the internet.
 */
export function ensureChromium(): { path?: string; problem?: string } {
  const result = ensureDebianPackage({
    packageName: "chromium",
    label: "Chromium",
    find: chromiumPath,
    manual: "Install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary, then run the tests again.",
  });
  return result.found ? { path: result.found } : { problem: result.problem && `${result.problem} The browser tests cannot run.` };
}
