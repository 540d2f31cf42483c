import { describe, expect, test } from "vitest";
import { trackingEvent } from "#tests/mocks/seko";
import { db } from "~/utils/db.server";
import { parseTrackingWebhook, type TrackingEvent } from "./tracking";
import { storeChunk, storeTrackingEvents } from "./tracking-receiver.server";

const SHOP = "demo-returns-store.myshopify.com";

function events(raw: Parameters<typeof trackingEvent>[0][]): TrackingEvent[] {
  const parsed = parseTrackingWebhook(raw.map((overrides) => trackingEvent(overrides)));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value.events;
}

// The Prisma form is what a Postgres deployment runs; here it runs on SQLite, so the logic and the SQL both
// paths share are tested, Postgres's own dialect is not.
describe.each(["auto", "prisma"] as const)("storing a chunk (%s)", (via) => {
  test("inserts new events once and merges each return forward, never backwards", async () => {
    const now = new Date("2026-11-10T08:00:00Z");
    const first = events([
      { Code: "RP", EventDT: "2026-11-05 12:00:00" },
      { ConsignmentNo: "SEKO2", Code: "RT", EventDT: "2026-11-02 10:00:00", ItemNo: null, OrderNo: null, OmniRPSTrackingNo: null },
    ]);
    expect(await storeChunk(SHOP, first, now, via)).toBe(2);
    const second = events([
      { Code: "RP", EventDT: "2026-11-05 12:00:00" },
      { Code: "RT", EventDT: "2026-11-02 10:00:00", ItemNo: null, OrderNo: "#2002" },
      { ConsignmentNo: "SEKO2", Code: "RR", EventDT: "2026-11-03 10:00:00", OrderNo: "SHOP-1009", OmniRPSTrackingNo: "RPS2" },
      { ConsignmentNo: "SEKO2", Code: "OP-3", EventDT: "2026-11-04 10:00:00", OmniRPSTrackingNo: "RPS2" },
    ]);
    expect(await storeChunk(SHOP, second, now, via)).toBe(3);
    const shipments = await db.returnShipment.findMany({ orderBy: { consignmentNo: "asc" } });
    expect(shipments.map((s) => [s.consignmentNo, s.status, s.lastEventAt, s.orderNo, s.orderKey, s.trackingNo])).toEqual([
      ["SEKO1234567", "RP", "2026-11-05 12:00:00", "#1001", "1001", "RPS000123456"],
      ["SEKO2", "RR", "2026-11-04 10:00:00", "SHOP-1009", "SHOP-1009", "RPS2"],
    ]);
    expect(await db.trackingEvent.count()).toBe(5);
    const stored = await db.trackingEvent.findFirstOrThrow({ where: { code: "RR" } });
    expect(stored).toMatchObject({ shop: SHOP, receivedAt: now, eventAtFlag: null, label: "Return Rejected", kind: "return" });
    expect(JSON.parse(stored.raw)).toMatchObject({ Code: "RR", ConsignmentNo: "SEKO2" });
  });

  test("a return stored before order keys existed gets its key from its own order number", async () => {
    await db.returnShipment.create({ data: { shop: SHOP, consignmentNo: "SEKO1234567", orderNo: "SHOP-1001", status: "RC" } });
    await storeChunk(SHOP, events([{ Code: "RT", OrderNo: "#1001" }]), new Date(), via);
    expect(await db.returnShipment.findFirstOrThrow()).toMatchObject({ orderNo: "SHOP-1001", orderKey: "SHOP-1001", status: "RT" });
  });
});

test("a parsed delivery larger than a chunk is stored in several, each counted once", async () => {
  const raw = Array.from({ length: 2500 }, (_, i) => trackingEvent({ ConsignmentNo: `C${i % 400}`, ItemNo: `SKU-${i}` }));
  const parsed = parseTrackingWebhook([...raw, raw[0]]);
  if (!parsed.ok) throw new Error(parsed.reason);
  expect(await storeTrackingEvents(SHOP, parsed.value)).toEqual({ stored: 2500, duplicates: 1, rejected: 0 });
  expect(await storeTrackingEvents(SHOP, parsed.value)).toEqual({ stored: 0, duplicates: 2501, rejected: 0 });
  expect(await db.trackingEvent.count()).toBe(2500);
  expect(await db.returnShipment.count({ where: { status: "RC" } })).toBe(400);
});
