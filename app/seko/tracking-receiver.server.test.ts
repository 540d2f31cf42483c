import { describe, expect, test } from "vitest";
import { trackingEvent } from "#tests/mocks/seko";
import { db } from "~/utils/db.server";
import { parseTrackingWebhook, type TrackingEvent } from "./tracking";
import { ACCEPTED_WRITE_EVERY_MS, authenticateTrackingDelivery, getTrackingEndpoint, rotateTrackingCredentials, storeChunk, storeTrackingEvents, trackingRefusals } from "./tracking-receiver.server";

const SHOP = "demo-returns-store.myshopify.com";
const OTHER = "other-store.myshopify.com";
const REFUSED = { ok: false, retryAfterSeconds: null };

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

describe("deliveries refused at a shop's tracking URL", () => {
  const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;
  const headers = (fields: Record<string, string>) => new Headers(fields);

  test("are counted on that shop's endpoint with the time and why; an accepted one resets the count", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const token = tokenOf(credentials.url);
    expect(await trackingRefusals(SHOP)).toBeNull();

    const before = Date.now();
    expect(await authenticateTrackingDelivery(token, headers({ Username: credentials.username, Password: "wrong" }))).toEqual(REFUSED);
    expect(await trackingRefusals(SHOP)).toEqual({ count: 1, reason: "wrong username or password", lastAt: expect.any(String) });
    expect(await authenticateTrackingDelivery(token, headers({ Username: "someone-else", Password: credentials.password }))).toEqual(REFUSED);
    expect(await authenticateTrackingDelivery(token, headers({}))).toEqual(REFUSED);
    const refused = await trackingRefusals(SHOP);
    expect(refused).toMatchObject({ count: 3, reason: "no credentials" });
    expect(Date.parse(refused!.lastAt)).toBeGreaterThanOrEqual(before);

    expect(await authenticateTrackingDelivery(token, headers({ Username: credentials.username, Password: credentials.password }))).toEqual({ ok: true, shop: SHOP, first: true });
    expect(await trackingRefusals(SHOP)).toBeNull();
    const endpoint = await getTrackingEndpoint(SHOP);
    expect(endpoint).toMatchObject({ refusals: null, lastAcceptedAt: expect.any(String) });
    expect(Date.parse(endpoint!.lastAcceptedAt!)).toBeGreaterThanOrEqual(before);
    expect(await authenticateTrackingDelivery(token, headers({ Username: credentials.username, Password: credentials.password }))).toEqual({ ok: true, shop: SHOP, first: false });
  });

  test("an accepted delivery's time is written at most once a minute, unless refusals are to be cleared", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const token = tokenOf(credentials.url);
    const right = headers({ Username: credentials.username, Password: credentials.password });
    await authenticateTrackingDelivery(token, right);
    const first = (await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: SHOP } })).lastAcceptedAt!;
    await authenticateTrackingDelivery(token, right);
    expect((await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: SHOP } })).lastAcceptedAt).toEqual(first);

    // A refusal since: the next acceptance clears it at once.
    await authenticateTrackingDelivery(token, headers({ Username: credentials.username, Password: "wrong" }));
    await authenticateTrackingDelivery(token, right);
    expect(await trackingRefusals(SHOP)).toBeNull();

    // Older than a minute: written again.
    const old = new Date(Date.now() - ACCEPTED_WRITE_EVERY_MS - 1000);
    await db.trackingEndpoint.update({ where: { shop: SHOP }, data: { lastAcceptedAt: old } });
    await authenticateTrackingDelivery(token, right);
    expect((await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: SHOP } })).lastAcceptedAt!.getTime()).toBeGreaterThan(old.getTime() + ACCEPTED_WRITE_EVERY_MS);
  });

  test("never keep the credentials posted", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const posted = "a-password-someone-typed-into-omnirps";
    await authenticateTrackingDelivery(tokenOf(credentials.url), headers({ Username: "typed-username-x1", Password: posted }));
    const row = JSON.stringify(await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: SHOP } }));
    expect(row).not.toContain(posted);
    expect(row).not.toContain("typed-username-x1");
  });

  test("rotating the credentials starts a clean record", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    await authenticateTrackingDelivery(tokenOf(credentials.url), headers({ Username: credentials.username, Password: credentials.password }));
    await authenticateTrackingDelivery(tokenOf(credentials.url), headers({ Username: credentials.username, Password: "wrong" }));
    expect(await trackingRefusals(SHOP)).toMatchObject({ count: 1 });
    await rotateTrackingCredentials(SHOP, "42");
    expect(await trackingRefusals(SHOP)).toBeNull();
    expect(await getTrackingEndpoint(SHOP)).toMatchObject({ lastAcceptedAt: null, refusals: null });
  });

  test("are recorded for the shop whose URL it is, never another; an unknown URL records nothing", async () => {
    const mine = await rotateTrackingCredentials(SHOP, "42");
    const theirs = await rotateTrackingCredentials(OTHER, "42");
    // The other shop's password at this shop's URL is still this shop's refusal.
    await authenticateTrackingDelivery(tokenOf(mine.url), headers({ Username: theirs.username, Password: theirs.password }));
    await authenticateTrackingDelivery(`${tokenOf(theirs.url)}x`, headers({ Username: theirs.username, Password: "wrong" }));
    expect(await trackingRefusals(SHOP)).toMatchObject({ count: 1 });
    expect(await trackingRefusals(OTHER)).toBeNull();
    expect(await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: OTHER } })).toMatchObject({ refusedCount: 0, lastRefusedAt: null, lastRefusal: null });
  });
});
