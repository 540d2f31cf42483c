import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { SEKO_TEST_KEYS, sekoFaults, sekoState, trackingEvent, trackingEventsRequest } from "#tests/mocks/seko";
import { drainJobs } from "~/job-handlers.server";
import { action as trackingAction } from "~/routes/seko.tracking.$token";
import { connect } from "~/seko/connection.server";
import { rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import { db } from "~/utils/db.server";
import { labelsWithoutTracking, queueTrackingCatchup, trackingCatchupJob } from "./tracking-catchup.server";

const SHOP = "demo-returns-store.myshopify.com";
const OTHER = "other-store.myshopify.com";
const HOUR = 3_600_000;

/** A label SEKO made (with the statuses it knows) and the test return that holds it. */
async function label(connote: string, options: { shop?: string; codes?: string[]; state?: string; createdAt?: Date } = {}) {
  sekoState.labels.push({
    connote,
    system: "omnireturns",
    host: "https://test.omniparcelreturns.com",
    deliveryReference: "#1001",
    skus: ["SKU-1"],
    deleted: false,
    request: {},
    events: (options.codes ?? ["RC", "RT"]).map((code, i) => ({ code, at: `2026-11-0${i + 1} 10:00:00` })),
    posted: [],
  });
  return db.testReturn.create({
    data: {
      shop: options.shop ?? SHOP,
      orderId: "gid://shopify/Order/1001",
      orderName: "#1001",
      items: "[]",
      reason: "Too small",
      returnOption: "refund",
      originCountry: "NZ",
      state: options.state ?? "labelled",
      connote,
      createdBy: "101",
      createdAt: options.createdAt ?? new Date(Date.now() - HOUR),
    },
  });
}

async function deliver(credentials: { url: string; username: string; password: string }, events: unknown[]) {
  const token = new URL(credentials.url).pathname.split("/").pop()!;
  return trackingAction({ request: trackingEventsRequest(credentials.url, events, credentials), params: { token }, context: {} });
}

const statusRequests = () => sekoState.requestsTo("omniparcel.statusv2").map((request) => request.body);
const catchupJob = () => db.syncJob.findFirst({ where: { shop: SHOP, kind: "tracking-catchup" } });
/** SEKO's tracking settings for the shop (the statusv2 limit, the connotes per request). */
const trackingSettings = (tracking: Record<string, number>) => db.sekoSettings.create({ data: { shop: SHOP, environment: "test", overrides: JSON.stringify({ tracking }) } });

beforeEach(async () => {
  vi.spyOn(console, "info").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  expect(await connect(SHOP, { system: "omniparcel", environment: "test", accessKey: SEKO_TEST_KEYS.omniparcel }, "101")).toEqual({ ok: true });
});
afterEach(() => sekoFaults.clear());

describe("catching up on labels made before the tracking webhook worked", () => {
  test("the first delivery accepted queues it; SEKO's statuses of the labels without events are stored as the webhook's", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "101");
    await label("SEKO0000001");
    await label("SEKO0000002", { codes: ["RC", "RT", "RDTPF"] });
    await label("SEKO0000003"); // its statuses arrive by the webhook below
    await label("SEKO0000004", { state: "voided" });
    await label("SEKO0000005", { shop: OTHER });

    // A refused delivery does not count as the webhook working.
    expect((await deliver({ ...credentials, password: "wrong" }, [])).status).toBe(401);
    expect(await catchupJob()).toBeNull();
    expect((await deliver(credentials, [trackingEvent({ ConsignmentNo: "SEKO0000003", Code: "RC" })])).status).toBe(200);
    const job = await catchupJob();
    expect(job).not.toBeNull();
    // Made after the webhook worked: left to the webhook.
    await label("SEKO0000006", { createdAt: new Date(job!.createdAt.getTime() + 1000) });

    await drainJobs({ shop: SHOP });
    expect(statusRequests()).toEqual([["SEKO0000001", "SEKO0000002"]]);
    const shipments = await db.returnShipment.findMany({ where: { shop: SHOP }, orderBy: { consignmentNo: "asc" } });
    expect(shipments.map((shipment) => [shipment.consignmentNo, shipment.status])).toEqual([
      ["SEKO0000001", "RT"],
      ["SEKO0000002", "RDTPF"],
      ["SEKO0000003", "RC"],
    ]);
    expect(await db.trackingEvent.count({ where: { consignmentNo: "SEKO0000002" } })).toBe(3);
    expect(await db.trackingEvent.count({ where: { shop: OTHER } })).toBe(0);
    expect(await catchupJob()).toBeNull();

    // Later deliveries queue nothing; new credentials do again, at their first accepted delivery.
    await deliver(credentials, [trackingEvent({ ConsignmentNo: "SEKO0000003", Code: "RT" })]);
    expect(await catchupJob()).toBeNull();
    const rotated = await rotateTrackingCredentials(SHOP, "101");
    await deliver(rotated, []);
    expect(await catchupJob()).not.toBeNull();
  });

  test("stays within SEKO's statusv2 limit: held back, it runs again later and asks only for what is still missing", async () => {
    // 2 requests a minute, one label a request, no waiting in the limiter's queue.
    await trackingSettings({ requestsPerMinute: 2, connotesPerRequest: 1, maxQueueWaitMs: 0 });
    for (const connote of ["SEKO0000011", "SEKO0000012", "SEKO0000013"]) await label(connote);
    await queueTrackingCatchup(SHOP);
    const job = (await catchupJob())!;

    const before = Date.now();
    const outcome = await trackingCatchupJob(job);
    expect(statusRequests()).toEqual([["SEKO0000011"], ["SEKO0000012"]]);
    expect(outcome).toEqual({ rerunAt: expect.any(Date) });
    // The limiter's own wait for the next slot: half a minute at two a minute.
    const waitMs = (outcome as { rerunAt: Date }).rerunAt.getTime() - before;
    expect(waitMs).toBeGreaterThan(20_000);
    expect(waitMs).toBeLessThanOrEqual(31_000);
    expect((await labelsWithoutTracking(SHOP, job.createdAt)).map((left) => left.connote)).toEqual(["SEKO0000013"]);

    // Run again before the limit allows: nothing is sent.
    expect(await trackingCatchupJob(job)).toEqual({ rerunAt: expect.any(Date) });
    expect(statusRequests()).toHaveLength(2);
  });

  test("a key SEKO refuses stops it without retrying; SEKO being down is retried", async () => {
    await label("SEKO0000021");
    await queueTrackingCatchup(SHOP);
    const job = (await catchupJob())!;
    sekoFaults.always("unauthorized");
    expect(await trackingCatchupJob(job)).toBeUndefined();
    sekoFaults.clear();
    sekoFaults.always("http_500");
    await expect(trackingCatchupJob(job)).rejects.toThrow(/tracking catch-up/);
    // After its last attempt it stops rather than ask forever.
    expect(await trackingCatchupJob({ ...job, attempts: 5 })).toBeUndefined();
    expect(await db.trackingEvent.count()).toBe(0);
  }, 30_000);
});
