import { z } from "zod";
import { canonicalOrderNumber } from "./order-number";
import { trackingWebhookEventSchema } from "./schemas";
import { RETURN_STATUSES, type ReturnStatusCode, isReturnStatusCode, advance } from "./return-statuses";
import { plainTrackingEvent } from "./tracking-plain-event";

/**
 * The OmniRPS tracking webhook, parsed without I/O. SEKO disables a webhook
 * whose receiver keeps failing (docs/seko.md 5.6), so parsing never rejects a batch
 * for one bad event: bad events are reported next to the good ones, unknown
 * codes are kept, and duplicates (SEKO's retries) are folded by a stable key.
 */

/**
 * An event without an EventDT is kept too (stored with the time we received
 * it, flagged): a 200 that drops it would be the last SEKO ever sends of it.
 */
const eventSchema = trackingWebhookEventSchema.extend({
  EventDT: z
    .string()
    .nullish()
    .transform((value) => value?.trim() || undefined),
});
export type TrackingWebhookEvent = z.output<typeof eventSchema>;

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
  /**
   * "YYYY-MM-DD HH:mm:ss" in the hub's local time (SEKO sends no zone), the
   * raw text when unrecognised, or the receipt time (UTC) when SEKO sent none.
   */
  eventAt: string;
  eventAtRecognised: boolean;
  /** Null for SEKO's time as sent; otherwise why eventAt is not (see the TrackingEvent model). */
  eventAtFlag: "unrecognised" | "missing" | null;
  /** The SKU on per-item events (RC, RP). */
  itemNo?: string;
  returnReason?: string;
  returnAction?: string;
  /** Consignment + code + item + event time: equal keys are the same event delivered twice. */
  dedupeKey: string;
  /** The fields SEKO sent longer than {@link TRACKING_FIELD_MAX_CHARS}, cut to it here and in `raw`; null when none was. */
  truncated: string[] | null;
  raw: TrackingWebhookEvent;
};

export type TrackingBatch = {
  events: TrackingEvent[];
  /** Repeats inside this batch, folded into the first occurrence. */
  duplicates: number;
  rejected: { index: number; reason: string }[];
};

export type TrackingParse = { ok: true; value: TrackingBatch } | { ok: false; reason: string };

/** For a raw request body. `receivedAt` stands in for a missing EventDT. */
export function parseTrackingWebhookText(text: string, receivedAt = new Date()): TrackingParse {
  let body: unknown;
  try {
    body = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { ok: false, reason: NOT_JSON };
  }
  return parseTrackingWebhook(body, receivedAt);
}

export const NOT_JSON = "the body is not JSON";
const NOT_EVENTS = "expected a JSON array of tracking events";

export function parseTrackingWebhook(body: unknown, receivedAt = new Date()): TrackingParse {
  // SEKO documents an array; a lone event object is accepted rather than lost.
  const items = Array.isArray(body) ? body : typeof body === "object" && body !== null ? [body] : null;
  if (items === null) return { ok: false, reason: NOT_EVENTS };
  const batch = emptyBatch();
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) addItem(batch, seen, index, item, receivedAt);
  return { ok: true, value: batch };
}

export const emptyBatch = (): TrackingBatch => ({ events: [], duplicates: 0, rejected: [] });

/**
 * The most of one field kept, in characters. SEKO's fields are identifiers, a status line, a reason
 * and an action (docs/seko.md 5.6): tens of characters. A longer value is cut to this (the same cut
 * every time, so a retried event keeps its dedupe key) and the event records which fields were cut.
 */
export const TRACKING_FIELD_MAX_CHARS = 1000;

/** An event with its long fields cut (top-level strings; a nested value by its JSON text), and the names of those cut. */
export function cutLongFields(item: unknown): { value: unknown; truncated: string[] } {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return { value: item, truncated: [] };
  const truncated: string[] = [];
  const value: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(item)) {
    const text = typeof field === "string" ? field : typeof field === "object" && field !== null ? JSON.stringify(field) : null;
    if (text === null || text.length <= TRACKING_FIELD_MAX_CHARS) value[key] = field;
    else {
      // Never half a surrogate pair: the cut text stays valid UTF-16.
      const end = /[\uD800-\uDBFF]/.test(text[TRACKING_FIELD_MAX_CHARS - 1]!) ? TRACKING_FIELD_MAX_CHARS - 1 : TRACKING_FIELD_MAX_CHARS;
      value[key] = text.slice(0, end);
      truncated.push(key);
    }
  }
  return { value, truncated };
}

/**
 * Zod's reason for an element that is not an object or lacks a required field, without the cost of
 * its error (tens of microseconds each: a delivery of 100,000 `{}` would take seconds).
 */
function quickRejection(item: unknown): string | null {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return `Invalid input: expected object, received ${item === null ? "null" : Array.isArray(item) ? "array" : typeof item}`;
  for (const key of ["ConsignmentNo", "Code"]) {
    const field = (item as Record<string, unknown>)[key];
    if (typeof field !== "string" && typeof field !== "number") return `${key}: Invalid input`;
  }
  return null;
}

