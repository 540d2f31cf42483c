import { http, HttpResponse } from "msw";
import { beforeEach, expect, test, vi } from "vitest";
import { server } from "#tests/mocks/node";
import { resetSeko, sekoFaults } from "#tests/mocks/seko";
import { sekoConfig } from "./config";
import type { Result } from "./errors";
import { createOmniParcelClient } from "./omniparcel.server";
import { createOmniReturnsClient } from "./omnireturns.server";
import { createOmniRpsClient } from "./omnirps.server";
import { log } from "~/utils/logger.server";

const KEY = "sk_live_SECRET_1234";
const config = sekoConfig({ timeoutMs: 200, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });

let output: string[] = [];
beforeEach(() => {
  resetSeko();
  output = [];
  for (const method of ["log", "info", "warn", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(" ")));
  }
  // Tests run at LOG_LEVEL=warn, so info and debug lines never reach the console;
  // capture what is handed to the logger instead, before any redaction it does.
  for (const level of ["debug", "info"] as const) {
    const original = log[level];
    vi.spyOn(log, level).mockImplementation((message, fields) => {
      output.push(`${message} ${JSON.stringify(fields)}`);
      original(message, fields);
    });
  }
});

const shipment = {
  Destination: { Name: "Hub", Address: { StreetAddress: "5 Hub Road", City: "Auckland", CountryCode: "NZ" } },
  Origin: { Name: "Jane", Address: { StreetAddress: "1 Road", City: "Wellington", CountryCode: "NZ" } },
  Packages: [{ Length: 10, Width: 10, Height: 10, Kg: 1 }],
  DeliveryReference: "#1001",
};

async function everyCall() {
  const omniparcel = createOmniParcelClient(config, { accessKey: KEY });
  const omnireturns = createOmniReturnsClient(config, { accessKey: KEY });
  const omnirps = createOmniRpsClient(config, { token: KEY, retailerName: "Demo Returns Store" });
  return Promise.all<Result<unknown>>([
    omniparcel.printShipment(shipment),
    omniparcel.availableRates(shipment),
    omniparcel.trackingStatus(["SEKO1234567"]),
    omniparcel.deleteLabels(["SEKO1234567"]),
    omniparcel.checkConnection(),
    omnireturns.createReturnLabel({
      ...shipment,
      Commodities: [{ Description: "Tee", Units: 1, UnitValue: 1, UnitKg: 1, Currency: "NZD", SKU: "T", Reason: "Too small" }],
    }),
    omnireturns.checkConnection(),
    omnirps.uploadOrders([]),
    omnirps.checkConnection(),
  ]);
}

function expectNoKeyAnywhere(results: Result<unknown>[]) {
  // The test is only meaningful if calls were made and logged.
  expect(output.some((line) => line.startsWith("seko request"))).toBe(true);
  expect(output.some((line) => line.includes('"seko call failed"'))).toBe(true);
  for (const line of output) expect(line).not.toContain("SECRET_1234");
  for (const result of results) {
    if (result.ok) continue;
    expect(result.error.message).not.toContain("SECRET_1234");
    expect(JSON.stringify(result.error)).not.toContain("SECRET_1234");
  }
}

test("a rejected key never shows in logs or errors", async () => {
  const results = await everyCall();
  expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.error.kind)).toContain("auth");
  expectNoKeyAnywhere(results);
});

test("SEKO echoing the key back in Errors[], ValidationErrors or a 4xx body is scrubbed", async () => {
  const echo = { Errors: [{ Property: "access_key", Message: `Account for ${KEY} is suspended`, Value: KEY }] };
  server.use(
    http.post("https://staging.omniparcel.com/*", () => HttpResponse.json(echo)),
    http.post("https://test.omniparcelreturns.com/api/*", () => HttpResponse.json({ ValidationErrors: { [KEY]: [`${KEY} not recognised`] } }, { status: 400 })),
    http.post("https://www.omnirps.com/*", () => HttpResponse.json({ status: false, message: `Retailer mismatch for ${KEY}` })),
  );
  const results = await everyCall();
  // Every call fails (an error in a 200 is never a success, nor a passed check), except the
  // empty upload, which sends nothing.
  expect(results.filter((result) => !result.ok).length).toBe(8);
  expectNoKeyAnywhere(results);
});

test("server errors, timeouts, HTML pages and network failures leak nothing either", async () => {
  server.use(http.post("https://staging.omniparcel.com/*", () => HttpResponse.text(`boom ${KEY}`, { status: 500 })));
  sekoFaults.always("hang", { endpoint: "omnireturns.printshipment" });
  sekoFaults.always("network_error", { endpoint: "omnirps.upload" });
  expectNoKeyAnywhere(await everyCall());
  server.use(http.post("https://staging.omniparcel.com/*", () => HttpResponse.html(`<html>${KEY}</html>`)));
  expectNoKeyAnywhere(await everyCall());
});
