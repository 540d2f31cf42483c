import { describe, expect, test } from "vitest";
import { trackingEvent } from "#tests/mocks/seko";
import { parseTrackingWebhook, schemaTrackingEvent, TRACKING_FIELD_MAX_CHARS } from "./tracking";
import { plainTrackingEvent } from "./tracking-plain-event";

const FIELDS = ["ConsignmentNo", "OmniRPSTrackingNo", "OrderNo", "Code", "Status", "Carrier", "EventDT", "ItemNo", "ReturnReason", "ReturnAction"];

/** Events as SEKO sends them, and as it might: numbers for identifiers, fields missing or null, extra fields, another key order. */
const BASES: Record<string, unknown>[] = [
  { ...trackingEvent() },
  {
    ConsignmentNo: "SEKO7000001",
    OmniRPSTrackingNo: "RPS9000001",
    OrderNo: "#20002",
    Code: "RT",
    Status: "RT",
    Carrier: "SEKO Returns",
    EventDT: "2026-10-02 00:01:00",
    ItemNo: null,
    ReturnReason: null,
    ReturnAction: null,
  },
  { ConsignmentNo: "A1", Code: "rc" },
  { Code: " op-12 ", EventDT: "2026-2-3T9:15", ConsignmentNo: 6994008906, OrderNo: 1001, ItemNo: 42, Extra: "kept", "7": true, Note: null },
  JSON.parse('{"Zed":1,"ConsignmentNo":" padded ","Code":"Rdbtc","Status":"","EventDT":"","OmniRPSTrackingNo":"","Carrier":null,"Weird Key":"x"}') as Record<string, unknown>,
];

/** What a field may hold: every type JSON has (and undefined, which only a caller in code can pass), blanks, padding, lengths around the cut. */
const VALUES: unknown[] = [
  undefined,
  null,
  "",
  "   ",
  " padded ",
  "lower",
  "0",
  0,
  -0,
  42,
  1.5,
  1e21,
  -7,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  {},
  [],
  { a: 1 },
  ["x"],
  "x".repeat(TRACKING_FIELD_MAX_CHARS),
  "x".repeat(TRACKING_FIELD_MAX_CHARS + 1),
  `${"x".repeat(TRACKING_FIELD_MAX_CHARS - 1)}\u{1F600}`,
  " 2026-02-03 09:15:00 ",
];

function* corpus() {
  for (const base of BASES) {
    yield base;
    for (const key of [...FIELDS, "Extra"]) {
      const { [key]: _removed, ...without } = base;
      yield without;
      for (const value of VALUES) yield { ...base, [key]: value };
    }
  }
}

/** Keys, in order, with their values (an undefined value kept as a present key). */
const entries = (value: unknown) => Object.entries(value as object);

describe("the plain path of a tracking event", () => {
  test("gives exactly what the schema gives, key order included, or leaves the event to it", () => {
    let plain = 0;
    let schema = 0;
    for (const item of corpus()) {
      const fast = plainTrackingEvent(item, TRACKING_FIELD_MAX_CHARS);
      const reference = schemaTrackingEvent(item);
      if (fast === null) {
        schema++;
        continue;
      }
      plain++;
      expect(reference, JSON.stringify(item)).toMatchObject({ ok: true, truncated: [] });
      if (!reference.ok) continue;
      expect(entries(fast), JSON.stringify(item)).toEqual(entries(reference.raw));
      expect(JSON.stringify(fast)).toBe(JSON.stringify(reference.raw));
    }
    // Both paths are exercised: the ordinary events take the plain one, the odd ones the schema.
    expect(plain).toBeGreaterThan(400);
    expect(schema).toBeGreaterThan(400);
  });

  test("takes the events SEKO sends, and leaves to the schema those it would refuse or cut", () => {
    expect(plainTrackingEvent(trackingEvent(), TRACKING_FIELD_MAX_CHARS)).toEqual({ ...trackingEvent() });
    expect(plainTrackingEvent({ ...trackingEvent(), ConsignmentNo: 6994008906, ItemNo: 42 }, TRACKING_FIELD_MAX_CHARS)).toMatchObject({ ConsignmentNo: "6994008906", ItemNo: "42" });
    for (const odd of [
      { ...trackingEvent(), Code: "  " },
      { ...trackingEvent(), Status: 5 },
      { ...trackingEvent(), OrderNo: Number.POSITIVE_INFINITY },
      { ...trackingEvent(), ReturnReason: "r".repeat(TRACKING_FIELD_MAX_CHARS + 1) },
      { ...trackingEvent(), Notes: { text: "nested" } },
      JSON.parse(`{"__proto__":{"Status":"inherited"},"ConsignmentNo":"A","Code":"RC"}`) as object,
      Object.assign(Object.create(null) as object, trackingEvent()),
    ])
      expect(plainTrackingEvent(odd, TRACKING_FIELD_MAX_CHARS), JSON.stringify(odd)).toBeNull();
  });

  test("a delivery parses to the same events and rejections as through the schema alone", () => {
    const items = [...corpus()];
    const parsed = parseTrackingWebhook(items, new Date("2026-12-01T10:00:00Z"));
    if (!parsed.ok) throw new Error(parsed.reason);
    const rejected = items.flatMap((item, index) => {
      const reference = schemaTrackingEvent(item);
      return reference.ok ? [] : [{ index, reason: reference.reason }];
    });
    expect(parsed.value.rejected).toEqual(rejected);
    expect(parsed.value.events.length + parsed.value.duplicates).toBe(items.length - rejected.length);
  });
});
