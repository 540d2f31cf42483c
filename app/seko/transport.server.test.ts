import net from "node:net";
import { http, HttpResponse, passthrough } from "msw";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { server } from "#tests/mocks/node";
import { client, expectError, FAST, rates, shipment, STAGING } from "#tests/setup/seko-client";
import { sekoConfig } from "./config";
import { createOmniParcelClient } from "./omniparcel.server";
import { resetSeko, SEKO_TEST_KEYS, sekoFaults, sekoState } from "#tests/mocks/seko";
import { z } from "zod";
import { connectionFor, sekoRequest } from "./transport.server";

beforeEach(() => {
  resetSeko();
  // Expected failures log at warn; keep the output readable.
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

describe("successful calls", () => {
  test("a printed label comes back typed: connote, tracking link, base64 PDF", async () => {
    const result = await client().printShipment(shipment);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [label] = result.value.labels;
    expect(label?.connote).toBe("SEKO1234567");
    expect(label?.trackingUrl).toMatch(/^https:\/\/track\.omnirps\.com\//);
    expect(
      Buffer.from(label?.files.LABEL_PDF_100X150?.[0] ?? "", "base64")
        .toString()
        .startsWith("%PDF"),
    ).toBe(true);
    expect(sekoState.labels).toHaveLength(1);
  });

  test("every request carries a fresh correlation id and goes to the staging host in test", async () => {
    await client().availableRates(rates);
    await client().availableRates(rates);
    const [first, second] = sekoState.requestsTo("omniparcel.availablerates");
    expect(first?.url.startsWith(STAGING)).toBe(true);
    expect(first?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first?.correlationId).not.toBe(second?.correlationId);
  });

  test("production uses the live host; a configured host and header win over defaults", async () => {
    await client({ environment: "production" }).availableRates(rates);
    expect(sekoState.requests[0]?.url.startsWith("https://api.omniparcel.com/")).toBe(true);

    let seen: string | null = null;
    server.use(
      http.post("https://omniparcel.example.test/ratesqueryv1/availablerates", ({ request }) => {
        seen = request.headers.get("Access-Key");
        return HttpResponse.json({ Available: [], Rejected: [{ Reason: "none" }] });
      }),
    );
    await client({ allowedHosts: ["omniparcel.example.test"], omniparcel: { baseUrl: "https://omniparcel.example.test/", authHeader: "Access-Key" } }).availableRates(rates);
    expect(seen).toBe(SEKO_TEST_KEYS.omniparcel);
  });

  test("JSON labelled text/html is read as JSON", async () => {
    sekoFaults.next("json_as_html");
    const result = await client().availableRates(rates);
    expect(result.ok && result.value.available.map((rate) => rate.deliveryType)).toEqual(["ECONOMY RETURN", "EXPRESS RETURN"]);
  });

  test("numbers sent as strings and null arrays are accepted", async () => {
    server.use(http.post(`${STAGING}/labels/printshipment`, () => HttpResponse.json({ Consignments: [{ Connote: 6994008906, Cost: "6.00", OutputFiles: null, Items: null }], Errors: null })));
    const result = await client().printShipment(shipment);
    expect(result.ok && result.value.labels[0]).toEqual({ connote: "6994008906", cost: 6, files: {}, trackingUrl: undefined });
  });
});

describe("failures are typed and merchant-readable", () => {
  test("HTTP 500 on label creation: one call only, and the merchant is told to check before retrying", async () => {
    sekoFaults.always("http_500");
    const error = expectError(await client().printShipment(shipment), "http");
    expect(error).toMatchObject({ status: 500, system: "omniparcel" });
    expect(error.message).toMatch(/may still have completed it/);
    expect(sekoState.requestsTo("omniparcel.printshipment")).toHaveLength(1);
  });

  test("HTTP 500 on rates (idempotent) is retried until it succeeds", async () => {
    sekoFaults.next("http_500", { times: 2 });
    const result = await client().availableRates(rates);
    expect(result.ok).toBe(true);
    expect(sekoState.requestsTo("omniparcel.availablerates")).toHaveLength(3);
  });

  test("HTTP 500 that persists gives up after the configured attempts", async () => {
    sekoFaults.always("http_500");
    expectError(await client().availableRates(rates), "http");
    expect(sekoState.requestsTo("omniparcel.availablerates")).toHaveLength(3);
  });

  test("401 and a wrong key are auth errors and never retried", async () => {
    sekoFaults.next("unauthorized");
    const error = expectError(await client().availableRates(rates), "auth");
    expect(error.message).toMatch(/did not accept the OmniParcel access key/);
    expectError(await client({}, "op_wrong_key").availableRates(rates), "auth");
    expect(sekoState.requestsTo("omniparcel.availablerates")).toHaveLength(2);
  });

  test("an auth complaint inside HTTP 200 is still an auth error", async () => {
    server.use(http.post(`${STAGING}/ratesqueryv1/availablerates`, () => HttpResponse.json({ Errors: [{ Message: "Invalid access key" }] })));
    expectError(await client().availableRates(rates), "auth");
  });

  test("a host that never answers times out; label creation is not retried", async () => {
    sekoFaults.always("hang");
    const error = expectError(await client().printShipment(shipment), "timeout");
    expect(error).toMatchObject({ timeoutMs: 200 });
    expect(sekoState.requestsTo("omniparcel.printshipment")).toHaveLength(1);
  });

  test("a hang on rates is retried, then reported as a timeout", async () => {
    sekoFaults.always("hang");
    expectError(await client().availableRates(rates), "timeout");
    expect(sekoState.requestsTo("omniparcel.availablerates")).toHaveLength(3);
  });

  test("a network failure is a network error; retried only when idempotent", async () => {
    sekoFaults.always("network_error");
    expectError(await client().availableRates(rates), "network");
    expectError(await client().printShipment(shipment), "network");
    expect(sekoState.requestsTo("omniparcel.availablerates")).toHaveLength(3);
    expect(sekoState.requestsTo("omniparcel.printshipment")).toHaveLength(1);
  });

  test("an HTML page with HTTP 200 is an invalid response that names the likely cause", async () => {
    sekoFaults.always("html_body");
    const error = expectError(await client().availableRates(rates), "invalid_response");
    expect(error.message).toMatch(/web page/);
    expect(sekoState.requests).toHaveLength(1);
  });

  test("Errors[] inside HTTP 200 become an api error with SEKO's words and the field", async () => {
    sekoFaults.next("errors_in_200");
    const error = expectError(await client().printShipment(shipment), "api");
    expect(error).toMatchObject({
      status: 200,
      problems: [{ source: "Errors", field: "Destination.Address.PostCode", message: "PostCode is not valid for the destination country" }],
    });
    expect(error.message).toContain("PostCode is not valid for the destination country");
    expect(sekoState.labels).toHaveLength(0);
  });

  test("ValidationErrors inside HTTP 200 become an api error", async () => {
    sekoFaults.next("validation_errors");
    const error = expectError(await client().availableRates(rates), "api");
    expect(error).toMatchObject({ problems: [{ source: "ValidationErrors", field: "Destination.Address.CountryCode" }] });
  });

  test("ValidationErrors as a field → messages map are read too", async () => {
    server.use(http.post(`${STAGING}/ratesqueryv1/availablerates`, () => HttpResponse.json({ ValidationErrors: { "Packages[0].Kg": ["must be greater than 0"] } })));
    const error = expectError(await client().availableRates(rates), "api");
    expect(error).toMatchObject({ problems: [{ field: "Packages[0].Kg", message: "Packages[0].Kg: must be greater than 0" }] });
  });

  test("all carriers Rejected and none Available is an api error; some Rejected next to rates is not", async () => {
    sekoFaults.next("rejected");
    const error = expectError(await client().availableRates(rates), "api");
    expect(error.message).toContain("NZ Post Economy Return: Destination not serviced");

    server.use(
      http.post(`${STAGING}/ratesqueryv1/availablerates`, () =>
        HttpResponse.json({
          Available: [{ QuoteId: "q1", CarrierName: "SEKO", DeliveryType: "ECONOMY", Cost: "9.80" }],
          Rejected: [{ CarrierName: "NZ Post", DeliveryType: "Express", Reason: "Too heavy" }],
        }),
      ),
    );
    const result = await client().availableRates(rates);
    expect(result.ok && result.value).toEqual({
      available: [{ quoteId: "q1", carrierName: "SEKO", deliveryType: "ECONOMY", cost: 9.8, serviceStandard: undefined }],
      rejected: [{ carrierName: "NZ Post", deliveryType: "Express", reason: "Too heavy" }],
    });
  });

  test("a response missing a field we depend on is an invalid response with a short reason", async () => {
    server.use(http.post(`${STAGING}/labels/printshipment`, () => HttpResponse.json({ Consignments: [{ Cost: 5 }] })));
    const error = expectError(await client().printShipment(shipment), "invalid_response");
    expect(error).toMatchObject({ reason: expect.stringMatching(/^Consignments\.0\.Connote: /) });

    server.use(http.post(`${STAGING}/labels/printshipment`, () => HttpResponse.json({ Consignments: [] })));
    const empty = expectError(await client().printShipment(shipment), "invalid_response");
    expect(empty.message).toContain("no label came back");
  });

  test("429 on an idempotent call honours a short Retry-After and retries", async () => {
    sekoFaults.next("rate_limited", { retryAfterSeconds: 0 });
    expect((await client().availableRates(rates)).ok).toBe(true);
    expect(sekoState.requestsTo("omniparcel.availablerates")).toHaveLength(2);
  });

  test("429 with a Retry-After longer than we wait is reported as rate_limited at once", async () => {
    sekoFaults.always("rate_limited", { retryAfterSeconds: 30 });
    const error = expectError(await client().availableRates(rates), "rate_limited");
    expect(error).toMatchObject({ retryAfterMs: 30_000, source: "seko" });
    expect(error.message).toMatch(/30 seconds/);
    expect(sekoState.requests).toHaveLength(1);
  });

  test("429 on label creation is not retried", async () => {
    sekoFaults.always("rate_limited", { retryAfterSeconds: 0 });
    expectError(await client().printShipment(shipment), "rate_limited");
    expect(sekoState.requestsTo("omniparcel.printshipment")).toHaveLength(1);
  });

  test("our own incomplete payload fails before anything is sent", async () => {
    const error = expectError(
      await client().printShipment({ ...shipment, Destination: { ...shipment.Destination, Address: { ...shipment.Destination.Address, CountryCode: "nz" } } }),
      "invalid_request",
    );
    expect(error.message).toMatch(/Destination\.Address\.CountryCode/);
    expect(sekoState.requests).toHaveLength(0);
  });

  test("other 4xx answers are http errors carrying SEKO's explanation", async () => {
    server.use(http.post(`${STAGING}/labels/delete`, () => HttpResponse.json({ Message: "Not found" }, { status: 404 })));
    const error = expectError(await client().deleteLabels(["SEKO1"]), "http");
    expect(error).toMatchObject({ status: 404, problems: [{ message: "Not found" }] });
    expect(error.message).toMatch(/\(HTTP 404\)\. Not found\.$/);
  });
});

describe("the key goes only to SEKO, never inward (SSRF)", () => {
  // A listener on loopback standing in for a service inside our network (Redis, an admin port...).
  let inside: net.Server;
  let port: number;
  const received: string[] = [];

  beforeEach(async () => {
    received.length = 0;
    inside = net.createServer((socket) => {
      socket.on("data", (chunk) => received.push(chunk.toString("latin1")));
      socket.on("error", () => {});
    });
    inside.on("connection", () => received.push("(connection)"));
    await new Promise<void>((resolve) => inside.listen(0, "127.0.0.1", resolve));
    port = (inside.address() as net.AddressInfo).port;
  });
  afterEach(() => new Promise<void>((resolve) => inside.close(() => resolve())));

  test("a SEKO name that resolves to 127.0.0.1 is refused where the socket opens; the key is not sent", async () => {
    const base = `https://rebound.omniparcel.com:${port}`;
    // Let msw hand the request to the network, so the real connect path runs.
    server.use(http.post(`${base}/*`, () => passthrough()));
    const asked: string[] = [];
    const result = await createOmniParcelClient(
      sekoConfig({ ...FAST, omniparcel: { baseUrl: base } }),
      { accessKey: SEKO_TEST_KEYS.omniparcel },
      {
        runtime: {
          resolve: async (hostname) => {
            asked.push(hostname);
            return [{ address: "127.0.0.1", family: 4 }];
          },
        },
      },
    ).availableRates(rates);
    const error = expectError(result, "refused_host");
    expect(error.message).toMatch(/rebound\.omniparcel\.com.*private or local network address.*Nothing was sent/);
    expect(error.message).not.toContain(SEKO_TEST_KEYS.omniparcel);
    expect(asked).toEqual(["rebound.omniparcel.com"]);
    expect(received).toEqual([]);
  });

  test("an allow-listed name that the system resolves to 127.0.0.1 (localhost) is refused too", async () => {
    const base = `https://localhost:${port}`;
    server.use(http.post(`${base}/*`, () => passthrough()));
    const result = await client({ allowedHosts: ["localhost"], omniparcel: { baseUrl: base } }).availableRates(rates);
    expectError(result, "refused_host");
    expect(received).toEqual([]);
  });

  test("a config that names a host outside SEKO is refused before anything is sent", async () => {
    const connection = connectionFor(
      sekoConfig(FAST),
      { system: "omniparcel", baseUrl: `http://127.0.0.1:${port}`, authHeader: "access_key" },
      { headers: { access_key: SEKO_TEST_KEYS.omniparcel }, secrets: [SEKO_TEST_KEYS.omniparcel], credentialLabel: "key" },
    );
    const result = await sekoRequest(connection, { path: "/x", body: {}, schema: z.unknown(), idempotent: true, action: "testing" });
    expect(result).toMatchObject({ ok: false, error: { kind: "refused_host", host: `127.0.0.1:${port}` } });
    expect(received).toEqual([]);
  });

  test("a host's own error text is never shown: only our words and SEKO's structured fields", async () => {
    const once = { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } };
    for (const [status, body] of [
      [500, "ERR wrong number of arguments for 'post' command"],
      [400, "-ERR unknown command 'POST', internal path /var/app"],
    ] as const) {
      server.use(http.post(`${STAGING}/*`, () => HttpResponse.text(body, { status })));
      const error = expectError(await client(once).availableRates(rates), "http");
      expect(error.message).toContain(`HTTP ${status}`);
      expect(error.message).not.toMatch(/ERR|arguments|command|\/var\/app/);
    }
  });
});

describe("back-off", () => {
  test("delays double per attempt, half fixed and half jittered, capped", async () => {
    sekoFaults.always("http_500");
    const delays: number[] = [];
    const config = sekoConfig({ retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 300 } });
    const run = (random: number) =>
      createOmniParcelClient(
        config,
        { accessKey: SEKO_TEST_KEYS.omniparcel },
        {
          runtime: { random: () => random, sleep: async (ms) => void delays.push(ms) },
        },
      ).availableRates(rates);
    await run(1);
    expect(delays).toEqual([100, 200, 300]);
    delays.length = 0;
    await run(0);
    expect(delays).toEqual([50, 100, 150]);
  });

  test("sekoRequest on its own returns a Result, never throws", async () => {
    sekoFaults.always("network_error");
    const connection = connectionFor(
      sekoConfig(FAST),
      { system: "omniparcel", baseUrl: STAGING, authHeader: "access_key" },
      { headers: { access_key: SEKO_TEST_KEYS.omniparcel }, secrets: [SEKO_TEST_KEYS.omniparcel], credentialLabel: "key" },
    );
    const result = await sekoRequest(connection, {
      path: "/labels/statusv2",
      body: [],
      schema: z.array(z.unknown()),
      idempotent: false,
      action: "testing",
    });
    expect(result).toMatchObject({ ok: false, error: { kind: "network" } });
  });
});
