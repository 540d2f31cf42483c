import { expect, test } from "vitest";
import { MailConfigError, mailFailureReason } from "./mail.server";

test("a failed send reads as a plain reason with what to do, never the server's words", () => {
  const failure = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);
  const cases: [unknown, string][] = [
    [new MailConfigError("Email is not set up yet (SMTP_URL)."), "The app's email is not set up yet. Contact support."],
    [failure("Invalid login: 535 5.7.8 auth failed on mx1.internal.example", { code: "EAUTH", responseCode: 535 }), "The mail server refused the app's sign-in. Contact support."],
    [failure("connect ECONNREFUSED 10.0.0.7:587", { code: "ESOCKET" }), "The app could not reach its mail server. Try again later; if it keeps failing, contact support."],
    [failure("Connection timeout", { code: "ETIMEDOUT" }), "The app could not reach its mail server. Try again later; if it keeps failing, contact support."],
    [
      failure("451 4.3.0 Mailbox temporarily unavailable", { code: "EMESSAGE", responseCode: 451 }),
      "The mail server could not take the message just now. Try again in a few minutes; if it keeps failing, contact support.",
    ],
    [
      failure("550 5.1.1 <x@mx1.internal.example>: Recipient address rejected", { code: "EENVELOPE", responseCode: 550 }),
      "The mail server refused the message. Try again later; if it keeps failing, contact support.",
    ],
    ["something odd", "The mail server refused the message. Try again later; if it keeps failing, contact support."],
  ];
  for (const [error, reason] of cases) expect(mailFailureReason(error)).toBe(reason);
});
