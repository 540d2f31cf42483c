/**
 * What step 8's page shows: the eight tracking statuses and whether each
 * sends an email, the status chosen by `?status=` in the editor with its
 * versions, the hand-overs to SEKO and what test returns' events would have sent.
 */
import { notificationsFact } from "~/guide/facts";
import { defaultForm, DEFAULT_LOCALE } from "~/notifications/defaults";
import { notificationContext } from "~/notifications/label-email.server";
import { templateReadability } from "~/notifications/readability";
import { notificationRecords, NOTIFICATIONS_FORM } from "~/notifications/status-emails.server";
import { isTrackingStatus, type TrackingStatusCode } from "~/notifications/statuses";
import { templateHistory } from "~/notifications/template-step.server";
import { trackedEmails } from "~/notifications/tracked-emails.server";
import { staffDirectory } from "~/utils/staff.server";

/** Statuses for which Shopify itself may already email the customer (its own return notifications). */
const SHOPIFY_SENDS: Partial<Record<TrackingStatusCode, string>> = {
  RC: "Shopify's own return notifications (Settings › Notifications › Returns) may already email the customer when a return is created",
  RDBTC: "Shopify's refund notification may already tell the customer when you refund the returned items",
};

export async function notificationsView(shop: string, url: URL) {
  const staff = await staffDirectory(shop);
  const context = await notificationContext(shop);
  const records = await notificationRecords(shop, staff, context);
  const requested = url.searchParams.get("status") ?? "RC";
  const code: TrackingStatusCode = isTrackingStatus(requested) ? requested : "RC";
  const selected = records.emails.find((email) => email.code === code)!;
  const [history, tracked] = await Promise.all([templateHistory(shop, { kind: code, scope: "default", locale: DEFAULT_LOCALE }, NOTIFICATIONS_FORM, staff), trackedEmails(shop, context)]);
  return {
    fact: notificationsFact(records),
    skipped: records.skipped ?? null,
    statuses: records.emails.map((email) => ({
      code: email.code,
      label: email.label,
      omniRpsOnly: email.omniRpsOnly,
      enabled: email.template.enabled,
      origin: email.template.origin,
      duplicates: SHOPIFY_SENDS[email.code] ?? null,
      // Colours a customer could not read: the hand-over is refused while a status switched on has any.
      unreadable: templateReadability(email.template).map((problem) => problem.message),
    })),
    code,
    template: { ...selected.template, fallbackForm: defaultForm(code, DEFAULT_LOCALE, context.branding) },
    ...history,
    tracked,
  };
}
