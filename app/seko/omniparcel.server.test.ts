import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { server } from "#tests/mocks/node";
import { resetSeko, SEKO_TEST_KEYS, sekoFaults, sekoState } from "#tests/mocks/seko";
import { sekoConfig, type SekoConfigInput } from "./config";
import { createOmniParcelClient } from "./omniparcel.server";
import { createTokenBucket } from "./token-bucket";

const FAST: SekoConfigInput = { timeoutMs: 200, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } };

function client(overrides: SekoConfigInput = {}, options: Parameters<typeof createOmniParcelClient>[2] = {}) {
  return createOmniParcelClient(sekoConfig({ ...FAST, ...overrides }), { accessKey: SEKO_TEST_KEYS.omniparcel }, options);
}

async function printLabels(count: number) {
  const connotes: string[] = [];
  for (let i = 0; i < count; i++) {
    const result = await client().printShipment({
      Destination: { Name: "Hub", Address: { StreetAddress: "5 Hub Road", City: "Auckland", CountryCode: "NZ" } },
      Packages: [{ Length: 10, Width: 10, Height: 10, Kg: 1 }],
      DeliveryReference: `#${1000 + i}`,
    });
    if (result.ok) connotes.push(result.value.labels[0]!.connote);
  }
  return connotes;
}

beforeEach(() => {
  resetSeko();
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

describe("trackingStatus", () => {
  test("chunks connotes, drops duplicates and blanks, and returns every consignment's events", async () => {
    const connotes = await printLabels(5);
    const result = await client({ tracking: { connotesPerRequest: 2 } }).trackingStatus([...connotes, connotes[0]!, " "]);
    const calls = sekoState.requestsTo("omniparcel.statusv2");
    expect(calls.map((call) => call.body)).toEqual([connotes.slice(0, 2), connotes.slice(2, 4), connotes.slice(4)]);
    expect(result.ok && result.value.map((status) => status.connote)).toEqual(connotes);
    expect(result.ok && result.value[0]?.events[0]).toMatchObject({ code: "RC", omniCode: "OP-1" });
  });

  test("no connotes, no request", async () => {
    expect(await client().trackingStatus([])).toEqual({ ok: true, value: [] });
    expect(sekoState.requests).toHaveLength(0);
  });

  test("beyond the per-minute budget the call fails as rate_limited without sending, reporting progress", async () => {
    const bucket = createTokenBucket({ capacity: 3, refillPerMinute: 3 });
    const result = await client({ tracking: { connotesPerRequest: 1, maxQueueWaitMs: 0 } }, { trackingBucket: bucket }).trackingStatus(["SEKO1", "SEKO2", "SEKO3", "SEKO4"]);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "rate_limited", source: "client", progress: { done: 3, total: 4 } },
    });
    // One slot per 20 s at 3/minute (real clock, so a few ms may have refilled).
    expect(!result.ok && result.error.kind === "rate_limited" && result.error.retryAfterMs).toBeGreaterThan(19_000);
    expect(sekoState.requestsTo("omniparcel.statusv2")).toHaveLength(3);
  });

  test("the default limiter is shared by every client of the same account: 100 requests a minute", async () => {
    const config = { tracking: { connotesPerRequest: 1, maxQueueWaitMs: 0 } };
    const connotes = Array.from({ length: 60 }, (_, i) => `SEKO${9000000 + i}`);
    const key = { accessKey: SEKO_TEST_KEYS.omniparcel };
    // A fresh host keeps this test's bucket apart from other tests'.
    const host = { omniparcel: { baseUrl: "https://api.omniparcel.com" }, environment: "production" as const };
    const first = await createOmniParcelClient(sekoConfig({ ...FAST, ...config, ...host }), key).trackingStatus(connotes);
    expect(first.ok).toBe(true);
    const second = await createOmniParcelClient(sekoConfig({ ...FAST, ...config, ...host }), key).trackingStatus(connotes);
    expect(second).toMatchObject({ ok: false, error: { kind: "rate_limited" } });
    // 40 slots were left; the real clock refills one every 0.6 s, so a slow machine may get a few more.
    const done = !second.ok && second.error.kind === "rate_limited" ? (second.error.progress?.done ?? 0) : 0;
    expect(done).toBeGreaterThanOrEqual(40);
    expect(done).toBeLessThan(50);
    expect(sekoState.requestsTo("omniparcel.statusv2")).toHaveLength(60 + done);
  });

  test("retries spend limiter slots too, since SEKO counts every request", async () => {
    sekoFaults.always("http_500", { endpoint: "omniparcel.statusv2" });
    const bucket = createTokenBucket({ capacity: 2, refillPerMinute: 2 });
    const result = await client({ retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 }, tracking: { maxQueueWaitMs: 0 } }, { trackingBucket: bucket }).trackingStatus(["SEKO1"]);
    expect(result).toMatchObject({ ok: false, error: { kind: "rate_limited", source: "client" } });
    expect(sekoState.requestsTo("omniparcel.statusv2")).toHaveLength(2);
  });

  test("tracking is idempotent: a 500 is retried", async () => {
    sekoFaults.next("http_500", { endpoint: "omniparcel.statusv2" });
    expect((await client().trackingStatus(["SEKO1"])).ok).toBe(true);
    expect(sekoState.requestsTo("omniparcel.statusv2")).toHaveLength(2);
  });

  test("a failing chunk reports how far the call got", async () => {
    sekoFaults.always("unauthorized", { endpoint: "omniparcel.statusv2" });
    const result = await client({ tracking: { connotesPerRequest: 1 } }).trackingStatus(["SEKO1", "SEKO2"]);
    expect(result).toMatchObject({ ok: false, error: { kind: "auth", progress: { done: 0, total: 2 } } });
  });
});

