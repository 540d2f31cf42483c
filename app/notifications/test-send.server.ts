/**
 * "Send a test to me": one rendered email to the person at the screen,
 * through the app's SMTP transport (the local capture server in the demo and
 * tests). Interactive, so it is sent at once and its failure is shown; a test
 * that did not go is simply sent again. At most {@link TEST_EMAILS}.limit an
 * hour per shop, counted in the database (app/utils/shop-quota.server.ts), so a
 * shop cannot turn the app's mail server into a mass mailer.
 */
import { formatDate, type DateSetting } from "~/utils/format-date";
import { log } from "~/utils/logger.server";
import { mailer, mailFailureReason } from "~/utils/mail.server";
import { takeShopQuota, type Quota } from "~/utils/shop-quota.server";
import type { RenderedEmail } from "./templates.server";

export const TEST_EMAILS: Quota = { name: "test-email", limit: 10, windowMs: 60 * 60_000 };

export type TestSendResult = { ok: true } | { ok: false; status: 429 | 502; message: string };

/** Sends `email` to `to` (the requester's verified address: app/utils/staff.server.ts, `verifiedStaffEmail`). */
export async function sendTestEmail(input: { shop: string; to: string; email: RenderedEmail; dates: DateSetting }): Promise<TestSendResult> {
  const { shop, to, email } = input;
  const allowed = await takeShopQuota(shop, TEST_EMAILS);
  if (!allowed.ok) {
    return {
      ok: false,
      status: 429,
      message: `You can send up to ${TEST_EMAILS.limit} test emails an hour; try again after ${formatDate(allowed.retryAt, "time", input.dates)}.`,
    };
  }
  try {
    const { sender, from } = mailer();
    await sender.sendMail({ from, to, subject: `[Test] ${email.subject}`, html: email.html, text: email.text });
    return { ok: true };
  } catch (error) {
    // The server's reply is for the log; the merchant gets a plain reason (app/utils/mail.server.ts).
    log.warn("notifications: test email failed", { shop, error: error instanceof Error ? error.message : String(error) });
    return { ok: false, status: 502, message: `The test email was not sent. ${mailFailureReason(error)}` };
  }
}
