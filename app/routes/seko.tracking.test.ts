import { describe, expect, test, vi } from "vitest";
import { trackingEvent, trackingEventsRequest } from "#tests/mocks/seko";
import { failInsertsWhen } from "#tests/setup/db";
import { rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import { db } from "~/utils/db.server";
import { action } from "./seko.tracking.$token";

const SHOP = "demo-returns-store.myshopify.com";
const OTHER = "other-store.myshopify.com";

async function deliver(events: unknown[], credentials: { url: string; username: string; password: string }, auth = credentials) {
  const token = new URL(credentials.url).pathname.split("/").pop()!;
  const request = trackingEventsRequest(credentials.url, events, { username: auth.username, password: auth.password });
  return action({ request, params: { token }, context: {} });
}

describe("SEKO tracking webhook receiver", () => {
  test("stores events and moves the return forward", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
    const response = await deliver([trackingEvent({ Code: "RC", EventDT: "2026-11-01 09:00:00" }), trackingEvent({ Code: "RT", EventDT: "2026-11-02 10:00:00", ItemNo: undefined })], credentials);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: 2, duplicates: 0 });
    const shipment = await db.returnShipment.findFirstOrThrow({ where: { shop: SHOP } });
    expect(shipment).toMatchObject({ consignmentNo: "SEKO1234567", status: "RT", orderNo: "#1001" });
  });

  test("a retried delivery is stored once", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
    const batch = [trackingEvent({ Code: "RC" }), trackingEvent({ Code: "RC" })];
    expect((await deliver(batch, credentials)).status).toBe(200);
    const again = await deliver(batch, credentials);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ stored: 0 });
    expect(await db.trackingEvent.count()).toBe(1);
  });

  test("a late, older event never moves a return backwards", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
    await deliver([trackingEvent({ Code: "RP", EventDT: "2026-11-05 12:00:00" })], credentials);
    await deliver([trackingEvent({ Code: "RT", EventDT: "2026-11-02 10:00:00", ItemNo: undefined })], credentials);
    const shipment = await db.returnShipment.findFirstOrThrow();
    expect(shipment.status).toBe("RP");
    expect(shipment.lastEventAt).toBe("2026-11-05 12:00:00");
    expect(await db.trackingEvent.count()).toBe(2);
  });

  test("unknown and carrier codes are kept and shown, without changing the status", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
    await deliver([trackingEvent({ Code: "RC" }), trackingEvent({ Code: "XYZ", Status: "Something new" }), trackingEvent({ Code: "OP-17", Status: "Out for delivery" })], credentials);
    const kinds = (await db.trackingEvent.findMany({ orderBy: { code: "asc" } })).map((event) => [event.code, event.kind]);
    expect(kinds).toEqual([
      ["OP-17", "carrier"],
      ["RC", "return"],
      ["XYZ", "unknown"],
    ]);
    expect((await db.returnShipment.findFirstOrThrow()).status).toBe("RC");
  });

  test("bad credentials or an unknown URL answer 401 and store nothing", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
    expect((await deliver([trackingEvent()], credentials, { ...credentials, password: "wrong" })).status).toBe(401);
    expect((await deliver([trackingEvent()], credentials, { ...credentials, username: "someone-else" })).status).toBe(401);
    expect((await deliver([trackingEvent()], { ...credentials, url: `${credentials.url}x` })).status).toBe(401);
    expect(await db.trackingEvent.count()).toBe(0);
  });

  test("a refused delivery is recorded on the shop whose URL it reached, with why, and logged without the credentials", async () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
    await rotateTrackingCredentials(OTHER, "72015740983");
    expect((await deliver([trackingEvent()], credentials, { ...credentials, password: "posted-wrong-password" })).status).toBe(401);
    const token = new URL(credentials.url).pathname.split("/").pop()!;
    const bare = new Request(credentials.url, { method: "POST", body: JSON.stringify([trackingEvent()]) });
    expect((await action({ request: bare, params: { token }, context: {} })).status).toBe(401);

    expect(await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({ refusedCount: 2, lastRefusal: "no credentials", lastRefusedAt: expect.any(Date) });
    expect(await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: OTHER } })).toMatchObject({ refusedCount: 0, lastRefusedAt: null });
    const logged = warnings.mock.calls.flat().map(String).join("\n");
    expect(logged).toContain("delivery refused");
    expect(logged).not.toContain("posted-wrong-password");
    expect(logged).not.toContain(credentials.username);

    // The right credentials again: accepted, and the count starts over.
    expect((await deliver([trackingEvent()], credentials)).status).toBe(200);
    expect(await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({ refusedCount: 0, lastAcceptedAt: expect.any(Date) });
  });

  test("rotated credentials stop the old ones at once", async () => {
    const old = await rotateTrackingCredentials(SHOP, "72015740983");
    await rotateTrackingCredentials(SHOP, "72015740983");
    expect((await deliver([trackingEvent()], old)).status).toBe(401);
  });

  test("events land in the shop the URL belongs to, never another", async () => {
    const mine = await rotateTrackingCredentials(SHOP, "72015740983");
    await rotateTrackingCredentials(OTHER, "72015740983");
    await deliver([trackingEvent()], mine);
    expect(await db.trackingEvent.count({ where: { shop: OTHER } })).toBe(0);
    expect(await db.trackingEvent.count({ where: { shop: SHOP } })).toBe(1);
  });

  test("a body that is not events gets a 400 that says why; storage failures get a 5xx so SEKO retries", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
    const token = new URL(credentials.url).pathname.split("/").pop()!;
    const garbage = new Request(credentials.url, {
      method: "POST",
      headers: { Username: credentials.username, Password: credentials.password },
      body: "not json",
    });
    const response = await action({ request: garbage, params: { token }, context: {} });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: expect.stringContaining("JSON") });

    // A storage failure: the table is gone (as in a broken deploy); the event must not be acknowledged.
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await db.$executeRawUnsafe(`ALTER TABLE "ReturnShipment" RENAME TO "ReturnShipment_gone"`);
    try {
      const failed = await deliver([trackingEvent({ Code: "RT" })], credentials);
      expect(failed.status).toBe(503);
      expect(errors).toHaveBeenCalledWith(expect.stringContaining("SEKO will retry"));
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "ReturnShipment_gone" RENAME TO "ReturnShipment"`);
    }
    expect(await db.trackingEvent.count()).toBe(0); // the transaction rolled back: nothing half-stored
  });

  test("an event without a time is stored with the time it arrived, flagged, and its retry is stored once", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
    const before = Date.now();
    const batch = [trackingEvent({ Code: "RT", EventDT: undefined, ItemNo: undefined }), { ...trackingEvent({ Code: "DS", ItemNo: undefined }), EventDT: null }];
    const response = await deliver(batch, credentials);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: 2, rejected: 0 });
    const stored = await db.trackingEvent.findMany({ where: { shop: SHOP }, orderBy: { code: "asc" } });
    expect(stored.map((event) => [event.code, event.eventAtFlag])).toEqual([
      ["DS", "missing"],
      ["RT", "missing"],
    ]);
    // The receipt time in SEKO's format (UTC), so it sorts with SEKO's times.
    const eventAt = Date.parse(`${stored[0]!.eventAt.replace(" ", "T")}Z`);
    expect(eventAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(eventAt).toBeLessThanOrEqual(Date.now());
    expect((await db.returnShipment.findFirstOrThrow()).status).toBe("DS");

    const again = await deliver(batch, credentials);
    expect(await again.json()).toMatchObject({ stored: 0, duplicates: 2 });
    expect(await db.trackingEvent.count()).toBe(2);
  });

  test("thousands of events are stored once; a retry completes a delivery that failed part way", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
    // 500 returns, each RC for two items, RT, RDTPF, DS, RP: 3,000 events, sent journey's end first, so each
    // return's events are spread over three transactions and the later ones carry the earlier codes.
    const journey = [["RP", "A"], ["DS"], ["RDTPF"], ["RT"], ["RC", "B"], ["RC", "A"]] as const;
    const events = journey.flatMap(([code, item], step) =>
      Array.from({ length: 500 }, (_, n) => trackingEvent({ ConsignmentNo: `SEKO${n}`, OrderNo: `#${2000 + n}`, Code: code, ItemNo: item ?? null, EventDT: `2026-11-0${6 - step} 10:00:00` })),
    );
    // The store fails on one event of the third thousand (a full disk, say): the first two are stored, the rest not.
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const removeFailure = await failInsertsWhen("TrackingEvent", `NEW."consignmentNo" = 'SEKO250' AND NEW."itemNo" = 'B'`, "database or disk is full");
    try {
      expect((await deliver(events, credentials)).status).toBe(503);
      expect(errors).toHaveBeenCalledWith(expect.stringContaining("SEKO will retry"));
    } finally {
      await removeFailure();
    }
    expect(await db.trackingEvent.count()).toBe(2000);
    expect(await db.returnShipment.count({ where: { status: "RP" } })).toBe(500);

    const retry = await deliver(events, credentials);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ stored: 1000, duplicates: 2000, rejected: 0 });
    expect(await db.trackingEvent.count()).toBe(3000);
    const keys = await db.trackingEvent.groupBy({ by: ["dedupeKey"], having: { dedupeKey: { _count: { gt: 1 } } } });
    expect(keys).toEqual([]);
    const shipments = await db.returnShipment.findMany();
    expect(shipments).toHaveLength(500);
    expect(shipments.every((s) => s.status === "RP" && s.lastEventAt === "2026-11-06 10:00:00" && s.orderKey === s.orderNo?.slice(1))).toBe(true);

    const replay = await deliver(events, credentials);
    expect(await replay.json()).toEqual({ stored: 0, duplicates: 3000, rejected: 0 });
  }, 20_000); // 9,000 events through the receiver: about 4 s on either database

  test("JSON that stops part way is a 400 with the reason, not a 5xx; the events before the cut are kept and SEKO's resend stores the rest once", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
    const token = new URL(credentials.url).pathname.split("/").pop()!;
    const whole = JSON.stringify(Array.from({ length: 1500 }, (_, i) => trackingEvent({ ItemNo: `SKU-${i}` })));
    const post = (body: string | ReadableStream<Uint8Array>) =>
      action({
        request: new Request(credentials.url, { method: "POST", headers: { Username: credentials.username, Password: credentials.password }, body, duplex: "half" } as RequestInit),
        params: { token },
        context: {},
      });
    const cut = await post(whole.slice(0, whole.length - 40));
    expect(cut.status).toBe(400);
    expect(await cut.json()).toEqual({ error: expect.stringMatching(/not JSON: it ended before its array closed; events before the error may have been stored/) });
    expect(await db.trackingEvent.count()).toBe(1000);

    // A transfer that breaks off (the stream fails) is a 400 too, never a 503.
    const bytes = new TextEncoder().encode(whole.slice(0, 100));
    let sent = false;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error("socket hang up"));
        sent = true;
        controller.enqueue(bytes);
      },
    });
    const brokeOff = await post(broken);
    expect(brokeOff.status).toBe(400);
    expect(await brokeOff.json()).toEqual({ error: expect.stringMatching(/broke off before its end/) });

    expect((await post(whole)).status).toBe(200);
    expect(await db.trackingEvent.count()).toBe(1500);
  });

  test("a malformed event after stored chunks gets a 400 that says earlier events may be stored", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "72015740983");
    const token = new URL(credentials.url).pathname.split("/").pop()!;
    const events = Array.from({ length: 1500 }, (_, i) => JSON.stringify(trackingEvent({ ItemNo: `SKU-${i}` })));
    events[1200] = `{"ConsignmentNo": nope}`;
    const request = new Request(credentials.url, { method: "POST", headers: { Username: credentials.username, Password: credentials.password }, body: `[${events.join(",")}]` });
    const response = await action({ request, params: { token }, context: {} });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "the body is not JSON; events before the error may have been stored" });
    expect(await db.trackingEvent.count()).toBe(1000);
  });
});
