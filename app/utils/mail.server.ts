/**
 * The app's one SMTP transport (nodemailer, configured by SMTP_URL and
 * SMTP_FROM). In the demo and tests SMTP_URL points at the local capture
 * server (tests/mocks/smtp.ts), so every email really crosses SMTP.
 */
import nodemailer from "nodemailer";
import { env } from "./env.server";

export const SEND_TIMEOUT_MS = 10_000;

let transport: { url: string; sender: nodemailer.Transporter } | undefined;

export class MailConfigError extends Error {}

/** The transport for the configured SMTP server; throws MailConfigError while none is configured. */
export function mailer(): { sender: nodemailer.Transporter; from: string } {
  const { SMTP_URL, SMTP_FROM } = env();
  if (!SMTP_URL) throw new MailConfigError("Email is not set up yet (SMTP_URL).");
  if (transport?.url !== SMTP_URL) {
    transport = {
      url: SMTP_URL,
      sender: nodemailer.createTransport(SMTP_URL, {
        connectionTimeout: SEND_TIMEOUT_MS,
        greetingTimeout: SEND_TIMEOUT_MS,
        socketTimeout: SEND_TIMEOUT_MS,
      } as object),
    };
  }
  return { sender: transport.sender, from: SMTP_FROM };
}

const UNREACHABLE = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETLS"]);

/**
 * What a merchant is told when an email could not be sent: a plain reason and what to do. The
 * error itself (the server's reply, host names, addresses) is for the log only: it means nothing
 * to a merchant and describes the app's infrastructure (docs/security.md).
 */
export function mailFailureReason(error: unknown): string {
  const cause = mailFailureCause(error);
  const sentence = cause.charAt(0).toUpperCase() + cause.slice(1);
  if (cause === CAUSES.config || cause === CAUSES.signIn) return `${sentence}. Contact support.`;
  if (cause === CAUSES.busy) return `${sentence}. Try again in a few minutes; if it keeps failing, contact support.`;
  return `${sentence}. Try again later; if it keeps failing, contact support.`;
}

const CAUSES = {
  config: "the app's email is not set up yet",
  signIn: "the mail server refused the app's sign-in",
  unreachable: "the app could not reach its mail server",
  busy: "the mail server could not take the message just now",
  refused: "the mail server refused the message",
};

/** Why an email did not go, as a plain clause ("the mail server refused the message"): for sends the app retries by itself. */
export function mailFailureCause(error: unknown): string {
  if (error instanceof MailConfigError) return CAUSES.config;
  const { code, responseCode } = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; responseCode?: unknown };
  if (code === "EAUTH") return CAUSES.signIn;
  if (typeof code === "string" && UNREACHABLE.has(code)) return CAUSES.unreachable;
  if (typeof responseCode === "number" && responseCode >= 400 && responseCode < 500) return CAUSES.busy;
  return CAUSES.refused;
}
