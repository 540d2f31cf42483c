/**
 * The agreed go-live date as a submission to SEKO: stored, then sent through the outbox
 * (app/outbox/submissions.server.ts), so a failed email is retried by the `delivery` job and step 10
 * shows its delivery like every other hand-over. One submission per agreement: a date agreed again
 * unchanged is not sent twice (confirmDate in app/launch/go-live.server.ts decides that).
 */
import { createSubmission, listSubmissions, type SubmissionView } from "~/outbox/submissions.server";
import type { StaffDirectory } from "~/utils/staff.server";

/** The outbox's form name for the agreed date. */
export const AGREED_DATE_FORM = "go-live-date";

export type Agreement = { date: string; via: "seko" | "merchant"; by: string; at: Date };

/** How the date was agreed, in the words step 10 and the activity log use. */
export function agreedHow(via: Agreement["via"]) {
  return via === "seko" ? "Confirmed by SEKO" : "Recorded on SEKO's word";
}

/** Stores the agreement as a new version of the go-live date submission and tries to send it at once. */
export async function sendAgreedDate(shop: string, agreement: Agreement, staff: StaffDirectory) {
  const { date, via, by, at } = agreement;
  const how = agreedHow(via);
  return createSubmission(shop, AGREED_DATE_FORM, by, (version, submittedAt) => ({
    schema: "seko-returns-go-live-date/1",
    documentName: "Agreed go-live date",
    form: AGREED_DATE_FORM,
    version,
    submittedAt: submittedAt.toISOString(),
    goLiveDate: date,
    confirmedVia: via,
    confirmation: how,
    agreedBy: staff.person(by),
    agreedAt: at.toISOString(),
    summaryText: [`Go-live date agreed: ${date}.`, `${how}; recorded in the app by ${staff.label(by)} at ${at.toISOString()}.`].join("\n"),
  }));
}

/** Every agreed date sent to SEKO, newest first, the sender named. */
export async function agreedDateSubmissions(shop: string, staff: StaffDirectory): Promise<SubmissionView[]> {
  const rows = await listSubmissions(shop, [AGREED_DATE_FORM]);
  return rows.map((row) => ({ ...row, submittedBy: staff.label(row.submittedBy) }));
}
