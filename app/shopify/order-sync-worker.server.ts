import "./order-sync.server";
import "./products.server";
import "~/seko/order-upload.server";
import { drainJobs, kickJobs, kickJobsSoon } from "./order-sync-jobs.server";

/**
 * Loads every job handler (backfill, webhooks, variants, reconciliation,
 * OmniRPS upload) and starts the in-process runner. Routes that enqueue work
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
