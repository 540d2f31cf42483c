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
