/**
 * The customer status emails of the simulated SEKO. For each status of a live return
 * (./seko-live-returns.ts) SEKO sends the customer the email the merchant handed over for that status
 * in step 8, rendered with that return's data, over SMTP: in the demo to the local mail capture
 * (./smtp.ts), so it shows in the demo's outbox (tests/demo/outbox.ts).
 *
 * SEKO knows only what reached it: the newest "Customer notification emails" hand-over in its inbox
 * (the email app/outbox/submissions.server.ts sends, its JSON attachment written by
 * app/notifications/status-emails.server.ts), never the app's database. A status that hand-over does
 * not cover sends nothing. Skipping step 8 is not sent to SEKO, so SEKO cannot know of it: after a
 * hand-over it keeps sending those emails.
 *
 * Rendering uses liquidjs with the app's sandbox settings (app/notifications/render-thread.ts): one
 * template, no partials, escaped HTML output, only known filters, own properties only, and the same
 * size, time and memory limits (app/notifications/renderer.server.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { Liquid, Tag, type TagToken, type TopLevelToken } from "liquidjs";
import nodemailer from "nodemailer";
import { z } from "zod";
import { RETURN_STATUSES } from "../../app/seko/return-statuses";
import type { LiveReturn } from "./seko-live-returns";
import { parseMail, type CapturedMail } from "./smtp";

export type SekoStatusEmailOptions = {
  /** Where SEKO sends mail (the demo's capture). */
  smtpUrl: string;
  /** SEKO's inbox for hand-overs (the account manager: SEKO_ONBOARDING_EMAIL). */
  sekoAddress: string;
  /** The shop whose hand-overs count (the hand-over's subject ends "from <shop>"). */
  shop: string;
  /** What SEKO's inbox holds, oldest first. */
  inbox: () => readonly CapturedMail[];
  /** The retailer as SEKO knows it: the name, contact email and storefront address. */
  retailer: () => { name: string; email: string; url: string };
  /** The order as SEKO has it from the order upload (by its bare number), or null. */
  order?: (orderNumber: string) => { name: string; createdAt: string } | null;
  /** The SEKO returns portal's address; a return's label and tracking pages are under it. */
  portalUrl: string;
};

export type SentStatusEmail = { connote: string; code: string; to: string; subject: string };

/** What a hand-over's JSON attachment must hold to be used (an outside input: checked). */
const handoverSchema = z.object({
  form: z.literal("notifications"),
  version: z.number().int().positive(),
  covered: z.array(z.string()),
  templates: z.array(
    z.object({
      status: z.string(),
      locale: z.string(),
      source: z.object({ subject: z.string().max(100_000), html: z.string().max(100_000), text: z.string().max(100_000) }),
    }),
  ),
});

export type NotificationsHandover = z.infer<typeof handoverSchema>;

const ATTACHMENT = /^notifications-v\d+\.json$/;
/** The app's default language key (app/notifications/defaults.ts, DEFAULT_LOCALE). */
const DEFAULT_LOCALE = "default";

/** The newest notifications hand-over of `shop` among the mails to SEKO's address, or null. */
export function latestHandover(messages: readonly CapturedMail[], sekoAddress: string, shop: string): NotificationsHandover | null {
  for (let index = messages.length - 1; index >= 0; index--) {
    const mail = messages[index]!;
    if (!mail.to.some((to) => to.toLowerCase() === sekoAddress.toLowerCase()) || !mail.subject.endsWith(` from ${shop}`)) continue;
    const attachment = mail.attachments.find((candidate) => ATTACHMENT.test(candidate.filename));
    if (!attachment) continue;
    try {
      const parsed = handoverSchema.safeParse(JSON.parse(attachment.content));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: not a hand-over SEKO can use; an older one may be.
    }
  }
  return null;
}

/**
 * SEKO's inbox in the demo: the .eml files the mail capture saves (tests/demo/start.ts), which
 * outlive a restart as the demo's database does; those saved before `since` (when the database was
 * started fresh) are another database's. Only the mails that may be hand-overs are parsed.
 */
