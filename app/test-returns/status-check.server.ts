/**
 * "Check status" on a test return: asks SEKO's statusv2 (test environment) for
 * the label's events and stores them with the tracking receiver's own store
 * (app/seko/tracking-receiver.server.ts).
 */
import type { SekoError } from "~/seko/errors";
import type { ConsignmentStatus } from "~/seko/omniparcel.server";
import { sekoClients } from "~/seko/connection.server";
import { parseTrackingWebhook } from "~/seko/tracking";
import { storeTrackingEvents } from "~/seko/tracking-receiver.server";
import { db } from "~/utils/db.server";
import type { TestReturnState } from "./test-returns";
import type { ActionResult } from "./test-returns.server";

/** How long one return's "Check status" waits before asking SEKO again: statusv2 allows 100 calls a minute per account. */
export const CHECK_INTERVAL_MS = 10_000;

/**
 * Asks statusv2 for the label's events and stores them as the receiver does
 * (same dedupe key), so the timeline reads one source whichever way events came.
 */
export async function checkTestReturnStatus(shop: string, id: string, now = new Date()): Promise<ActionResult & { stored?: number }> {
  const row = await db.testReturn.findFirst({ where: { id, shop } });
  if (!row?.connote) return { ok: false, message: "This return has no label to track." };
  if (row.checkedAt && now.getTime() - row.checkedAt.getTime() < CHECK_INTERVAL_MS) {
    return { ok: false, id, message: "Checked a moment ago: try again in a few seconds." };
  }
  const { omniparcel } = await sekoClients(shop, "test");
  if (!omniparcel) return { ok: false, id, message: "Checking the status needs the OmniParcel test key (Settings)." };
  await db.testReturn.update({ where: { id }, data: { checkedAt: now } });
  const result = await omniparcel.trackingStatus([row.connote]);
  if (!result.ok) return { ok: false, id, message: describe(result.error) };
  const events = result.value.filter((status) => status.connote === row.connote).flatMap((status) => statusEvents(status, row.orderName));
  const parsed = parseTrackingWebhook(events, now);
  if (!parsed.ok) return { ok: false, id, message: parsed.reason };
  const stored = await storeTrackingEvents(shop, parsed.value);
  return { ok: true, id, state: row.state as TestReturnState, stored: stored.stored };
}

/**
 * A label's events from statusv2 in the tracking webhook's shape, so the receiver's parser and store
 * take them (the tracking catch-up, app/test-returns/tracking-catchup.server.ts, uses it too).
 */
export function statusEvents(status: ConsignmentStatus, orderNo: string) {
  return status.events.filter((event) => event.code).map((event) => ({ ConsignmentNo: status.connote, OrderNo: orderNo, Code: event.code, Status: event.description, EventDT: event.at }));
}

function describe(error: SekoError) {
  return error.kind === "rate_limited" ? "SEKO's tracking limit (100 checks a minute) is reached: try again in a minute." : error.message;
}
