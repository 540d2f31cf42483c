/**
 * The simulated SEKO's customer status emails: for a live return started in the portal, each status
 * the newest step 8 hand-over in SEKO's inbox covers is emailed to the customer, rendered from the
 * handed-over template with that return's data, through the mail capture the demo's outbox shows.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { http } from "msw";
import { afterAll, afterEach, beforeEach, expect, test, vi } from "vitest";
import { stopRenderers } from "~/notifications/renderer.server";
import { action as notificationsAction, loader as notificationsLoader } from "~/routes/app.steps.notifications/route";
import { action as trackingAction } from "~/routes/seko.tracking.$token";
import { rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import type { DemoOrder } from "../fixtures/demo-store";
import { PORTAL_PATH, returnableLines, startReturn } from "../demo/returns-portal";
import { DEMO_SEKO_ONBOARDING_EMAIL, DEMO_SHOP } from "../setup/config";
import { adminRequest } from "../setup/requests";
import { server } from "./node";
import { configureSekoWebhook } from "./seko";
import { portalReturns, resetLiveReturns } from "./seko-live-returns";
import { configureSekoStatusEmails, latestHandover, mailFolderInbox, renderStatusEmail, sentStatusEmails, statusEmailsSettled } from "./seko-status-emails";
import { shopifyStore } from "./shopify";
import { smtpInbox } from "./smtp";

const store = () => shopifyStore(DEMO_SHOP).data;
const PORTAL_URL = `http://localhost:3000${PORTAL_PATH}`;
const STEP = "/app/steps/notifications";

async function step8(fields: Record<string, string>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return notificationsAction({ request: adminRequest(STEP, { shop: DEMO_SHOP, init: { method: "POST", body } }), params: {}, context: {} });
}

/** Step 8 as the merchant does it: the status's email switched on (the app's default wording) and saved. */
async function switchOn(code: string, options: { enabled?: boolean; showItems?: boolean } = {}) {
  const page = await notificationsLoader({ request: adminRequest(`${STEP}?status=${code}`, { shop: DEMO_SHOP }), params: {}, context: {} });
  const form = { ...page.template.form!, ...(options.showItems === undefined ? {} : { showItems: options.showItems }) };
  await step8({ intent: "save", kind: code, scope: "default", locale: "default", mode: "form", form: JSON.stringify(form), enabled: options.enabled === false ? "off" : "on" });
}

async function handOver() {
  await step8({ intent: "handover" });
  expect(smtpInbox().messages.some((mail) => mail.to.includes(DEMO_SEKO_ONBOARDING_EMAIL) && mail.attachments.some((a) => a.filename.startsWith("notifications-v")))).toBe(true);
}

/** The app's real receiver behind the URL the merchant gave OmniRPS, SEKO stepping every 10 ms. */
async function useReceiver() {
  const credentials = await rotateTrackingCredentials(DEMO_SHOP, "101");
  server.use(http.post(`${new URL(credentials.url).origin}/seko/tracking/:token`, ({ request, params }) => trackingAction({ request, params: { token: String(params.token) }, context: {} })));
  configureSekoWebhook({ url: credentials.url, username: credentials.username, password: credentials.password, stepMs: 10 });
}

function useSekoEmails(inbox = () => smtpInbox().messages) {
  configureSekoStatusEmails({
    smtpUrl: smtpInbox().url,
    sekoAddress: DEMO_SEKO_ONBOARDING_EMAIL,
    shop: DEMO_SHOP,
    inbox,
    retailer: () => ({ name: store().shop.name, email: store().shop.contactEmail, url: store().shop.url }),
    order: (orderNumber) => {
      const order = store().orders.find((candidate) => candidate.name === `#${orderNumber}`);
      return order ? { name: order.name, createdAt: order.createdAt } : null;
    },
    portalUrl: PORTAL_URL,
  });
}

function shippedOrder(): DemoOrder {
  const order = store().orders.find((candidate) => candidate.email && returnableLines(candidate).length > 0);
  if (!order) throw new Error("The demo store has no shipped order with an email");
  return order;
}

/** A customer's return of the order's first line, played to the end (every status posted). */
async function portalReturn(order: DemoOrder) {
  const line = returnableLines(order)[0]!.line;
  const result = startReturn(store(), { order: order.name, email: order.email!, item: line.id, [`reason-${line.id}`]: "Too small", action: "Refund" });
  if (!result.ok) throw new Error(result.message);
  await expect.poll(() => portalReturns().every((item) => item.plannedCodes.every((code) => item.label.posted.includes(code))), { timeout: 5000, interval: 20 }).toBe(true);
  return { connote: result.created.connote, line };
}

const escapeHtml = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&#34;").replace(/'/g, "&#39;");
const toCustomer = (order: DemoOrder) => () => smtpInbox().messages.filter((mail) => mail.to.includes(order.email!));

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(async () => {
  resetLiveReturns();
  // An email still on its way would land in the next test's capture.
  await statusEmailsSettled();
  configureSekoStatusEmails(null);
});
afterAll(() => stopRenderers());