export function mailFolderInbox(dir: string, since = new Date(0)): () => CapturedMail[] {
  const after = Number.isNaN(since.getTime()) ? 0 : since.getTime();
  // A saved mail never changes: each file is read once (null: too old, or not a possible hand-over).
  const read = new Map<string, CapturedMail | null>();
  const order = (name: string) => [name.replace(/-\d+\.eml$/, ""), Number(/-(\d+)\.eml$/.exec(name)?.[1] ?? 0)] as const;
  return () => {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((name) => name.endsWith(".eml"));
    } catch {
      return [];
    }
    names.sort((a, b) => {
      const [timeA, countA] = order(a);
      const [timeB, countB] = order(b);
      return timeA === timeB ? countA - countB : timeA < timeB ? -1 : 1;
    });
    const mails: CapturedMail[] = [];
    for (const name of names) {
      let mail = read.get(name);
      if (mail === undefined) {
        const file = path.join(dir, name);
        const { mtimeMs } = fs.statSync(file);
        const raw = mtimeMs >= after ? fs.readFileSync(file, "utf8") : "";
        const to = /^To:\s*(.+)$/im.exec(raw)?.[1]?.match(/[^\s<>,"]+@[^\s<>,"]+/g) ?? [];
        mail = raw.includes("notifications-v") ? parseMail(raw, { from: "", to }) : null;
        // One written in the last seconds may still be being written: read again next time.
        if (Date.now() - mtimeMs > 2000) read.set(name, mail);
      }
      if (mail) mails.push(mail);
    }
    return mails;
  };
}

// --- The sandboxed Liquid engine (the settings of app/notifications/render-thread.ts) ---

const LIMITS = { parseLimit: 100_000, renderLimit: 140, memoryLimit: 20_000_000, outputLimit: 500_000 };

class Partial extends Tag {
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
    super(token, remain, liquid);
    throw new Error(`"${token.name}" is not available: a notification is one template`);
  }

  render() {}
}

function engine(html: boolean, currency: string) {
  const liquid = new Liquid({
    templates: {},
    strictFilters: true,
    strictVariables: false,
    lenientIf: true,
    ownPropertyOnly: true,
    outputEscape: html ? "escape" : undefined,
    parseLimit: LIMITS.parseLimit,
    renderLimit: LIMITS.renderLimit,
    memoryLimit: LIMITS.memoryLimit,
    cache: false,
  });
  for (const name of ["include", "render", "layout", "block"]) liquid.registerTag(name, Partial);
  liquid.unregisterFilter("raw");
  if (html) {
    liquid.registerFilter("escape", (value: unknown) => value);
    liquid.registerFilter("escape_once", (value: unknown) => value);
  }
  liquid.registerFilter("money", (value: unknown) => {
    const cents = Number(value);
    return value === null || value === "" || !Number.isFinite(cents) ? value : new Intl.NumberFormat("en", { style: "currency", currency }).format(cents / 100);
  });
  return liquid;
}

const engines = { html: engine(true, "USD"), text: engine(false, "USD") };

/** One email rendered from a handed-over source; throws when a part does not render or is too large. */
export async function renderStatusEmail(source: { subject: string; html: string; text: string }, data: object) {
  const [subject, html, text] = await Promise.all([engines.text.parseAndRender(source.subject, data), engines.html.parseAndRender(source.html, data), engines.text.parseAndRender(source.text, data)]);
  if (subject.length + html.length + text.length > LIMITS.outputLimit) throw new Error("the email renders too large");
  return { subject: subject.trim(), html, text };
}

// --- The return's data, as SEKO holds it ---

type ConsignmentRequest = {
  Origin?: { Name?: string; Email?: string };
  Commodities?: Array<{ Description?: string; Units?: number; Reason?: string }>;
};

/** "2026-12-05 16:20:00" (SEKO's local EventDT) as an ISO time. */
const isoTime = (at: string | undefined) => {
  const date = at ? new Date(at.replace(" ", "T")) : new Date();
  return Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString();
};