/** One element of a delivery: an event of the batch (its long fields cut), a repeat, or rejected with why. */
export function addItem(batch: TrackingBatch, seen: Set<string>, index: number, item: unknown, receivedAt: Date) {
  const quick = quickRejection(item);
  if (quick) {
    batch.rejected.push({ index, reason: quick });
    return;
  }
  // The common event without a copy or zod (tracking-plain-event.ts); anything else as the schema says.
  const plain = plainTrackingEvent(item as object, TRACKING_FIELD_MAX_CHARS);
  const parsed = plain ? null : schemaTrackingEvent(item);
  if (parsed && !parsed.ok) {
    batch.rejected.push({ index, reason: parsed.reason });
    return;
  }
  const event = plain ? toTrackingEvent(plain, receivedAt, NOTHING_CUT) : toTrackingEvent(parsed!.raw, receivedAt, parsed!.truncated);
  if (seen.has(event.dedupeKey)) {
    batch.duplicates++;
    return;
  }
  seen.add(event.dedupeKey);
  batch.events.push(event);
}

const NOTHING_CUT: string[] = [];

/** An event through the schema, its long fields cut first, or the schema's reason for refusing it: the reference tracking-plain-event.ts is held to. */
export function schemaTrackingEvent(item: unknown): { ok: true; raw: TrackingWebhookEvent; truncated: string[] } | { ok: false; reason: string } {
  const { value, truncated } = cutLongFields(item);
  const parsed = eventSchema.safeParse(value);
  if (parsed.success) return { ok: true, raw: parsed.data, truncated };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return { ok: false, reason: `${where}${issue?.message ?? "invalid event"}` };
}

export function toTrackingEvent(raw: TrackingWebhookEvent, receivedAt = new Date(), truncated: string[] = []): TrackingEvent {
  const code = raw.Code;
  const time = raw.EventDT === undefined ? null : normaliseEventTime(raw.EventDT);
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
    eventAt: time?.value ?? receiptTime(receivedAt),
    eventAtRecognised: time?.recognised ?? false,
    eventAtFlag: time === null ? "missing" : time.recognised ? null : "unrecognised",
    itemNo: raw.ItemNo,
    returnReason: raw.ReturnReason,
    returnAction: raw.ReturnAction,
    // Keyed without a time when SEKO sent none, so its retry of the event is folded into this one.
    dedupeKey: dedupeKey({ consignmentNo, code, itemNo: raw.ItemNo, eventAt: time?.value ?? "" }),
    truncated: truncated.length ? truncated : null,
    raw,
  };
}

/** When we received an event, in SEKO's format (but UTC: the hub's zone is unknown). */
export function receiptTime(date: Date) {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

export function dedupeKey(event: { consignmentNo: string; code: string; itemNo?: string; eventAt: string }) {
  return `${event.consignmentNo.trim().toUpperCase()}|${event.code}|${event.itemNo ?? ""}|${event.eventAt}`;
}

const EVENT_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * SEKO documents "YYYY-MM-DD HH:mm:ss" local time; variants with a T, slashes,
 * no seconds or fractions map to the same string, so a retried event keeps
 * its dedupe key. Anything else is kept verbatim (trimmed), never dropped.
 */
export function normaliseEventTime(value: string): { value: string; recognised: boolean } {
  const text = value.trim();
  if (isCanonicalTime(text)) return { value: text, recognised: true };
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

const ZERO = 48;
const digitsAt = (text: string, from: number, count: number) => {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
};

/**
 * Whether a time is already in SEKO's documented form and valid, so {@link normaliseEventTime} would give it back as it
 * is: checked without the pattern and the parts it allocates, as every event of a delivery is (the days of a month past
 * the 28th still asked of Date, as the general path does).
 */
function isCanonicalTime(text: string) {
  if (text.length !== 19 || text[4] !== "-" || text[7] !== "-" || text[10] !== " " || text[13] !== ":" || text[16] !== ":") return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  // A year before 1000 is written back without its leading zero (the general path's numbers): not this one's to answer.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  return day <= 28 || day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The status after a set of events, in event-time order so that of two
 * terminal events the earlier one wins.
 */
export function statusAfter(current: string | null | undefined, events: Pick<TrackingEvent, "code" | "eventAt">[]): ReturnStatusCode | null {
  const ordered = [...events].sort((a, b) => a.eventAt.localeCompare(b.eventAt));
  return ordered.reduce<ReturnStatusCode | null>((status, event) => advance(status, event.code), isReturnStatusCode(current) ? current : null);
}

/** What newly stored events say about one return, before it is merged with what is stored. */
export type ReturnUpdate = {
  consignmentNo: string;
  /** {@link statusAfter} the events alone: merging it with the stored status by {@link advance} gives the same as advancing the stored status event by event. */
  status: ReturnStatusCode | null;
  lastEventAt: string;
  trackingNo: string | null;
  /** The first order number the events carry: a stored one always wins (a return keeps the order it was first seen with). */
  orderNo: string | null;
  orderKey: string | null;
};

/** Newly stored events grouped per return (consignment). */
export function returnUpdates(events: TrackingEvent[]): ReturnUpdate[] {
  return [...Map.groupBy(events, (event) => event.consignmentNo)].map(([consignmentNo, group]) => {
    const latest = group.reduce((a, b) => (a.eventAt >= b.eventAt ? a : b));
    const withOrder = group.find((event) => event.orderNo);
    return {
      consignmentNo,
      status: statusAfter(null, group),
      lastEventAt: latest.eventAt,
      trackingNo: latest.trackingNo ?? null,
      orderNo: withOrder?.orderNo ?? null,
      orderKey: withOrder?.orderKey ?? null,
    };
  });
}
