/**
 * Step 8: an optional email to the customer at each tracking status. What
 * the page and the guide read (each status on or off with its template), the
 * explicit skip, and the hand-over of the enabled statuses to SEKO.
 */
import { createSubmission } from "~/outbox/submissions.server";
import type { StaffDirectory } from "~/utils/staff.server";
import { db } from "~/utils/db.server";
import { DEFAULT_LOCALE } from "./defaults";
import { latestHandover, notificationContext, type NotificationContext } from "./label-email.server";
import { templateReadability } from "./readability";
import { sampleData } from "./sample";
import { LAST_STATUS_FOR_EVERY_RETURN, TRACKING_STATUSES, type TrackingStatusCode } from "./statuses";
import { DEFAULT_SCOPE, lastTemplateChange, latestTemplates, renderEmail, resolveTemplate, type StoredTemplate } from "./templates.server";

export const NOTIFICATIONS_FORM = "notifications";
const CODES = TRACKING_STATUSES.map((status) => status.code) as TrackingStatusCode[];

export type StatusEmail = { code: TrackingStatusCode; label: string; omniRpsOnly: boolean; template: StoredTemplate };

export async function statusEmails(shop: string, context: NotificationContext, locale = DEFAULT_LOCALE): Promise<StatusEmail[]> {
  const rows = await latestTemplates(shop, CODES);
  return TRACKING_STATUSES.map((status) => ({
    code: status.code,
    label: status.label,
    omniRpsOnly: status.omniRpsOnly,
    template: resolveTemplate(rows, { kind: status.code, scope: DEFAULT_SCOPE, locale }, context.branding),
  }));
}

export async function skipState(shop: string) {
  const row = await db.notificationSettings.findUnique({ where: { shop } });
  return row?.skippedAt ? { at: row.skippedAt.toISOString(), by: row.skippedBy ?? "" } : undefined;
}

export async function setSkipped(shop: string, skipped: boolean, by: string) {
  const data = skipped ? { skippedAt: new Date(), skippedBy: by } : { skippedAt: null, skippedBy: null };
  await db.notificationSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

/** What step 8's rule reads. */
export async function notificationRecords(shop: string, staff: StaffDirectory, context?: NotificationContext) {
  const ctx = context ?? (await notificationContext(shop));
  const [emails, skipped, lastChangeAt, handover] = await Promise.all([statusEmails(shop, ctx), skipState(shop), lastTemplateChange(shop, CODES), latestHandover(shop, NOTIFICATIONS_FORM, staff)]);
  return {
    skipped: skipped && { at: skipped.at, by: staff.label(skipped.by) },
    enabled: emails.filter((email) => email.template.enabled).map((email) => email.code),
    unreadable: emails.filter((email) => email.template.enabled).map((email) => ({ label: email.label, problems: templateReadability(email.template).map((problem) => problem.message) })),
    lastChangeAt,
    handover,
    emails,
  };
}

/** Hands the enabled statuses' emails to SEKO (source and rendered, each of the shop's languages). */
export async function handOverNotifications(shop: string, staffId: string, staffName: string) {
  const context = await notificationContext(shop);
  const rows = await latestTemplates(shop, CODES);
  const locales = [DEFAULT_LOCALE, ...context.locales];
  const enabled = TRACKING_STATUSES.filter((status) => resolveTemplate(rows, { kind: status.code, scope: DEFAULT_SCOPE, locale: DEFAULT_LOCALE }, context.branding).enabled);
  if (!enabled.length) return { ok: false as const, message: "No status is switched on: switch some on, or skip this step." };
  const templates: Array<Record<string, unknown>> = [];
  for (const status of enabled) {
    const sample = sampleData(context.shop, { status: status.code });
    for (const locale of locales) {
      const template = resolveTemplate(rows, { kind: status.code, scope: DEFAULT_SCOPE, locale }, context.branding);
      const rendered = await renderEmail(shop, template, sample, context.currency);
      if (!rendered.ok) return { ok: false as const, message: `The ${status.label} email does not render: fix it first.` };
      const unreadable = templateReadability(template);
      if (unreadable.length)
        return {
          ok: false as const,
          message: `The ${status.label} email${locale === DEFAULT_LOCALE ? "" : ` (${locale})`} is hard to read: ${unreadable.map((problem) => problem.message).join(" ")}`,
        };
      templates.push({
        status: status.code,
        label: status.label,
        omniRpsOnly: status.omniRpsOnly,
        locale,
        origin: template.origin,
        version: template.version,
        source: { subject: template.subject, html: template.html, text: template.text },
        rendered: rendered.email,
      });
    }
  }
  const summaryText = [
    `Customer notification emails for ${enabled.map((status) => `${status.label} (${status.code})`).join(", ")}, handed over by ${staffName}.`,
    `Transactional emails: no unsubscribe link. Statuses after ${LAST_STATUS_FOR_EVERY_RETURN.label} apply only to returns processed through OmniRPS.`,
    "Each entry in the attached JSON has the Liquid source (subject, HTML, plain text) and the email it renders with sample data.",
  ].join("\n");
  const result = await createSubmission(shop, NOTIFICATIONS_FORM, staffId, (version, submittedAt) => ({
    documentName: "Customer notification emails",
    summaryText,
    form: NOTIFICATIONS_FORM,
    version,
    submittedAt: submittedAt.toISOString(),
    submittedBy: staffName,
    covered: enabled.map((status) => status.code),
    templates,
  }));
  return { ok: true as const, ...result };
}