/** The template data (app/notifications/variables.ts, TemplateData) of a live return at a status. */
export function statusEmailData(item: LiveReturn, code: string, options: Pick<SekoStatusEmailOptions, "retailer" | "order" | "portalUrl">) {
  const request = item.label.request as ConsignmentRequest;
  const commodities = request.Commodities ?? [];
  const order = options.order?.(item.orderNumber);
  const returnUrl = `${options.portalUrl}/returns/${encodeURIComponent(item.connote)}`;
  const label = Object.hasOwn(RETURN_STATUSES, code) ? RETURN_STATUSES[code as keyof typeof RETURN_STATUSES].label : code;
  return {
    shop: options.retailer(),
    order: { name: order?.name ?? `#${item.orderNumber}`, created_at: order?.createdAt ?? isoTime(item.label.events[0]?.at) },
    customer: { first_name: (request.Origin?.Name ?? "").trim().split(/\s+/)[0] ?? "" },
    return: {
      reference: item.connote,
      reason: [...new Set(commodities.map((commodity) => commodity.Reason).filter(Boolean))].join(", "),
      items: commodities.map((commodity) => ({ title: commodity.Description ?? "", quantity: commodity.Units ?? 1, image: null })),
      label_url: `${returnUrl}/label.pdf`,
      tracking_url: returnUrl,
      status_code: code,
      status_label: label,
      status_date: isoTime(item.label.events.find((event) => event.code === code)?.at),
    },
    portal_url: options.portalUrl,
  };
}

// --- Sending ---

let current: { options: SekoStatusEmailOptions; transport: nodemailer.Transporter; sent: Set<string> } | null = null;
const sentLog: SentStatusEmail[] = [];
const pending = new Set<Promise<SentStatusEmail | null>>();

/** Switches SEKO's status emails on (null: off, as in tests that do not set them up). */
export function configureSekoStatusEmails(options: SekoStatusEmailOptions | null) {
  current?.transport.close();
  current = options ? { options, transport: nodemailer.createTransport(options.smtpUrl), sent: new Set() } : null;
  sentLog.length = 0;
}

/** The status emails SEKO sent since it was configured, oldest first. */
export function sentStatusEmails(): readonly SentStatusEmail[] {
  return sentLog;
}

/**
 * SEKO recorded `code` for a live return: the customer gets that status's email when the newest
 * hand-over covers it (once per return and status). Failures are printed, never thrown: the
 * return's statuses go on.
 */
export function sendStatusEmail(item: LiveReturn, code: string): Promise<SentStatusEmail | null> {
  const sending = send(item, code);
  pending.add(sending);
  void sending.finally(() => pending.delete(sending));
  return sending;
}

/** Resolves once every email being sent has been sent or given up (tests, before the next one). */
export async function statusEmailsSettled() {
  while (pending.size) await Promise.all([...pending]);
}

async function send(item: LiveReturn, code: string): Promise<SentStatusEmail | null> {
  const setup = current;
  if (!setup || setup.sent.has(`${item.connote}|${code}`)) return null;
  setup.sent.add(`${item.connote}|${code}`);
  const { options } = setup;
  try {
    const handover = latestHandover(options.inbox(), options.sekoAddress, options.shop);
    if (!handover?.covered.includes(code)) return null;
    const forStatus = handover.templates.filter((template) => template.status === code);
    const template = forStatus.find((candidate) => candidate.locale === DEFAULT_LOCALE) ?? forStatus[0];
    if (!template) return null;
    const email = await renderStatusEmail(template.source, statusEmailData(item, code, options));
    const retailer = options.retailer();
    await setup.transport.sendMail({
      from: { name: `${retailer.name} via SEKO Returns`, address: "notifications@seko.example" },
      replyTo: retailer.email,
      to: item.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: { "X-Seko-Consignment": item.connote, "X-Seko-Status": code },
    });
    const sent = { connote: item.connote, code, to: item.email, subject: email.subject };
    sentLog.push(sent);
    return sent;
  } catch (error) {
    console.warn(`simulated SEKO: the ${code} email for ${item.connote} was not sent: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
