import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticateTrackingDelivery, storeTrackingBatches } from "~/seko/tracking-receiver.server";
import { TrackingBodyError, TrackingLimitError, trackingBatches } from "~/seko/tracking-stream";
import { queueReturnMirror } from "~/returns/mirror.server";
import { queueTrackingCatchup } from "~/test-returns/tracking-catchup.server";
import { clientIp } from "~/utils/client-ip.server";
import { env } from "~/utils/env.server";
import { kickJobs } from "~/utils/job-runner.server";
import { log } from "~/utils/logger.server";
import { BodyTooLarge, BodyUnreadable, cappedText, refusalBeforeReading, refusalResponse, tooLargeResponse } from "~/utils/request-body.server";

/** The most of a delivery read (docs/security.md, "Request bodies"); the receiver's own per-delivery limits sit inside it. */
const TRACKING_BODY_MAX_BYTES = 32 * 1024 * 1024;

/**
 * SEKO's OmniRPS tracking webhook. SEKO retries a failed delivery after 60 min,
 * 24 h and 48 h, then disables the webhook, so: events are stored before the
 * 200; anything we could not store gets a 5xx so SEKO retries; a replay is
 * harmless (events are keyed by consignment, code, item and time, and a
 * delivery is stored in chunks that each commit whole, so a retry after a
 * failure part way stores only the rest).
 */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
  // A refusal is recorded on the shop's endpoint, for Settings and Home to show (no one reads this 401 but SEKO);
  // past the refusal limits it is a 429 that costs no hashing and no write (docs/security.md).
  const delivery = await authenticateTrackingDelivery(params.token ?? "", request.headers, clientIp(request, env().TRUSTED_PROXY_HOPS));
  // Answered before the body is read: what the sender still sends is drained, so it reads the answer rather than a reset.
  const text = { contentType: "text/plain; charset=utf-8" };
  if (!delivery.ok && delivery.retryAfterSeconds !== null)
    return refusalBeforeReading(request, "Too many refused deliveries", { ...text, status: 429, headers: { "Retry-After": String(delivery.retryAfterSeconds) } });
  if (!delivery.ok) return refusalBeforeReading(request, "Unauthorized", { ...text, status: 401 });
  const { shop } = delivery;
  // The webhook works from now on: labels made before it did are asked of SEKO in the background.
  if (delivery.first) {
    await queueTrackingCatchup(shop);
    kickJobs();
  }

  // What was not read of a refused body is drained before the connection closes (app/utils/request-body.server.ts).
  const refusal = (status: number, error: string) => refusalResponse(request, JSON.stringify({ error }), { status, contentType: "application/json; charset=utf-8" });
  // Read as it arrives: a delivery of tens of thousands of events is never held whole.
  const batches = trackingBatches(cappedText(request, TRACKING_BODY_MAX_BYTES), { receivedAt: new Date() });
  // The consignments this delivery changed, committed: each gets its return written into Shopify when the merchant turned
  // that on (app/returns/mirror.server.ts), even when a later chunk fails (SEKO's retry finds those events stored).
  const changed = new Set<string>();
  try {
    return Response.json(await storeTrackingBatches(shop, batches, changed));
  } catch (error) {
    // Chunks before the problem are stored (each whole) and nothing but a 200 acknowledges a delivery, so SEKO
    // sends a refused one again and its retry stores only the rest (docs/security.md, "The SEKO tracking receiver").
    // A transfer that broke off has no one left to read the answer; JSON that stops part way is malformed: 400.
    if (error instanceof BodyUnreadable) return refusal(400, "the delivery broke off before its end; events before the break may have been stored");
    if (error instanceof BodyTooLarge) return tooLargeResponse(error.maxBytes, request);
    // Over a limit no SEKO delivery reaches: not acknowledged, so SEKO keeps it (docs/security.md, "The SEKO tracking receiver").
    if (error instanceof TrackingLimitError) {
      log.info("seko tracking: delivery over the receiver's limits refused", { shop, limit: error.message });
      return refusal(413, `${error.message}; events before it may have been stored, nothing after it was`);
    }
    if (error instanceof TrackingBodyError) return refusal(400, `${error.message}; events before the error may have been stored`);
    log.error("seko tracking: could not store events; SEKO will retry", { shop, error: String(error) });
    return Response.json({ error: "could not store events, please retry" }, { status: 503 });
  } finally {
    if (changed.size) await mirrorReturns(shop, changed);
  }
};

/** Queues the changed consignments' returns for Shopify; a failure here never changes SEKO's answer (the events are stored). */
async function mirrorReturns(shop: string, changed: Set<string>) {
  try {
    if (await queueReturnMirror(shop, [...changed])) kickJobs();
  } catch (error) {
    log.error("seko tracking: could not queue returns for Shopify", { shop, error: String(error) });
  }
}

export const loader = () => new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
