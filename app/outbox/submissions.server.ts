/**
 * Delivers submissions to SEKO (on-boarding forms, the integration summary, the template sets of
 * steps 7 and 8). SEKO has no public on-boarding
 * API, so the channel is email to the account manager: a readable summary in
 * the body and the machine-readable JSON attached (docs/decisions/004).
 *
 * A submission is stored before any delivery attempt, so nothing submitted is
 * lost: a failed send is recorded with its error and retried with back-off
 * by the job runner (a `delivery` job per undelivered submission), or at once
 * with "Retry now". Pages never send mail: an SMTP outage never slows them.
 */
// The SMTP transport is the app's one.
import { MailConfigError, mailFailureCause, mailer as transport } from "~/utils/mail.server";
import { enqueueJob, type JobHandler } from "~/utils/job-queue.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { log } from "~/utils/logger.server";

export type DeliveryStatus = "pending" | "sending" | "sent" | "failed";

/** What the email needs from a stored payload; every payload kind carries these. */
type PayloadEnvelope = { documentName: string; summaryText: string };

/** A claimed send that never finished (a crash mid-send) is due again after this. */
const CLAIM_MS = 5 * 60_000;
const BACKOFF_MINUTES = [1, 5, 30, 120, 360];

export function nextAttemptAfter(attempts: number, now = new Date()): Date {
  const minutes = BACKOFF_MINUTES[Math.min(attempts, BACKOFF_MINUTES.length) - 1] ?? BACKOFF_MINUTES[0]!;
  return new Date(now.getTime() + minutes * 60_000);
}

/** Email to SEKO is not configured: a MailConfigError, so it reads as "not set up" wherever it is shown. */
class DeliveryConfigError extends MailConfigError {}

async function send(submission: { shop: string; form: string; version: number; payload: string }) {
  const { SMTP_URL, SMTP_FROM, SEKO_ONBOARDING_EMAIL } = env();
  if (!SMTP_URL || !SEKO_ONBOARDING_EMAIL) {
    throw new DeliveryConfigError("Email delivery to SEKO is not set up yet (SMTP_URL and SEKO_ONBOARDING_EMAIL).");
  }
  const envelope = JSON.parse(submission.payload) as PayloadEnvelope;
  const subject = `${envelope.documentName} (version ${submission.version}) from ${submission.shop}`;
  const text = [
    `${envelope.documentName}, version ${submission.version}, submitted from the SEKO Returns Shopify app by ${submission.shop}.`,
    "The attached JSON file holds the same answers in machine-readable form.",
    "",
    envelope.summaryText,
    "",
  ].join("\n");
  const info = await transport().sender.sendMail({
    from: SMTP_FROM,
    to: SEKO_ONBOARDING_EMAIL,
    subject,
    text,
    attachments: [
      {
        filename: `${submission.form}-v${submission.version}.json`,
        content: submission.payload,
        contentType: "application/json",
      },
    ],
  });
  return String(info.messageId ?? "");
}

/**
 * Tries to deliver one submission now. Claims it first, so two requests
 * arriving together never send the same email twice.
 */
