import type { TrackingWebhookEvent } from "./tracking";

/**
 * What the tracking event schema (tracking.ts `eventSchema`) makes of an ordinary event, without zod: each element of a
 * delivery of tens of thousands went through a copy (cutting long fields) and then zod's own copy, and the garbage of the
 * two was a good part of a delivery's time under the image's small young generation (docs/benchmarks.md).
 *
 * It accepts only what it can answer exactly as the schema does: a plain object without a field to cut (a string over
 * `maxChars`, or any object or array) or a "__proto__" key, whose known fields have the types the schema reads without
 * an error. The value it returns is the schema's, field for field and in the same key order (so the stored `raw` text
 * is the same). Anything else gets null and goes the schema's way, which also words every rejection.
 * tracking-plain-event.test.ts compares the two across valid events and every field of them removed, null, of another
 * type, blank, padded and too long.
 */
export function plainTrackingEvent(item: object, maxChars: number): TrackingWebhookEvent | null {
  if (Object.getPrototypeOf(item) !== Object.prototype) return null;
  const fields = item as Record<string, unknown>;
  let present = 0;
  let others: string[] | null = null;
  for (const key in fields) {
    if (key === "__proto__" || !Object.hasOwn(fields, key)) return null;
    const value = fields[key];
    if (typeof value === "string" ? value.length > maxChars : typeof value === "object" && value !== null) return null;
    const bit = Object.hasOwn(BIT_OF, key) ? BIT_OF[key] : undefined;
    if (bit === undefined) (others ??= []).push(key);
    else present |= bit;
  }
  const consignmentNo = looseId(fields.ConsignmentNo);
  const code = looseId(fields.Code);
  if (!consignmentNo || !code) return null;
  // The schema's keys in its order: the required ones always, an optional one when the event has it.
  const out: Record<string, unknown> = { ConsignmentNo: consignmentNo };
  if (present & FIELD_BITS.OmniRPSTrackingNo && !optionalId(out, "OmniRPSTrackingNo", fields.OmniRPSTrackingNo)) return null;
  if (present & FIELD_BITS.OrderNo && !optionalId(out, "OrderNo", fields.OrderNo)) return null;
  out.Code = code.toUpperCase();
  if (present & FIELD_BITS.Status && !optionalText(out, "Status", fields.Status)) return null;
  if (present & FIELD_BITS.Carrier && !optionalText(out, "Carrier", fields.Carrier)) return null;
  if (present & FIELD_BITS.EventDT) {
    const time = fields.EventDT;
    if (typeof time === "string") out.EventDT = time.trim() || undefined;
    else if (time === null || time === undefined) out.EventDT = undefined;
    else return null;
  }
  if (present & FIELD_BITS.ItemNo && !optionalId(out, "ItemNo", fields.ItemNo)) return null;
  if (present & FIELD_BITS.ReturnReason && !optionalText(out, "ReturnReason", fields.ReturnReason)) return null;
  if (present & FIELD_BITS.ReturnAction && !optionalText(out, "ReturnAction", fields.ReturnAction)) return null;
  // Fields SEKO may add are kept as sent, after the known ones (the schema is a loose object).
  if (others) for (const key of others) out[key] = fields[key];
  return out as TrackingWebhookEvent;
}

const FIELD_BITS = {
  ConsignmentNo: 1,
  OmniRPSTrackingNo: 2,
  OrderNo: 4,
  Code: 8,
  Status: 16,
  Carrier: 32,
  EventDT: 64,
  ItemNo: 128,
  ReturnReason: 256,
  ReturnAction: 512,
} as const;
const BIT_OF: Record<string, number> = FIELD_BITS;

/** schemas.ts `looseId`: a string or a finite number, as trimmed text; null for what it refuses. */
function looseId(value: unknown): string | null {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/** `looseId.nullish()` with blanks as absent (the schema's identifiers after the consignment). */
function optionalId(out: Record<string, unknown>, key: string, value: unknown) {
  if (value === null || value === undefined) {
    out[key] = undefined;
    return true;
  }
  const text = looseId(value);
  if (text === null) return false;
  out[key] = text || undefined;
  return true;
}

/** schemas.ts `optionalText`: a string as sent, or absent. */
function optionalText(out: Record<string, unknown>, key: string, value: unknown) {
  if (typeof value === "string") out[key] = value;
  else if (value === null || value === undefined) out[key] = undefined;
  else return false;
  return true;
}
