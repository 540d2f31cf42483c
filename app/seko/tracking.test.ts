import { http, HttpResponse } from "msw";
import { describe, expect, test } from "vitest";
import { server } from "#tests/mocks/node";
import { postTrackingEvents, trackingEvent } from "#tests/mocks/seko";
import { normaliseEventTime, parseTrackingWebhook, parseTrackingWebhookText, statusAfter, type TrackingBatch } from "./tracking";
import { advance, RETURN_STATUSES } from "./return-statuses";
import { TrackingBodyError, trackingBatches } from "./tracking-stream";

describe("parsing the webhook body", () => {
  test("a realistic batch parses into typed events with labels and ranks", () => {
    const result = parseTrackingWebhook([
      trackingEvent({ Code: "RC", ItemNo: "TSHIRT-BLK-M" }),
      trackingEvent({ Code: "RC", ItemNo: "SOCKS-3PK" }),
      trackingEvent({ Code: "RT", ItemNo: null, EventDT: "2026-02-04 08:00:00" }),
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.events.map((event) => [event.code, event.itemNo, event.label, event.order])).toEqual([
      ["RC", "TSHIRT-BLK-M", "Return Created", 1],
      ["RC", "SOCKS-3PK", "Return Created", 1],
      ["RT", undefined, "Return in Transit", 2],
    ]);
    expect(result.value.events[0]).toMatchObject({ consignmentNo: "SEKO1234567", orderNo: "#1001", returnReason: "Too small", returnAction: "Refund" });
  });

  test("the order number is kept as SEKO wrote it and keyed in its canonical form", () => {
    const result = parseTrackingWebhook([
      trackingEvent({ ItemNo: "A" }, { echo: "bare" }),
      trackingEvent({ ItemNo: "B" }, { echo: "hash" }),
      trackingEvent({ ItemNo: "C" }, { echo: "spaced" }),
      trackingEvent({ ItemNo: "D" }, { echo: { prefix: "shop-" } }),
      trackingEvent({ ItemNo: "E", OrderNo: null }),
    ]);
    expect(result.ok && result.value.events.map((event) => [event.orderNo, event.orderKey])).toEqual([
      ["1001", "1001"],
      ["#1001", "1001"],
      ["# 1001", "1001"],
      ["shop-1001", "SHOP-1001"],
      [undefined, undefined],
    ]);
  });

  test("the same event delivered twice (SEKO's retries) is folded, however the time is spelled", () => {
    const result = parseTrackingWebhook([
      trackingEvent({ EventDT: "2026-02-03 09:15:00" }),
      trackingEvent({ EventDT: "2026-02-03T09:15:00" }),
      trackingEvent({ EventDT: "2026/2/3 9:15" }),
      trackingEvent({ EventDT: "2026-02-03 09:15:00", ItemNo: "OTHER-SKU" }),
    ]);
    expect(result.ok && result.value).toMatchObject({ duplicates: 2 });
    expect(result.ok && result.value.events).toHaveLength(2);
    expect(result.ok && result.value.events[0]?.dedupeKey).toBe("SEKO1234567|RC|TSHIRT-BLK-M|2026-02-03 09:15:00");
  });

  test("unknown and carrier codes are kept and flagged, never dropped", () => {
    const result = parseTrackingWebhook([trackingEvent({ Code: "OP-12", Status: "Out for delivery" }), trackingEvent({ Code: "zz9", Status: "" })]);
    expect(result.ok && result.value.events.map((event) => [event.code, event.kind, event.label, event.order])).toEqual([
      ["OP-12", "carrier", "Out for delivery", null],
      ["ZZ9", "unknown", "ZZ9", null],
    ]);
  });

  test("one bad event is reported without losing the rest of the batch", () => {
    const result = parseTrackingWebhook([trackingEvent(), { Code: "RT", EventDT: "2026-02-03 10:00:00" }, "nonsense"]);
    expect(result.ok && result.value.events).toHaveLength(1);
    expect(result.ok && result.value.rejected).toEqual([
      { index: 1, reason: expect.stringMatching(/^ConsignmentNo: /) },
      { index: 2, reason: expect.any(String) },
    ]);
  });

  test("numbers where SEKO usually sends strings are accepted", () => {
    const result = parseTrackingWebhook([{ ...trackingEvent(), ConsignmentNo: 6994008906, OrderNo: 1001, ItemNo: 42 }]);
    expect(result.ok && result.value.events[0]).toMatchObject({ consignmentNo: "6994008906", orderNo: "1001", itemNo: "42" });
  });

  test("a lone event object is accepted; a body that is not events is refused", () => {
    expect(parseTrackingWebhook(trackingEvent()).ok).toBe(true);
    expect(parseTrackingWebhook("RC")).toEqual({ ok: false, reason: expect.any(String) });
    expect(parseTrackingWebhookText("<html>")).toEqual({ ok: false, reason: "the body is not JSON" });
    expect(parseTrackingWebhookText(JSON.stringify([trackingEvent()])).ok).toBe(true);
  });
});

describe("events without a time", () => {
  test("are kept with the time they arrived (UTC), flagged, and keyed without it so a retry folds", () => {
    const first = parseTrackingWebhook([trackingEvent({ EventDT: undefined }), trackingEvent({ EventDT: "  ", ItemNo: "B" })], new Date("2026-11-30T23:59:58.400Z"));
    const retry = parseTrackingWebhook([{ ...trackingEvent(), EventDT: null }], new Date("2026-12-01T23:00:00Z"));
    expect(first.ok && first.value.rejected).toEqual([]);
    expect(first.ok && first.value.events.map((event) => [event.eventAt, event.eventAtFlag, event.eventAtRecognised])).toEqual([
      ["2026-11-30 23:59:58", "missing", false],
      ["2026-11-30 23:59:58", "missing", false],
    ]);
    expect(retry.ok && retry.value.events[0]?.dedupeKey).toBe(first.ok && first.value.events[0]?.dedupeKey);
  });

  test("a time in a foreign format is kept verbatim and flagged as unrecognised", () => {
    const result = parseTrackingWebhook([trackingEvent({ EventDT: "03/02/2026 10:00" }), trackingEvent({ ItemNo: "B" })]);
    expect(result.ok && result.value.events.map((event) => [event.eventAt, event.eventAtFlag])).toEqual([
      ["03/02/2026 10:00", "unrecognised"],
      ["2026-02-03 09:15:00", null],
    ]);
  });
});

describe("reading the body as it arrives", () => {
  async function read(pieces: string[], size = 1000) {
    const batches: TrackingBatch[] = [];
    for await (const batch of trackingBatches(
      (async function* () {
        yield* pieces;
      })(),
      { size },
    ))
      batches.push(batch);
    return batches;
  }
  const tricky = [
    trackingEvent({ ItemNo: 'SKU "A", [1]' }),
    trackingEvent({ ItemNo: "SKU \\ ] } {", Status: "Ünïcödé ✓" }),
    { Code: "RT" },
    trackingEvent({ ItemNo: "C" }),
    trackingEvent({ ItemNo: "C" }),
  ];

  test("in pieces cut anywhere, it gives the batch the whole body gives", async () => {
    const text = `\uFEFF [ ${tricky.map((event) => JSON.stringify(event, null, 1)).join(" ,\n")} ] \n`;
    const whole = parseTrackingWebhookText(text);
    for (const cut of [1, 2, 7, 64, text.length]) {
      const pieces = Array.from({ length: Math.ceil(text.length / cut) }, (_, i) => text.slice(i * cut, (i + 1) * cut));
      expect(await read(pieces)).toEqual([whole.ok && whole.value]);
    }
    expect(whole.ok && whole.value).toMatchObject({ duplicates: 1, rejected: [{ index: 2 }] });
    expect(whole.ok && whole.value.events.map((event) => event.itemNo)).toEqual(['SKU "A", [1]', "SKU \\ ] } {", "C"]);
  });

  test("in batches of a bounded size, counting positions across them", async () => {
    const events = Array.from({ length: 7 }, (_, i) => trackingEvent({ ItemNo: `SKU-${i}` }));
    const batches = await read([JSON.stringify([...events, { Code: "RT" }])], 3);
    expect(batches.map((batch) => batch.events.length + batch.rejected.length)).toEqual([3, 3, 2]);
    expect(batches[2]?.rejected).toEqual([{ index: 7, reason: expect.any(String) }]);
  });

  test("a lone event or an empty array is accepted; anything else that is not events is refused", async () => {
    expect(await read([JSON.stringify(trackingEvent()).slice(0, 9), JSON.stringify(trackingEvent()).slice(9)])).toMatchObject([{ events: [{ code: "RC" }] }]);
    expect(await read(["[", " ]"])).toEqual([]);
    for (const body of ["", "not json", '"RC"', "[{}", '[{"Code": "RC"},]', "[1,,2]", "[{}] x", "[}"]) {
      await expect(read([body]), body).rejects.toBeInstanceOf(TrackingBodyError);
    }
  });
});

describe("event time", () => {
  test("SEKO's local format and its variants normalise to one string", () => {
    expect(normaliseEventTime("2026-02-03 09:15:07")).toEqual({ value: "2026-02-03 09:15:07", recognised: true });
    expect(normaliseEventTime(" 2026-02-03T09:15:07.123 ")).toEqual({ value: "2026-02-03 09:15:07", recognised: true });
    expect(normaliseEventTime("2026-02-03")).toEqual({ value: "2026-02-03 00:00:00", recognised: true });
  });

  test("impossible or foreign formats are kept verbatim and flagged", () => {
    expect(normaliseEventTime("2026-02-30 10:00:00")).toEqual({ value: "2026-02-30 10:00:00", recognised: false });
    expect(normaliseEventTime("03/02/2026 10:00")).toEqual({ value: "03/02/2026 10:00", recognised: false });
  });

  test("the documented form, read without the pattern, follows the same rules as its variants", () => {
    // With a fraction the same time takes the pattern's path: both must agree on every date and time around the limits.
    const times = ["0000", "0004", "0999", "1000", "1900", "2000", "2023", "2024", "9999"].flatMap((year) =>
      ["00", "01", "02", "04", "12", "13"].flatMap((month) =>
        ["00", "01", "28", "29", "30", "31", "32"].flatMap((day) => ["00:00:00", "23:59:59", "24:00:00", "10:60:00", "10:00:60"].map((time) => `${year}-${month}-${day} ${time}`)),
      ),
    );
    times.push("2026-02-03T10:00:00", "2026/02/03 10:00:00", "2026-02-03 1a:00:00", "２０２６-02-03 10:00:00", "2026-02-03 10:00:0", "-026-02-03 10:00:00");
    for (const time of times) {
      const viaPattern = normaliseEventTime(`${time}.0`);
      expect(normaliseEventTime(time), time).toEqual(viaPattern.recognised ? viaPattern : { value: time, recognised: false });
    }
    expect(normaliseEventTime("2024-02-29 10:00:00").recognised).toBe(true);
    expect(normaliseEventTime("2023-02-29 10:00:00").recognised).toBe(false);
  });
});

describe("advancing a return's status", () => {
  test("the known codes are ranked along the return's journey", () => {
    const happyPath = ["RC", "RT", "RDTPF", "DS", "RP", "RE", "RDBTC"] as const;
    expect(happyPath.map((code) => RETURN_STATUSES[code].order)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test("moves forward, never backwards", () => {
    expect(advance(null, "RC")).toBe("RC");
    expect(advance("RC", "DS")).toBe("DS");
    expect(advance("DS", "RT")).toBe("DS");
    expect(advance("RP", "RP")).toBe("RP");
  });

  test("terminal states stay terminal; rejection ends a return from any open state", () => {
    expect(advance("RDBTC", "RE")).toBe("RDBTC");
    expect(advance("RDBTC", "RR")).toBe("RDBTC");
    expect(advance("DS", "RR")).toBe("RR");
    expect(advance("RR", "RDBTC")).toBe("RR");
  });

  test("carrier and unknown codes never move the status", () => {
    expect(advance("RT", "OP-7")).toBe("RT");
    expect(advance(null, "XYZ")).toBeNull();
    expect(advance("garbage", "rt")).toBe("RT");
  });

  test("a batch arriving out of order still ends at the furthest status", () => {
    const events = [
      { code: "DS", eventAt: "2026-02-05 10:00:00" },
      { code: "RC", eventAt: "2026-02-03 09:15:00" },
      { code: "RT", eventAt: "2026-02-04 08:00:00" },
    ];
    expect(statusAfter(null, events)).toBe("DS");
    expect(statusAfter("RP", events)).toBe("RP");
  });
});

describe("the simulated SEKO posting events", () => {
  test("posts a JSON array with the retailer's Username/Password headers and reports delivery", async () => {
    let received: { body: unknown; username: string | null; password: string | null } | undefined;
    server.use(
      http.post("https://retailer.example.test/webhooks/seko", async ({ request }) => {
        received = { body: await request.json(), username: request.headers.get("Username"), password: request.headers.get("Password") };
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const outcome = await postTrackingEvents("https://retailer.example.test/webhooks/seko", [trackingEvent()], {
      username: "seko",
      password: "hook-secret",
    });
    expect(outcome.delivered).toBe(true);
    expect(received).toEqual({ body: [trackingEvent()], username: "seko", password: "hook-secret" });
  });

  test("anything but 200 counts as not delivered", async () => {
    server.use(http.post("https://retailer.example.test/webhooks/seko", () => new HttpResponse(null, { status: 202 })));
    expect((await postTrackingEvents("https://retailer.example.test/webhooks/seko", [trackingEvent()])).delivered).toBe(false);
  });
});
