import nodemailer from "nodemailer";
import { afterEach, expect, test, vi } from "vitest";
import { smtpInbox } from "#tests/mocks/smtp";
import { DEMO_SHOP } from "#tests/setup/config";
import { syncTestHooks } from "#tests/setup/order-sync";
import { adminRequest } from "#tests/setup/requests";
import { loader as homeLoader } from "~/routes/app._index";
import { loader as onboardingLoader } from "~/routes/app.steps.onboarding-form";
import { loader as systemAccessLoader } from "~/routes/app.steps.system-access/route";
import { drainJobs } from "~/job-handlers.server";
import { db } from "~/utils/db.server";
import { createSubmission } from "./submissions.server";

// The job runner by hand (drainJobs), so nothing is sent behind the test's back.
syncTestHooks();

/** Every email the app sends goes through a nodemailer transport's sendMail. */
const transportPrototype = Object.getPrototypeOf(nodemailer.createTransport({ jsonTransport: true })) as { sendMail: (...args: unknown[]) => unknown };

afterEach(() => {
  vi.restoreAllMocks();
});

const args = (path: string) => ({ request: adminRequest(path, { shop: DEMO_SHOP }), params: {}, context: {} });

async function failedSubmission() {
  smtpInbox().failNext(1);
  const result = await createSubmission(DEMO_SHOP, "onboarding", "72015740983", (version) => ({
    documentName: "On-boarding form",
    summaryText: "Trading name: Demo Returns Store",
    form: "onboarding",
    version,
  }));
  expect(result.status).toBe("failed");
  return result.id;
}

/** The back-off has passed: the submission and its job are due. */
async function makeDue(id: string) {
  const past = new Date(Date.now() - 1000);
  await db.onboardingSubmission.update({ where: { id }, data: { nextAttemptAt: past } });
  await db.syncJob.updateMany({ where: { kind: "delivery", key: id }, data: { runAt: past } });
}

test("a failed delivery is queued as a job at its back-off time", async () => {
  const id = await failedSubmission();
  const submission = await db.onboardingSubmission.findUniqueOrThrow({ where: { id } });
  const job = await db.syncJob.findFirstOrThrow({ where: { shop: DEMO_SHOP, kind: "delivery", key: id } });
  expect(submission).toMatchObject({ deliveryStatus: "failed", deliveryAttempts: 1 });
  expect(job.runAt).toEqual(submission.nextAttemptAt);
  // Not due yet: the runner leaves it alone.
  expect(await drainJobs({ shop: DEMO_SHOP })).toBe(0);
});

test("during a mail outage the pages answer without touching SMTP, and the job delivers once mail works", async () => {
  const id = await failedSubmission();
  await makeDue(id);

  // A hanging SMTP server: a page that tried to send would never answer.
  const sendMail = vi.spyOn(transportPrototype, "sendMail").mockImplementation(() => new Promise(() => {}));
  const home = await homeLoader(args("/app"));
  const questionnaire = await onboardingLoader(args("/app/steps/onboarding-form"));
  const systemAccess = await systemAccessLoader(args("/app/steps/system-access"));
  expect(sendMail).not.toHaveBeenCalled();
  expect(home.guide.steps.find((step) => step.id === "onboarding-form")?.status).not.toBe("done");
  expect(questionnaire.submissions[0]).toMatchObject({ deliveryStatus: "failed", attempts: 1 });
  expect(systemAccess.submissions).toEqual([]);
  sendMail.mockRestore();

  // The runner's try while the mailbox still refuses: recorded, and queued again with the next back-off.
  smtpInbox().failNext(1);
  expect(await drainJobs({ shop: DEMO_SHOP })).toBe(1);
  const retried = await db.onboardingSubmission.findUniqueOrThrow({ where: { id } });
  expect(retried).toMatchObject({ deliveryStatus: "failed", deliveryAttempts: 2 });
  expect(retried.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(4 * 60_000);
  const requeued = await db.syncJob.findFirstOrThrow({ where: { kind: "delivery", key: id } });
  expect(requeued).toMatchObject({ runAt: retried.nextAttemptAt, lockedBy: null });
  expect(smtpInbox().messages).toHaveLength(0);

  // Mail works again and the back-off has passed: the job delivers, and is gone.
  await makeDue(id);
  expect(await drainJobs({ shop: DEMO_SHOP })).toBe(1);
  expect(await db.onboardingSubmission.findUniqueOrThrow({ where: { id } })).toMatchObject({ deliveryStatus: "sent", deliveryAttempts: 3 });
  expect(smtpInbox().messages.map((mail) => mail.subject)).toEqual([`On-boarding form (version 1) from ${DEMO_SHOP}`]);
  expect(await db.syncJob.count({ where: { kind: "delivery" } })).toBe(0);
  const home2 = await homeLoader(args("/app"));
  expect(home2.guide.steps.find((step) => step.id === "onboarding-form")?.status).toBe("done");
});

test("opening the app queues an undelivered submission that has no job (stored before the runner, or a crash mid-send)", async () => {
  const id = await failedSubmission();
  await db.syncJob.deleteMany({});
  await db.onboardingSubmission.update({ where: { id }, data: { deliveryStatus: "sending", nextAttemptAt: new Date(Date.now() - 1000) } });
  const sendMail = vi.spyOn(transportPrototype, "sendMail");
  await homeLoader(args("/app"));
  expect(sendMail).not.toHaveBeenCalled();
  expect(await db.syncJob.findFirst({ where: { kind: "delivery", key: id } })).toMatchObject({ shop: DEMO_SHOP });
  expect(await drainJobs({ shop: DEMO_SHOP })).toBe(1);
  expect(smtpInbox().messages).toHaveLength(1);
});
