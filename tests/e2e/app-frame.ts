import { expect, type FrameLocator, type Page } from "@playwright/test";

export const ADMIN = "/store/demo-returns-store/apps/seko-returns";

/**
 * Opens an app page in the simulated admin and waits until React has hydrated its forms: before
 * that, a value typed is reset and a click posts the whole page natively (a race that a loaded
 * machine loses). Pages without a form are ready once the frame shows them.
 */
export async function openApp(page: Page, subpath = ""): Promise<FrameLocator> {
  await page.goto(`${ADMIN}${subpath}`);
  return hydrated(page);
}

/** The app's frame once React has hydrated its forms (after a goto, a reload or a full-page post). */
export async function hydrated(page: Page): Promise<FrameLocator> {
  await expect
    .poll(() => {
      // The admin's #app-frame, once it holds the app (whichever port the demo runs on), not its first about:blank.
      const frame = page.frame({ name: "app-frame" });
      if (!frame || !frame.url().startsWith("http")) return false;
      return frame.evaluate(() => {
        if (document.readyState !== "complete") return false;
        const controls = [...document.querySelectorAll("form, input, select, textarea")];
        return controls.every((node) => Object.keys(node).some((key) => key.startsWith("__reactProps$")));
      });
    })
    .toBe(true);
  return page.frameLocator("#app-frame");
}
