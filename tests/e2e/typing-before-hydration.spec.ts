import { expect, test, type Page } from "@playwright/test";
import { ADMIN, hydrated } from "./app-frame";

/**
 * Text typed in the moments after a page appears, before React has hydrated it,
 * stays (app/components/use-typed-before-hydration.ts). The app's scripts are
 * held back until the field has been typed into, so the typing always comes
 * first. Nothing is saved: the typed values are discarded or left unsent.
 */

/** Opens an app page with its scripts held until `release` is called: the server-rendered page, not yet hydrated. */
async function openHeld(page: Page, subpath: string) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/localhost:3100\/assets\/.+\.js(\?.*)?$/, async (route) => {
    await held;
    await route.continue();
  });
  // Not waiting for "load": the app's frame cannot finish loading while its scripts are held.
  await page.goto(`${ADMIN}${subpath}`, { waitUntil: "commit" });
  return { app: page.frameLocator("#app-frame"), release };
}

/** Whether React has taken over the app frame's form controls yet. */
async function reactOwns(page: Page, label: string): Promise<boolean> {
  const frame = page.frame({ url: /localhost:3100/ });
  if (!frame) return false;
  return frame.evaluate((text) => {
    const field = [...document.querySelectorAll("label")].find((node) => node.textContent?.trim() === text)?.control;
    return Boolean(field && Object.keys(field).some((key) => key.startsWith("__reactProps$")));
  }, label);
}

// Runs after the other specs have saved and submitted step 1, when its page shows the customer-paid fees'
// currency selects: their options must be the loader's (Node's and Chromium's ICU know different currencies),
// or React's hydration fails (error 418), the page is rendered again from scratch and the typing is lost.
test("step 1: an answer typed before the page is hydrated stays, as an unsaved change of its section", async ({ page }) => {
  const { app, release } = await openHeld(page, "/steps/onboarding-form");
  const business = app.getByRole("form", { name: "Business and contacts" });
  const legal = business.getByLabel("Legal entity name", { exact: true });
  await expect(legal).toBeVisible();
  const previous = await legal.inputValue();
  const typed = `${previous} typed early`;
  expect(await reactOwns(page, "Legal entity name")).toBe(false);
  await legal.fill(typed);

  release();
  await hydrated(page);
  await expect(app.getByRole("region", { name: "Unsaved changes" })).toContainText("Business and contacts");
  await expect(legal).toHaveValue(typed);

  // Discarded, never saved: the saved answer is back.
  await app.getByRole("region", { name: "Unsaved changes" }).getByRole("button", { name: "Discard" }).click();
  await expect(app.getByRole("region", { name: "Unsaved changes" })).toHaveCount(0);
  await expect(legal).toHaveValue(previous);
});

test("storefront: a portal address typed before the page is hydrated stays after focus moves on", async ({ page }) => {
  const { app, release } = await openHeld(page, "/storefront");
  const portal = app.getByLabel("Returns portal address");
  await expect(portal).toBeVisible();
  const typed = "https://returns.example-seko.test/typed-early";
  expect(await reactOwns(page, "Returns portal address")).toBe(false);
  await portal.fill(typed);

  release();
  await hydrated(page);
  // Focusing and leaving the field re-renders it from the page's state: what was typed must be that state.
  await portal.focus();
  await portal.blur();
  await expect(portal).toHaveValue(typed);

  // Never saved: loaded again, the page shows what was there before.
  await page.reload();
  await hydrated(page);
  await expect(portal).not.toHaveValue(typed);
});

test("step 6: a name and email typed into “Add a team member” before the page is hydrated stay", async ({ page }) => {
  const { app, release } = await openHeld(page, "/steps/system-access");
  const add = app.getByRole("form", { name: "Add a team member" });
  const name = add.getByLabel("Name", { exact: true });
  const email = add.getByLabel("Email", { exact: true });
  await expect(name).toBeVisible();
  expect(await reactOwns(page, "Name")).toBe(false);
  await name.fill("Typed Early");
  await email.fill("typed.early@example.test");

  release();
  await hydrated(page);
  // Focusing a field re-renders it from the form's state: what was typed must be that state.
  await name.focus();
  await email.focus();
  await email.blur();
  await expect(name).toHaveValue("Typed Early");
  await expect(email).toHaveValue("typed.early@example.test");

  // Never added: loaded again, the form is empty.
  await page.reload();
  await hydrated(page);
  await expect(name).toHaveValue("");
});

test("step 8: text typed into an email's prefilled message before the page is hydrated stays (React puts a textarea's server text back when it hydrates it)", async ({ page }) => {
  const { app, release } = await openHeld(page, "/steps/notifications");
  const message = app.getByLabel("Message", { exact: true });
  await expect(message).toBeVisible();
  const previous = await message.inputValue();
  expect(previous).not.toBe("");
  expect(await reactOwns(page, "Message")).toBe(false);
  const typed = `${previous}\n\nTyped before the page was ready.`;
  await message.fill(typed);

  release();
  await hydrated(page);
  await message.focus();
  await message.blur();
  await expect(message).toHaveValue(typed);
  // The editor took it as its own: the preview renders it.
  await expect(app.frameLocator('[data-testid="email-preview"]').locator("body")).toContainText("Typed before the page was ready.");

  // Never saved: loaded again, the page shows the message as it was.
  await page.reload();
  await hydrated(page);
  await expect(message).toHaveValue(previous);
});
