import { deliveryJob, queueUndeliveredSubmissions } from "~/outbox/submissions.server";
import { returnMirrorJob } from "~/returns/mirror.server";
import { storefrontJob } from "~/storefront/link.server";
import { uploadJob } from "~/seko/order-upload.server";
import { backfillJob } from "~/shopify/backfill.server";
import { customerIdsJob } from "~/shopify/customer-ids.server";
import { orderJobs, refundJob } from "~/shopify/order-sync-webhooks.server";
import { variantsJob } from "~/shopify/products.server";
import { reconcileJob } from "~/shopify/reconcile.server";
import { trackingCatchupJob } from "~/test-returns/tracking-catchup.server";
import type { JobRegistry } from "~/utils/job-queue.server";
import { drainJobs as drainWith, kickJobs, startJobRunner, type DrainOptions } from "~/utils/job-runner.server";

/**
 * Every kind of background job and the domain function that runs it: the one
 * list the job runner (app/utils/job-runner.server.ts) is started with. A kind
 * without a handler here fails the type check instead of having its jobs
 * dropped at run time.
 */
export const jobHandlers: JobRegistry = {
  backfill: { run: backfillJob },
  order: { batch: orderJobs },
  refund: { run: refundJob },
  reconcile: { run: reconcileJob },
  variants: { run: variantsJob },
  upload: { run: uploadJob },
  delivery: { run: deliveryJob },
  storefront: { run: storefrontJob },
  "tracking-catchup": { run: trackingCatchupJob },
  "customer-ids": { run: customerIdsJob },
  "return-mirror": { run: returnMirrorJob },
};

/**
 * Starts the in-process runner with every handler. The server calls this as
 * it loads (app/entry.server.tsx), so a restarted instance resumes at once
 * whatever a crash or deploy interrupted; routes that enqueue work call it
 * too, which does nothing once the runner runs.
 */
export function ensureJobRunner() {
  startJobRunner(jobHandlers);
}

/** Runs due jobs now, with every handler (tests and the benchmark; the runner does this on its own). */
export function drainJobs(options?: DrainOptions) {
  return drainWith(jobHandlers, options);
}

/**
 * For page loads: the shop's undelivered on-boarding submissions get their
 * `delivery` jobs, and when one is due the runner is started here, with every
 * handler. Sends no mail itself, so no page waits on SMTP.
 */
export async function resumeDeliveries(shop: string) {
  if (await queueUndeliveredSubmissions(shop)) {
    ensureJobRunner();
    kickJobs();
  }
}
