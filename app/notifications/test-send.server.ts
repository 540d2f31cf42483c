/**
 * "Send a test to me": one rendered email to the person at the screen,
 * through the app's SMTP transport (the local capture server in the demo and
 * tests). Interactive, so it is sent at once and its failure is shown; a test
 * that did not go is simply sent again.
 */
import { log } from "~/utils/logger.server";
import { MailConfigError, mailer } from "~/utils/mail.server";
import type { RenderedEmail } from "./templates.server";

export async function sendTestEmail(to: string, email: RenderedEmail): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const { sender, from } = mailer();
    await sender.sendMail({ from, to, subject: `[Test] ${email.subject}`, html: email.html, text: email.text });
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn("notifications: test email failed", { message });
    return { ok: false, message: error instanceof MailConfigError ? message : `The test email could not be sent: ${message}` };
  }
}
