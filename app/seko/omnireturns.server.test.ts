import { beforeEach, describe, expect, test, vi } from "vitest";
import { resetSeko, SEKO_TEST_KEYS, sekoFaults, sekoState } from "#tests/mocks/seko";
import { sekoConfig, type SekoConfigInput } from "./config";
import { createOmniReturnsClient } from "./omnireturns.server";
import type { ReturnLabelRequest } from "./schemas";

const FAST: SekoConfigInput = { timeoutMs: 200, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } };

const client = (overrides: SekoConfigInput = {}, accessKey: string = SEKO_TEST_KEYS.omnireturns) => createOmniReturnsClient(sekoConfig({ ...FAST, ...overrides }), { accessKey });

const returnLabel: ReturnLabelRequest = {
  Origin: {
    Name: "Jane Customer",
    Address: { StreetAddress: "12 Ocean View Rd", City: "Wellington", PostCode: "6011", CountryCode: "NZ" },
    Email: "jane@example.com",
  },
  Destination: {
    Name: "SEKO Returns Hub",
    Address: { StreetAddress: "5 Hub Road", City: "Auckland", PostCode: "2022", CountryCode: "NZ" },
  },
  Packages: [{ Length: 30, Width: 20, Height: 10, Kg: 1.2 }],
  Commodities: [
    {
      Description: "T-shirt",
      Units: 1,
      UnitValue: 39,
      UnitKg: 0.3,
      Currency: "NZD",
      Country: "NZ",
      SKU: "TSHIRT-BLK-M",
      Reason: "Too small",
      ReturnAction: "Refund",
    },
  ],
  DeliveryReference: "#1001",
};

beforeEach(() => {
  resetSeko();
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

describe("createReturnLabel", () => {
  test("creates an INBOUND label with RPS processing and per-item SKU, reason and action", async () => {
    const result = await client().createReturnLabel(returnLabel);
    expect(result.ok && result.value.labels[0]?.connote).toBe("SEKO1234567");
    const [label] = sekoState.labels;
    expect(label).toMatchObject({ system: "omnireturns", host: "test.omniparcelreturns.com", shipType: "INBOUND", skus: ["TSHIRT-BLK-M"] });
    expect(label?.request).toMatchObject({
      RPSProcessing: true,
      SendTrackingEmail: false,
      Commodities: [{ SKU: "TSHIRT-BLK-M", Reason: "Too small", ReturnAction: "Refund" }],
    });
  });

  test("production goes to the live host", async () => {
    await client({ environment: "production" }).createReturnLabel(returnLabel);
    expect(sekoState.labels[0]?.host).toBe("www.omniparcelreturns.com");
  });

  test("a 500 is not retried: exactly one label request, no duplicate label", async () => {
    sekoFaults.always("http_500");
    const result = await client().createReturnLabel(returnLabel);
    expect(result).toMatchObject({ ok: false, error: { kind: "http", status: 500, system: "omnireturns" } });
    expect(sekoState.requestsTo("omnireturns.printshipment")).toHaveLength(1);
  });

  test("a lost answer (timeout) is not retried either", async () => {
    sekoFaults.always("hang");
    const result = await client().createReturnLabel(returnLabel);
    expect(result).toMatchObject({ ok: false, error: { kind: "timeout" } });
    expect(sekoState.requestsTo("omnireturns.printshipment")).toHaveLength(1);
  });

  test("a return without a reason per item is refused before sending", async () => {
    const [commodity] = returnLabel.Commodities;
    const result = await client().createReturnLabel({ ...returnLabel, Commodities: [{ ...commodity!, Reason: "" }] });
    expect(result).toMatchObject({ ok: false, error: { kind: "invalid_request" } });
    expect(sekoState.requests).toHaveLength(0);
  });
});

describe("checkConnection", () => {
  test("a valid key passes without creating a label", async () => {
    expect(await client().checkConnection()).toMatchObject({ ok: true, value: { system: "omnireturns" } });
    expect(sekoState.labels).toHaveLength(0);
  });

  test("passes only on SEKO's 'X is required' answer to the empty probe; any other error in a 200 fails", async () => {
    expect(sekoState.requests).toHaveLength(0);
    await client().checkConnection();
    expect(sekoState.requests[0]?.body).toEqual({});
    for (const fault of ["errors_in_200", "errors_in_200_as_html", "failure_flag", "denied_in_200", "empty_body", "login_page"] as const) {
      sekoFaults.next(fault);
      expect((await client().checkConnection()).ok, fault).toBe(false);
    }
  });

  test("an OmniParcel key is not an OmniReturns key", async () => {
    expect(await client({}, SEKO_TEST_KEYS.omniparcel).checkConnection()).toMatchObject({ ok: false, error: { kind: "auth" } });
  });
});