describe("deleteLabels", () => {
  test("deletes labels SEKO knows, and reports the ones it does not as an api error", async () => {
    const [connote] = await printLabels(1);
    expect(await client().deleteLabels([connote!])).toEqual({ ok: true, value: { deleted: [connote] } });
    expect(sekoState.labels[0]?.deleted).toBe(true);
    const again = await client().deleteLabels([connote!]);
    expect(again).toMatchObject({ ok: false, error: { kind: "api", problems: [{ message: `Connote ${connote} was not found` }] } });
  });

  test("is not retried", async () => {
    sekoFaults.always("http_500");
    expect((await client().deleteLabels(["SEKO1"])).ok).toBe(false);
    expect(sekoState.requestsTo("omniparcel.delete")).toHaveLength(1);
  });
});

describe("checkConnection", () => {
  test("a valid key passes, even when SEKO refuses the dummy parcel", async () => {
    expect(await client().checkConnection()).toMatchObject({ ok: true, value: { system: "omniparcel" } });
    sekoFaults.next("rejected");
    expect((await client().checkConnection()).ok).toBe(true);
    expect(sekoState.labels).toHaveLength(0);
  });

  test("a wrong key fails as auth", async () => {
    const wrong = createOmniParcelClient(sekoConfig(FAST), { accessKey: "op_not_a_key" });
    expect(await wrong.checkConnection()).toMatchObject({ ok: false, error: { kind: "auth" } });
  });

  test("an error in a 200 is not a passed check, nor is an empty quote", async () => {
    for (const fault of ["errors_in_200", "validation_errors", "denied_in_200", "failure_flag", "no_rates", "empty_body"] as const) {
      sekoFaults.next(fault);
      expect((await client().checkConnection()).ok, fault).toBe(false);
    }
  });

  test("an unreachable or broken SEKO is not a passed check", async () => {
    sekoFaults.always("html_body");
    expect(await client().checkConnection()).toMatchObject({ ok: false, error: { kind: "invalid_response" } });
    sekoFaults.clear();
    server.use(http.post("https://staging.omniparcel.com/ratesqueryv1/availablerates", () => HttpResponse.error()));
    expect(await client().checkConnection()).toMatchObject({ ok: false, error: { kind: "network" } });
  });
});
