/**
 * A local SMTP server that accepts every message and keeps it: the "SEKO
 * account manager's inbox" for tests and the offline demo. The app sends real
 * SMTP to it (nodemailer), so delivery is exercised at the network boundary.
 * Tests steer failures with `failNext`; the demo also writes each message to a
 * folder as an .eml file.
 */
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type CapturedAttachment = { filename: string; contentType: string; content: string };
export type CapturedMail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The HTML part, when the email has one. */
  html: string | null;
  attachments: CapturedAttachment[];
  raw: string;
  receivedAt: Date;
};

export type SmtpCapture = {
  readonly url: string;
  readonly messages: readonly CapturedMail[];
  /** The next `times` messages are refused (SMTP 451, a temporary failure). */
  failNext(times?: number): void;
  clear(): void;
  close(): Promise<void>;
};

let latest: SmtpCapture | undefined;

/** The capture this process started (tests/setup/setup-test-env.ts starts one per test file). */
export function smtpInbox(): SmtpCapture {
  if (!latest) throw new Error("No SMTP capture is running");
  return latest;
}

export async function startSmtpCapture(options: { port?: number; host?: string; saveTo?: string } = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (failures > 0) {
          failures -= 1;
          const error = Object.assign(new Error("Mailbox temporarily unavailable"), { responseCode: 451 });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const mail = parseMail(raw, {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        });
        messages.push(mail);
        if (options.saveTo) {
          fs.mkdirSync(options.saveTo, { recursive: true });
          const name = `${mail.receivedAt.toISOString().replace(/[:.]/g, "-")}-${messages.length}.eml`;
          fs.writeFileSync(path.join(options.saveTo, name), raw);
          console.log(`smtp: captured "${mail.subject}" for ${mail.to.join(", ")} → ${path.join(options.saveTo, name)}`);
        }
        callback();
      });
    },
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  latest = {
    url: `smtp://${host}:${port}`,
    messages,
    failNext(times = 1) {
      failures += times;
    },
    clear() {
      messages.length = 0;
      failures = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return latest;
}

// --- A small MIME reader: enough for what nodemailer writes (multipart/mixed, base64 or QP parts). ---

type Part = { headers: Record<string, string>; body: string };

function splitHeaders(raw: string): Part {
  const index = raw.search(/\r?\n\r?\n/);
  const head = index === -1 ? raw : raw.slice(0, index);
  const body = index === -1 ? "" : raw.slice(index).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(part: Part): string {
  const encoding = (part.headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = part.body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return part.body;
}

function decodeHeader(value: string): string {
  return value
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          ).toString("utf8"),
    )
    .replace(/\?=\s+=\?/g, "");
}

function leafParts(part: Part): Part[] {
  const type = part.headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith("multipart/") || !boundary) return [part];
  return part.body
    .split(`--${boundary}`)
    .slice(1)
    .filter((chunk) => !chunk.startsWith("--"))
    .flatMap((chunk) => leafParts(splitHeaders(chunk.replace(/^\r?\n/, ""))));
}

/** A captured message from its raw text (also the .eml files the demo saves). */
export function parseMail(raw: string, envelope: { from: string; to: string[] }): CapturedMail {
  const message = splitHeaders(raw);
  const parts = leafParts(message);
  const attachments: CapturedAttachment[] = [];
  let text = "";
  let html: string | null = null;
  for (const part of parts) {
    const disposition = part.headers["content-disposition"] ?? "";
    const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
    if (filename) {
      attachments.push({ filename, contentType: (part.headers["content-type"] ?? "").split(";")[0]!, content: decodeBody(part) });
    } else if ((part.headers["content-type"] ?? "text/plain").startsWith("text/plain") && !text) {
      text = decodeBody(part);
    } else if ((part.headers["content-type"] ?? "").startsWith("text/html") && html === null) {
      html = decodeBody(part);
    }
  }
  return { ...envelope, subject: decodeHeader(message.headers.subject ?? ""), text, html, attachments, raw, receivedAt: new Date() };
}
