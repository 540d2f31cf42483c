import { afterAll, beforeEach, expect, test, vi } from "vitest";
import { configureShopify } from "#tests/mocks/shopify";
import { smtpInbox } from "#tests/mocks/smtp";
import { DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { stopRenderers } from "~/notifications/renderer.server";
import { TEST_EMAILS } from "~/notifications/test-send.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format-date";
import { shopDateSetting } from "~/utils/shop-dates.server";
import * as step from "./route";

afterAll(() => stopRenderers());

const OTHER_SHOP = "other-store.myshopify.com";
/** The demo shop's email: the online token's user email unless a test says otherwise (tests/mocks/shopify.ts). */
const OWNER = "owner@demo-returns-store.example.com";
const TEST = { intent: "test", scope: "default", locale: "default", mode: "raw", subject: "Label for {{ order.name }}", html: "<p>Hello {{ customer.first_name }}</p>", text: "Hello" };

// Each test signs in as its own staff user: a new online token (and session) is exchanged for it.
let user = 7000;
beforeEach(() => {
  user += 1;
});

async function sendTest(shop = DEMO_SHOP) {
  const body = new FormData();
  for (const [name, value] of Object.entries(TEST)) body.append(name, value);
  const result = (await step.action({ request: adminRequest("/app/steps/label-email", { shop, userId: String(user), init: { method: "POST", body } }), params: {}, context: {} })) as unknown as {
    data: { ok: boolean; message: string };
    init?: { status?: number };
  };
  return { status: result.init?.status ?? 200, ...result.data };
}

test("a test goes to the requester's email only when Shopify says it is verified; otherwise nothing is sent and the page says why", async () => {
  configureShopify({ onlineUser: { emailVerified: false } });
  expect(await sendTest()).toMatchObject({
    status: 400,
    ok: false,
    message: `Shopify says your email ${OWNER} is not verified yet, so no test is sent to it. Verify it in your Shopify account settings; the app learns of it when Shopify next signs you in to the app (within a day).`,
  });
  user += 1;
  configureShopify({ onlineUser: { email: null } });
  expect(await sendTest()).toMatchObject({ status: 400, ok: false, message: expect.stringContaining("Shopify has not told the app your email address, so no test can be sent.") });
  // No other address stands in (the shop's email, step 1's contact): nothing was sent at all.
  expect(smtpInbox().messages).toHaveLength(0);

  user += 1;
  configureShopify({ onlineUser: { emailVerified: true } });
  expect(await sendTest()).toMatchObject({ status: 200, ok: true, message: `Test sent to ${OWNER}.` });
  expect(smtpInbox().messages.map((mail) => mail.to)).toEqual([[OWNER]]);
}, 30_000);

test(`at most ${TEST_EMAILS.limit} test emails an hour per shop, counted in the database: the next is refused with when to try again, other shops still send`, async () => {
  for (let sent = 0; sent < TEST_EMAILS.limit; sent++) expect(await sendTest()).toMatchObject({ status: 200, ok: true });
  const window = await db.shopQuota.findUniqueOrThrow({ where: { shop_name: { shop: DEMO_SHOP, name: TEST_EMAILS.name } } });
  expect(window.used).toBe(TEST_EMAILS.limit);
  // When, in the shop's zone and locale (the demo shop is in Auckland).
  const again = formatDate(new Date(window.windowStart.getTime() + TEST_EMAILS.windowMs), "time", await shopDateSetting(DEMO_SHOP));
  expect(again).toMatch(/^\d{1,2}:\d{2}\s[ap]m NZ[DS]T$/);
  expect(await sendTest()).toEqual({ status: 429, ok: false, intent: "test", message: `You can send up to ${TEST_EMAILS.limit} test emails an hour; try again after ${again}.` });
  expect(smtpInbox().messages).toHaveLength(TEST_EMAILS.limit);
  // Another person of the same shop shares the shop's allowance.
  user += 1;
  expect(await sendTest()).toMatchObject({ status: 429 });
  expect(await sendTest(OTHER_SHOP)).toMatchObject({ status: 200, ok: true });
}, 30_000);

test("a message the mail server refuses: the merchant reads a plain reason and what to do, the server's reply goes to the log only", async () => {
  const log: string[] = [];
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void log.push(args.map(String).join(" ")));
  smtpInbox().failNext();
  const refused = await sendTest();
  expect(refused).toEqual({
    status: 502,
    ok: false,
    intent: "test",
    message: "The test email was not sent. The mail server could not take the message just now. Try again in a few minutes; if it keeps failing, contact support.",
  });
  // Neither the server's reply, its code nor where it runs.
  for (const detail of ["Mailbox temporarily unavailable", "451", "127.0.0.1", "localhost"]) expect(refused.message).not.toContain(detail);
  expect(log.join("\n")).toContain("Mailbox temporarily unavailable");
  expect(log.join("\n")).toContain(DEMO_SHOP);
});