export async function deliverSubmission(shop: string, submissionId: string): Promise<DeliveryStatus> {
  const now = new Date();
  const claimed = await db.onboardingSubmission.updateMany({
    where: {
      id: submissionId,
      shop,
      OR: [{ deliveryStatus: { in: ["pending", "failed"] } }, { deliveryStatus: "sending", nextAttemptAt: { lt: now } }],
    },
    data: { deliveryStatus: "sending", nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
  });
  if (claimed.count === 0) {
    const current = await db.onboardingSubmission.findFirst({ where: { id: submissionId, shop }, select: { deliveryStatus: true } });
    return (current?.deliveryStatus as DeliveryStatus | undefined) ?? "failed";
  }
  const submission = await db.onboardingSubmission.findFirstOrThrow({ where: { id: submissionId, shop } });
  const attempts = submission.deliveryAttempts + 1;
  try {
    const messageId = await send(submission);
    await db.onboardingSubmission.update({
      where: { id: submission.id },
      data: { deliveryStatus: "sent", deliveryAttempts: attempts, deliveredAt: new Date(), deliveryError: null, nextAttemptAt: null, messageId },
    });
    return "sent";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // nodemailer's message names the server's answer, never the URL's credentials.
    log.warn("onboarding: delivery to SEKO failed", { shop, form: submission.form, version: submission.version, attempts, message });
    const nextAttemptAt = nextAttemptAfter(attempts);
    await db.onboardingSubmission.update({
      where: { id: submission.id },
      data: {
        deliveryStatus: "failed",
        deliveryAttempts: attempts,
        // Shown to the merchant: a plain cause; the server's reply is in the log line above.
        deliveryError: error instanceof DeliveryConfigError ? message : `The email could not be sent: ${mailFailureCause(error)}`,
        nextAttemptAt,
      },
    });
    await enqueueJob({ shop, kind: "delivery", key: submission.id, runAt: nextAttemptAt });
    return "failed";
  }
}

/** "Retry now" on one submission of the shop; null when the shop has no such submission. */
export async function retrySubmission(shop: string, submissionId: string): Promise<DeliveryStatus | null> {
  const exists = await db.onboardingSubmission.count({ where: { id: submissionId, shop } });
  return exists ? deliverSubmission(shop, submissionId) : null;
}

/**
 * A one-off email to SEKO's account manager that is not a stored submission
 * (a secret hand-over link must not be kept, so it cannot be retried later).
 */
export async function emailSeko(message: { subject: string; text: string }): Promise<void> {
  const { SMTP_URL, SMTP_FROM, SEKO_ONBOARDING_EMAIL } = env();
  if (!SMTP_URL || !SEKO_ONBOARDING_EMAIL) {
    throw new DeliveryConfigError("Email delivery to SEKO is not set up yet (SMTP_URL and SEKO_ONBOARDING_EMAIL).");
  }
  await transport().sender.sendMail({ from: SMTP_FROM, to: SEKO_ONBOARDING_EMAIL, subject: message.subject, text: message.text });
}

/**
 * Gives every undelivered submission of the shop its `delivery` job: rows
 * from before the job runner, or a process that stopped between storing and
 * sending. Sends nothing (page loads call it); returns whether one is due now.
 */
export async function queueUndeliveredSubmissions(shop: string): Promise<boolean> {
  const now = new Date();
  const rows = await db.onboardingSubmission.findMany({
    where: {
      shop,
      OR: [{ deliveryStatus: { in: ["pending", "failed"] } }, { deliveryStatus: "sending", nextAttemptAt: { lt: now } }],
    },
    select: { id: true, deliveryStatus: true, nextAttemptAt: true },
    orderBy: { submittedAt: "asc" },
  });
  let due = false;
  for (const row of rows) {
    const later = row.deliveryStatus === "failed" && row.nextAttemptAt !== null && row.nextAttemptAt > now;
    due ||= !later;
    // Never moves a queued job later: at most an early try, which the back-off then follows.
    await enqueueJob({ shop, kind: "delivery", key: row.id, runAt: later ? row.nextAttemptAt! : now });
  }
  return due;
}

// The job runner's retries (app/utils/job-queue.server.ts), one job per submission, keyed by its id.
// A failed send re-queues the job at its back-off time (above); a delivered one makes the job a no-op.
export const deliveryJob: JobHandler = async (job) => {
  const status = await deliverSubmission(job.shop, job.key);
  // Another request holds the claim: look again when it runs out, in case that process stopped mid-send.
  if (status === "sending") return { rerunAt: new Date(Date.now() + CLAIM_MS) };
};

export type SubmissionView = {
  id: string;
  form: string;
  version: number;
  submittedAt: string;
  submittedBy: string;
  deliveryStatus: DeliveryStatus;
  deliveryError: string | null;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  attempts: number;
};

export async function listSubmissions(shop: string, forms: string[]): Promise<SubmissionView[]> {
  const rows = await db.onboardingSubmission.findMany({
    where: { shop, form: { in: forms } },
    orderBy: [{ submittedAt: "desc" }, { version: "desc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    form: row.form,
    version: row.version,
    submittedAt: row.submittedAt.toISOString(),
    submittedBy: row.submittedBy,
    deliveryStatus: row.deliveryStatus as DeliveryStatus,
    deliveryError: row.deliveryError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    attempts: row.deliveryAttempts,
  }));
}

/** Stores a new version of a submission, then tries to deliver it at once. */
export async function createSubmission(shop: string, form: string, submittedBy: string, build: (version: number, submittedAt: Date) => PayloadEnvelope & Record<string, unknown>) {
  const submittedAt = new Date();
  const submission = await db.$transaction(async (tx) => {
    const last = await tx.onboardingSubmission.findFirst({ where: { shop, form }, orderBy: { version: "desc" }, select: { version: true } });
    const version = (last?.version ?? 0) + 1;
    return tx.onboardingSubmission.create({
      data: { shop, form, version, submittedBy, submittedAt, payload: JSON.stringify(build(version, submittedAt), null, 2) },
    });
  });
  const status = await deliverSubmission(shop, submission.id);
  return { id: submission.id, version: submission.version, status };
}

/** The stored JSON of one submission, for the in-app download. */
export async function submissionDownload(shop: string, id: string) {
  const row = await db.onboardingSubmission.findFirst({ where: { id, shop }, select: { form: true, version: true, payload: true } });
  if (!row) return null;
  return { filename: `${row.form}-v${row.version}.json`, body: row.payload };
}
