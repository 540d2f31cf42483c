import { canonicalOrderNumber } from "./order-number";
import { type TrackingWebhookEvent, trackingWebhookEventSchema } from "./schemas";

/**
 * The OmniRPS tracking webhook, parsed without I/O. SEKO disables a webhook
 * whose receiver keeps failing (DOMAIN.md 5), so parsing never rejects a batch
 * for one bad event: bad events are reported next to the good ones, unknown
 * codes are kept, and duplicates (SEKO's retries) are folded by a stable key.
 */

/** DOMAIN.md 4. `order` ranks the happy path; RR ends a return from any earlier state. */
export const RETURN_STATUSES = {
  RC: { label: "Return Created", order: 1, terminal: false },
  RT: { label: "Return in Transit", order: 2, terminal: false },
  RDTPF: { label: "Transferred to Sorting Facility", order: 3, terminal: false },
  DS: { label: "Depot Scan", order: 4, terminal: false },
  RP: { label: "Return Processed", order: 5, terminal: false },
  RE: { label: "Return Exported", order: 6, terminal: false },
  RDBTC: { label: "Delivered Back To Retailer", order: 7, terminal: true },
  RR: { label: "Return Rejected", order: 8, terminal: true },
} as const;

export type ReturnStatusCode = keyof typeof RETURN_STATUSES;

export function isReturnStatusCode(code: string | null | undefined): code is ReturnStatusCode {
  return typeof code === "string" && Object.hasOwn(RETURN_STATUSES, code);
}

/**
 * The status a return moves to when `incoming` arrives. Events arrive late
 * and out of order (SEKO retries a failed delivery after 60 min, 24 h, 48 h),
 * so a return never moves backwards, never leaves a terminal state, and
 * carrier (OP-n) or unknown codes never move it at all.
 */
export function advance(
  current: string | null | undefined,
  incoming: string | null | undefined,
): ReturnStatusCode | null {
  const from = isReturnStatusCode(current) ? current : null;
  const to = incoming?.trim().toUpperCase();
  if (!isReturnStatusCode(to)) return from;
  if (from === null) return to;
  if (RETURN_STATUSES[from].terminal) return from;
  if (RETURN_STATUSES[to].terminal) return to;
  return RETURN_STATUSES[to].order > RETURN_STATUSES[from].order ? to : from;
}

export type TrackingEvent = {
  consignmentNo: string;
  trackingNo?: string;
  /** As SEKO wrote it ("SHOP-1001", "#1001"...), for display. */
  orderNo?: string;
  /** The canonical order number (order-number.ts): what every match uses. */
  orderKey?: string;
  /** Upper-cased as sent; never replaced, even when unknown. */
  code: string;
  /** "carrier": OmniParcel OP-n codes, whose full list SEKO does not publish. */
  kind: "return" | "carrier" | "unknown";
  /** Ours for known return codes, SEKO's Status text otherwise. */
  label: string;
  order: number | null;
  carrier?: string;
  /** "YYYY-MM-DD HH:mm:ss" in the hub's local time (SEKO sends no zone), or the raw text when unrecognised. */
  eventAt: string;
  eventAtRecognised: boolean;
  /** The SKU on per-item events (RC, RP). */
  itemNo?: string;
  returnReason?: string;
  returnAction?: string;
  /** Consignment + code + item + event time: equal keys are the same event delivered twice. */
  dedupeKey: string;
  raw: TrackingWebhookEvent;
};

export type TrackingBatch = {
  events: TrackingEvent[];
  /** Repeats inside this batch, folded into the first occurrence. */
  duplicates: number;
  rejected: { index: number; reason: string }[];
};

export type TrackingParse = { ok: true; value: TrackingBatch } | { ok: false; reason: string };

/** For a raw request body. */
export function parseTrackingWebhookText(text: string): TrackingParse {
  let body: unknown;
  try {
    body = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { ok: false, reason: "the body is not JSON" };
  }
  return parseTrackingWebhook(body);
}

export function parseTrackingWebhook(body: unknown): TrackingParse {
  // SEKO documents an array; a lone event object is accepted rather than lost.
  const items = Array.isArray(body) ? body : typeof body === "object" && body !== null ? [body] : null;
  if (items === null) return { ok: false, reason: "expected a JSON array of tracking events" };

  const seen = new Set<string>();
  const batch: TrackingBatch = { events: [], duplicates: 0, rejected: [] };
  for (const [index, item] of items.entries()) {
    const parsed = trackingWebhookEventSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
      batch.rejected.push({ index, reason: `${where}${issue?.message ?? "invalid event"}` });
      continue;
    }
    const event = toTrackingEvent(parsed.data);
    if (seen.has(event.dedupeKey)) {
      batch.duplicates++;
      continue;
    }
    seen.add(event.dedupeKey);
    batch.events.push(event);
  }
  return { ok: true, value: batch };
}

export function toTrackingEvent(raw: TrackingWebhookEvent): TrackingEvent {
  const code = raw.Code;
  const time = normaliseEventTime(raw.EventDT);
  const known = isReturnStatusCode(code) ? RETURN_STATUSES[code] : null;
  const consignmentNo = raw.ConsignmentNo.trim();
  return {
    consignmentNo,
    trackingNo: raw.OmniRPSTrackingNo,
    orderNo: raw.OrderNo,
    orderKey: canonicalOrderNumber(raw.OrderNo) ?? undefined,
    code,
    kind: known ? "return" : /^OP-\d+$/.test(code) ? "carrier" : "unknown",
    label: known?.label ?? (raw.Status?.trim() || code),
    order: known?.order ?? null,
    carrier: raw.Carrier,
    eventAt: time.value,
    eventAtRecognised: time.recognised,
    itemNo: raw.ItemNo,
    returnReason: raw.ReturnReason,
    returnAction: raw.ReturnAction,
    dedupeKey: dedupeKey({ consignmentNo, code, itemNo: raw.ItemNo, eventAt: time.value }),
    raw,
  };
}

export function dedupeKey(event: { consignmentNo: string; code: string; itemNo?: string; eventAt: string }) {
  return [event.consignmentNo.trim().toUpperCase(), event.code, event.itemNo ?? "", event.eventAt].join("|");
}

const EVENT_TIME =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * SEKO documents "YYYY-MM-DD HH:mm:ss" local time; variants with a T, slashes,
 * no seconds or fractions map to the same string, so a retried event keeps
 * its dedupe key. Anything else is kept verbatim (trimmed), never dropped.
 */
export function normaliseEventTime(value: string): { value: string; recognised: boolean } {
  const text = value.trim();
  const match = EVENT_TIME.exec(text);
  if (!match) return { value: text, recognised: false };
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const valid =
    year !== undefined &&
    month !== undefined &&
    day !== undefined &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= new Date(Date.UTC(year, month, 0)).getUTCDate() &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  if (!valid) return { value: text, recognised: false };
  const pad = (part: number) => String(part).padStart(2, "0");
  return {
    value: `${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`,
    recognised: true,
  };
}

/**
 * The status after a set of events, in event-time order so that of two
 * terminal events the earlier one wins.
 */
export function statusAfter(
  current: string | null | undefined,
  events: Pick<TrackingEvent, "code" | "eventAt">[],
): ReturnStatusCode | null {
  const ordered = [...events].sort((a, b) => a.eventAt.localeCompare(b.eventAt));
  return ordered.reduce<ReturnStatusCode | null>(
    (status, event) => advance(status, event.code),
    isReturnStatusCode(current) ? current : null,
  );
}