test("a portal return with step 8's Return in Transit email handed over: the customer gets that email, with the return's order, name, items and status, and no other", async () => {
  // The merchant's Return in Transit email lists the items returned.
  await switchOn("RT", { showItems: true });
  await handOver();
  await useReceiver();
  useSekoEmails();
  const order = shippedOrder();
  const { connote, line } = await portalReturn(order);
  await statusEmailsSettled();

  expect(toCustomer(order)()).toHaveLength(1);
  const mail = toCustomer(order)()[0]!;
  expect(mail.subject).toBe(`Your return ${connote}: Return in Transit`);
  expect(mail.from).toBe("notifications@seko.example");
  const firstName = order.shippingAddress.firstName!;
  for (const part of [mail.html!, mail.text]) {
    expect(part).toContain(order.name);
    expect(part).toContain(firstName);
    expect(part).toContain("Return in Transit");
  }
  // The button goes to the return's page in SEKO's portal; the raw mail names the consignment.
  expect(mail.html).toContain(`${PORTAL_URL}/returns/${connote}`);
  expect(mail.raw).toMatch(new RegExp(`X-Seko-Consignment: ${connote}`, "i"));
  expect(sentStatusEmails()).toEqual([{ connote, code: "RT", to: order.email, subject: mail.subject }]);
  expect(mail.html).toContain(escapeHtml(line.name));
  expect(mail.text).toContain(line.name);
});

test("the newest hand-over is what SEKO uses: Return Created (with its items) switched on and handed over, Return in Transit off, sends only Return Created", async () => {
  await switchOn("RT");
  await handOver();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await switchOn("RT", { enabled: false });
  await switchOn("RC");
  await handOver();
  await useReceiver();
  useSekoEmails();
  const order = shippedOrder();
  const { connote, line } = await portalReturn(order);

  await statusEmailsSettled();
  const mails = toCustomer(order)();
  expect(mails.map((mail) => mail.subject)).toEqual([`Your return ${connote}: Return Created`]);
  // Return Created shows the items being returned.
  expect(mails[0]!.html).toContain(escapeHtml(line.name));
});

test("nothing handed over to SEKO: no email, though the app has the status switched on", async () => {
  await switchOn("RT");
  await useReceiver();
  useSekoEmails();
  const order = shippedOrder();
  await portalReturn(order);
  await statusEmailsSettled();
  expect(toCustomer(order)()).toEqual([]);
  expect(sentStatusEmails()).toEqual([]);
});

test("the demo's SEKO reads its inbox from the .eml files the mail capture saves", async () => {
  await switchOn("RT");
  await handOver();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seko-inbox-"));
  try {
    smtpInbox().messages.forEach((mail, index) => fs.writeFileSync(path.join(dir, `2026-12-05T10-00-00-000Z-${index + 1}.eml`), mail.raw));
    const handover = latestHandover(mailFolderInbox(dir)(), DEMO_SEKO_ONBOARDING_EMAIL, DEMO_SHOP);
    expect(handover).toMatchObject({ form: "notifications", covered: ["RT"], templates: [expect.objectContaining({ status: "RT" })] });
    // Another shop's hand-over, or one to another address, is not this shop's.
    expect(latestHandover(mailFolderInbox(dir)(), DEMO_SEKO_ONBOARDING_EMAIL, "other-shop.myshopify.com")).toBeNull();
    expect(latestHandover(mailFolderInbox(dir)(), "someone@seko.example", DEMO_SHOP)).toBeNull();
    // Saved before the demo's database was started fresh: another database's hand-over.
    for (const name of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, name), new Date("2026-01-01"), new Date("2026-01-01"));
    expect(latestHandover(mailFolderInbox(dir, new Date("2026-02-01"))(), DEMO_SEKO_ONBOARDING_EMAIL, DEMO_SHOP)).toBeNull();
    expect(latestHandover(mailFolderInbox(dir, new Date("2025-12-01"))(), DEMO_SEKO_ONBOARDING_EMAIL, DEMO_SHOP)).not.toBeNull();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("rendering is sandboxed as the app's: values escaped in HTML, no partials, no unknown filters, no inherited properties", async () => {
  const data = { customer: { first_name: "<b>Ana</b>" } };
  expect((await renderStatusEmail({ subject: "Hi {{ customer.first_name }}", html: "<p>{{ customer.first_name }}</p>", text: "{{ customer.first_name }}" }, data)).html).toBe(
    "<p>&lt;b&gt;Ana&lt;/b&gt;</p>",
  );
  await expect(renderStatusEmail({ subject: "x", html: "{% include 'secrets' %}", text: "x" }, data)).rejects.toThrow(/not available/);
  await expect(renderStatusEmail({ subject: "{{ customer.first_name | shell }}", html: "x", text: "x" }, data)).rejects.toThrow();
  expect(await renderStatusEmail({ subject: "{{ customer.constructor }}", html: "{{ customer.first_name | raw }}", text: "x" }, data).catch((error: Error) => error.message)).toMatch(/raw/);
  expect((await renderStatusEmail({ subject: "[{{ customer.constructor }}]", html: "x", text: "x" }, data)).subject).toBe("[]");
});
