/**
 * The tracking catch-up: labels made before the shop's tracking webhook worked got no statuses
 * (SEKO's deliveries were refused, or went nowhere), and SEKO does not send them again once it has
 * given up. When the webhook accepts its first delivery (after the credentials were made or
 * rotated: app/routes/seko.tracking.$token.tsx), this job asks SEKO's statusv2 for the shop's
 * labels that have no tracking event yet and stores the answer with the receiver's own store, as
 * "Check status" does (app/test-returns/status-check.server.ts). The labels the app makes are test
 * returns' (step 9), always in SEKO's test environment.
 */
import type { SyncJob } from "@prisma/client";
import { sekoClients } from "~/seko/connection.server";
import { parseTrackingWebhook } from "~/seko/tracking";
import { storeTrackingEvents } from "~/seko/tracking-receiver.server";
import { db } from "~/utils/db.server";
import { enqueueJob, type JobOutcome } from "~/utils/job-queue.server";
import { log } from "~/utils/logger.server";
import { statusEvents } from "./status-check.server";

/** Runs of a job that failed for a passing reason (SEKO down) before it stops asking. */
export const CATCHUP_ATTEMPTS = 6;

/** When SEKO says nothing of how long to wait, a job held back by the rate limit runs again after this. */
const RATE_LIMIT_PAUSE_MS = 60_000;

/** Queues the shop's catch-up (one per shop: queued again while waiting, it runs once). */
export async function queueTrackingCatchup(shop: string) {
  await enqueueJob({ shop, kind: "tracking-catchup" });
}

/** The shop's labels made by `before` (not voided) that have no tracking event yet, oldest first. */
export async function labelsWithoutTracking(shop: string, before: Date) {
  const rows = await db.testReturn.findMany({
    where: { shop, connote: { not: null }, state: { not: "voided" }, createdAt: { lte: before } },
    select: { connote: true, orderName: true },
    orderBy: { createdAt: "asc" },
  });
  const labels = rows.flatMap((row) => (row.connote ? [{ connote: row.connote, orderName: row.orderName }] : []));
  if (!labels.length) return [];
  const tracked = await db.trackingEvent.findMany({
    where: { shop, consignmentNo: { in: labels.map((label) => label.connote) } },
    distinct: ["consignmentNo"],
    select: { consignmentNo: true },
  });
  const seen = new Set(tracked.map((event) => event.consignmentNo));
  return labels.filter((label) => !seen.has(label.connote));
}

/**
 * One statusv2 request per `tracking.connotesPerRequest` labels, each waiting for the account's
 * shared limiter (SEKO allows 100 requests a minute, shared with "Check status": docs/seko.md); each
 * answer is stored before the next request, so work done is kept. Held back by the limit (ours or
 * SEKO's), the job runs again later and asks only for the labels still without events. Labels made
 * after the job was first queued are left to the webhook, which works by then.
 */
export async function trackingCatchupJob(job: SyncJob): Promise<JobOutcome> {
  const shop = job.shop;
  const waiting = await labelsWithoutTracking(shop, job.createdAt);
  if (!waiting.length) return;
  const { config, omniparcel } = await sekoClients(shop, "test");
  if (!omniparcel) {
    log.info("tracking catch-up: no OmniParcel test key, nothing asked", { shop, labels: waiting.length });
    return;
  }
  const size = config.tracking.connotesPerRequest;
  let stored = 0;
  for (let start = 0; start < waiting.length; start += size) {
    const chunk = waiting.slice(start, start + size);
    const result = await omniparcel.trackingStatus(chunk.map((label) => label.connote));
    if (!result.ok) {
      const { kind, message } = result.error;
      if (kind === "rate_limited") {
        const waitMs = result.error.retryAfterMs ?? RATE_LIMIT_PAUSE_MS;
        log.info("tracking catch-up: held back by SEKO's rate limit", { shop, asked: start, left: waiting.length - start, waitMs });
        return { rerunAt: new Date(Date.now() + waitMs) };
      }
      // A refused key or host stays refused: asking again cannot help until the merchant fixes it.
      if (kind === "auth" || kind === "refused_host" || kind === "invalid_request" || job.attempts + 1 >= CATCHUP_ATTEMPTS) {
        log.warn("tracking catch-up: stopped", { shop, kind, message, asked: start, left: waiting.length - start, stored });
        return;
      }
      throw new Error(`tracking catch-up: ${message}`);
    }
    const orderNames = new Map(chunk.map((label) => [label.connote, label.orderName]));
    const events = result.value.flatMap((status) => {
      const orderName = orderNames.get(status.connote);
      return orderName === undefined ? [] : statusEvents(status, orderName);
    });
    const parsed = parseTrackingWebhook(events);
    if (parsed.ok) stored += (await storeTrackingEvents(shop, parsed.value)).stored;
  }
  log.info("tracking catch-up: done", { shop, labels: waiting.length, stored });
}
