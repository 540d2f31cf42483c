import { describe, expect, test } from "vitest";
import { trackingEvent } from "#tests/mocks/seko";
import { parseTrackingWebhook, TRACKING_FIELD_MAX_CHARS, type TrackingBatch } from "./tracking";
import { JsonArraySplitter, TRACKING_DELIVERY_LIMITS, TrackingLimitError, trackingBatches } from "./tracking-stream";

async function read(pieces: Iterable<string>, limits = TRACKING_DELIVERY_LIMITS) {
  const batches: TrackingBatch[] = [];
  for await (const batch of trackingBatches(
    (async function* () {
      yield* pieces;
    })(),
    { size: 2, limits },
  ))
    batches.push(batch);
  return batches;
}

describe("limits of one delivery", () => {
  test("the documented limits leave room for SEKO's largest deliveries and its longest events", () => {
    const event = JSON.stringify(trackingEvent({ Status: "Transferred to Sorting Facility", ReturnReason: "Changed my mind about the colour", ReturnAction: "Refund" }));
    expect(TRACKING_DELIVERY_LIMITS.events).toBeGreaterThanOrEqual(50_000);
    // Ten documented fields, each at the longest kept: still far inside one event's limit.
    expect(TRACKING_DELIVERY_LIMITS.eventChars).toBeGreaterThan(10 * TRACKING_FIELD_MAX_CHARS + event.length);
  });

  test("one element more than the event limit refuses the delivery; the limit itself is read", async () => {
    const limits = { events: 5, eventChars: 1000 };
    const five = JSON.stringify(Array.from({ length: 5 }, (_, i) => trackingEvent({ ItemNo: `SKU-${i}` })));
    expect((await read([five], limits)).flatMap((batch) => batch.events)).toHaveLength(5);
    // Empty objects are elements too: a million of them is not a million rejections worked through.
    await expect(read([JSON.stringify([...Array.from({ length: 5 }, () => ({})), {}])], limits)).rejects.toThrow(new TrackingLimitError("the delivery is over the receiver's limit of 5 events"));
  });

  test("an element longer than the event limit is refused as soon as it is seen, before it is held whole", async () => {
    const limits = { events: 100, eventChars: 1000 };
    const pieces = function* () {
      yield `[${JSON.stringify(trackingEvent())},{"Status":"`;
      // An endless string: the splitter must give up without reading to its end.
      for (let i = 0; i < 1_000_000; i++) yield "x".repeat(100);
    };
    await expect(read(pieces(), limits)).rejects.toBeInstanceOf(TrackingLimitError);
    await expect(read([`[${JSON.stringify({ ...trackingEvent(), Status: "x".repeat(1000) })}]`], limits)).rejects.toBeInstanceOf(TrackingLimitError);
    // A lone event (not an array) is held to the same limit.
    await expect(read([JSON.stringify({ ...trackingEvent(), Status: "x".repeat(1000) })], limits)).rejects.toBeInstanceOf(TrackingLimitError);
    expect(() => new JsonArraySplitter(10).push(`{"Status": "${"x".repeat(20)}"}`)).toThrow(TrackingLimitError);
  });
});

describe("fields longer than the receiver keeps", () => {
  test("are cut, the same way every time, and the event says which", () => {
    const long = "Ü".repeat(20_000);
    const parsed = parseTrackingWebhook([{ ...trackingEvent({ Status: long, ReturnReason: "r".repeat(TRACKING_FIELD_MAX_CHARS) }), Notes: { text: long } }]);
    if (!parsed.ok) throw new Error(parsed.reason);
    const [event] = parsed.value.events;
    expect(event?.truncated).toEqual(["Status", "Notes"]);
    expect(event?.raw.Status).toBe("Ü".repeat(TRACKING_FIELD_MAX_CHARS));
    expect(event?.returnReason).toHaveLength(TRACKING_FIELD_MAX_CHARS); // at the limit: kept whole, not flagged
    expect(JSON.stringify(event?.raw).length).toBeLessThan(4 * TRACKING_FIELD_MAX_CHARS);
    expect(parseTrackingWebhook([trackingEvent()]).ok && parseTrackingWebhook([trackingEvent()])).toMatchObject({ value: { events: [{ truncated: null }] } });
  });

  test("an identifier cut keeps one dedupe key, so SEKO's retry of the event is folded into it", () => {
    const consignment = `SEKO${"9".repeat(5000)}`;
    const parsed = parseTrackingWebhook([trackingEvent({ ConsignmentNo: consignment }), trackingEvent({ ConsignmentNo: consignment })]);
    expect(parsed.ok && parsed.value).toMatchObject({ duplicates: 1, events: [{ consignmentNo: consignment.slice(0, TRACKING_FIELD_MAX_CHARS), truncated: ["ConsignmentNo"] }] });
  });

  test("a cut never leaves half a character", () => {
    const emoji = "😀".repeat(TRACKING_FIELD_MAX_CHARS);
    const parsed = parseTrackingWebhook([trackingEvent({ Status: `x${emoji}` })]);
    const status = parsed.ok ? parsed.value.events[0]?.raw.Status : undefined;
    expect(status).toBe(`x${"😀".repeat((TRACKING_FIELD_MAX_CHARS - 2) / 2)}`);
    expect(status?.isWellFormed()).toBe(true);
  });
});

describe("JsonArraySplitter", () => {
  test("cuts an array into its elements however the text is split, strings with quotes, escapes and brackets included", () => {
    const elements = [
      { ConsignmentNo: "A1", Status: 'a "quoted" [status], {with} \\ backslashes \\" and commas,' },
      { ConsignmentNo: "A2", Status: "\\", Nested: [{ x: "]" }, "}"] },
      { ConsignmentNo: "A3", Status: "x".repeat(5000) },
      "a string element",
      12,
    ];
    const text = ` [ ${elements.map((element) => JSON.stringify(element)).join(" , ")} ] `;
    for (const size of [1, 2, 3, 7, 64, 4096, text.length]) {
      const splitter = new JsonArraySplitter();
      const seen: string[] = [];
      for (let at = 0; at < text.length; at += size) seen.push(...splitter.push(text.slice(at, at + size)));
      expect(splitter.end(), `pieces of ${size}`).toEqual({ kind: "array" });
      expect(
        seen.map((element) => JSON.parse(element) as unknown),
        `pieces of ${size}`,
      ).toEqual(elements);
    }
  });
});

describe("parsing while a batch is written", () => {
  test("a body that has all arrived is parsed in turns, so the database's answers for the batch being written are read meanwhile", async () => {
    const body = JSON.stringify(Array.from({ length: 2000 }, (_, i) => trackingEvent({ ItemNo: `SKU-${i}` })));
    // Counts the event loop's turns while the whole body, already here, is parsed (a reply from the database thread
    // is read in such a turn): before, parsing held the thread until it ran out of text.
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const before = turns;
    let events = 0;
    for await (const batch of trackingBatches(
      (async function* () {
        yield body;
      })(),
    ))
      events += batch.events.length;
    counting = false;
    expect(events).toBe(2000);
    expect(turns - before).toBeGreaterThanOrEqual(20);
  });
});
