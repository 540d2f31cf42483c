import "./order-sync.server";
import "./products.server";
import "~/seko/order-upload.server";
import { queueUndeliveredSubmissions } from "~/onboarding/delivery.server";
import { drainJobs, kickJobs, kickJobsSoon } from "./order-sync-jobs.server";

/**
 * Loads every job handler (backfill, webhooks, variants, reconciliation,
 * OmniRPS upload, on-boarding email delivery) and starts the in-process runner. Routes that enqueue work
 * import this, so the first request after a restart also resumes whatever a
 * crash or deploy interrupted.
 */
let started = false;

export function ensureOrderSyncWorker() {
  if (!started) {
    started = true;
    kickJobs();
  }
}

export { drainJobs, kickJobs, kickJobsSoon };

/**
 * For page loads: the shop's undelivered on-boarding submissions get their
 * `delivery` jobs, and when one is due the runner is started here, where every
 * handler is loaded (a runner without one drops that kind's jobs). Sends no
 * mail itself, so no page waits on SMTP.
 */
export async function resumeDeliveries(shop: string) {
  if (await queueUndeliveredSubmissions(shop)) {
    ensureOrderSyncWorker();
    kickJobs();
  }
}
