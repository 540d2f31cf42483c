import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { server } from "#tests/mocks/node";
import { client, expectError, FAST, rates, shipment, STAGING } from "#tests/setup/seko-client";
import { sekoConfig } from "./config";
import { FAILURES_LOOKING_LIKE_SUCCESS, resetSeko, SEKO_TEST_KEYS, type SekoFault, sekoFaults, sekoState, SIGN_IN_PAGE, SIGN_IN_URL } from "#tests/mocks/seko";
import { createOmniReturnsClient } from "./omnireturns.server";
import { createOmniRpsClient } from "./omnirps.server";
import type { OmniRpsOrderRow } from "./schemas";

beforeEach(() => {
  resetSeko();
  // Expected failures log at warn; keep the output readable.
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

describe("an HTTP 200 is not a success by itself", () => {
  const orderRow: OmniRpsOrderRow = {
    OrderNumber: "1001",
    SKU: "TSHIRT-BLK-M",
    Quantity: 1,
    StyleNumber: "TSHIRT",
    ProductName: "T-shirt",
    ItemValue: "39.90",
    Currency: "NZD",
    ProductCountryOfOrigin: "NZ",
    CustomerName: "Jane Customer",
    CustomerEmail: "jane@example.com",
    Street: "12 Ocean View Rd",
    Suburb: "Wellington",
    DeliveryPostcode: "6011",
    DeliveryCountry: "NZ",
    DateDespatched: "2026-02-01 10:00:00",
  };
  const returnLabel = {
    ...shipment,
    ShipType: "INBOUND" as const,
    Origin: shipment.Origin!,
    Commodities: [{ Description: "T-shirt", Units: 1, UnitValue: 39, UnitKg: 0.3, Currency: "NZD", SKU: "TSHIRT-BLK-M", Reason: "Too small" }],
  };
  const calls = {
    "OmniParcel label": () => client().printShipment(shipment),
    "OmniParcel rates": () => client().availableRates(rates),
    "OmniParcel tracking": () => client().trackingStatus(["SEKO1"]),
    "OmniParcel delete": () => client().deleteLabels(["SEKO1"]),
    "OmniReturns label": () => createOmniReturnsClient(sekoConfig(FAST), { accessKey: SEKO_TEST_KEYS.omnireturns }).createReturnLabel(returnLabel),
    "OmniRPS upload": () => createOmniRpsClient(sekoConfig(FAST), SEKO_TEST_KEYS.omnirps).uploadOrders([orderRow]),
  };
  const bodies: SekoFault[] = [...FAILURES_LOOKING_LIKE_SUCCESS, "validation_errors"];

  for (const fault of bodies) {
    test(`${fault}: every call fails, and no page or stray text reaches the merchant`, async () => {
      sekoFaults.always(fault);
      for (const [name, call] of Object.entries(calls)) {
        const result = await call();
        expect(result.ok, name).toBe(false);
        if (result.ok) continue;
        expect(["api", "auth", "invalid_response"], name).toContain(result.error.kind);
        expect(result.error.message, name).not.toMatch(/<|Sign in|Password|temporarily unavailable|back soon/);
      }
      expect(sekoState.labels).toHaveLength(0);
      expect(sekoState.orders.size).toBe(0);
    });
  }

  test("an empty body is named as such, not as unreadable JSON", async () => {
    sekoFaults.always("empty_body");
    const error = expectError(await client().deleteLabels(["SEKO1"]), "invalid_response");
    expect(error.message).toMatch(/empty answer/);
    // Deleting is not idempotent: the merchant is told it may have happened.
    expect(error.message).toMatch(/may still have completed it/);
  });

  test("ASP.NET's refusal in a 200 is an auth error; a failure flag is an api error", async () => {
    sekoFaults.next("denied_in_200");
    expectError(await client().availableRates(rates), "auth");
    sekoFaults.next("failure_flag");
    const error = expectError(await client().availableRates(rates), "api");
    expect(error).toMatchObject({ problems: [{ source: "Errors", message: "Something went wrong, please contact support" }] });
  });

  test("a redirect is not followed: the key never goes to the sign-in host", async () => {
    const signIn: Request[] = [];
    server.use(
      http.all(`${SIGN_IN_URL}*`, ({ request }) => {
        signIn.push(request);
        return HttpResponse.html(SIGN_IN_PAGE);
      }),
    );
    sekoFaults.always("redirect_to_login");
    const error = expectError(await client().availableRates(rates), "invalid_response");
    expect(error).toMatchObject({ status: 302 });
    expect(error.message).toMatch(/redirected/);
    expect(signIn).toHaveLength(0);
  });

  test("a rates answer with neither rates nor reasons is not a quote", async () => {
    sekoFaults.next("no_rates");
    expect(expectError(await client().availableRates(rates), "invalid_response").message).toMatch(/no rates came back/);
  });

  test("a bare JSON string is not a confirmation", async () => {
    server.use(http.post(`${STAGING}/labels/delete`, () => HttpResponse.json("Invalid request")));
    expectError(await client().deleteLabels(["SEKO1"]), "invalid_response");
  });

  test("SEKO's words are shown as short plain text", async () => {
    const long = `<b>PostCode</b>\n is not valid ${"x".repeat(400)}`;
    server.use(http.post(`${STAGING}/labels/printshipment`, () => HttpResponse.json({ Errors: [{ Property: "PostCode", Message: long }] })));
    const error = expectError(await client().printShipment(shipment), "api");
    const [problem] = error.kind === "api" ? error.problems : [];
    expect(problem?.message).toMatch(/^PostCode is not valid x+…$/);
    expect(problem?.message.length).toBeLessThanOrEqual(200);
    expect(error.message).not.toContain("<b>");
  });

  test("a consignment whose Status reads like a refusal is data, not an error", async () => {
    server.use(http.post(`${STAGING}/labels/statusv2`, () => HttpResponse.json([{ ConsignmentNo: "SEKO1", Status: "Rejected", Events: [] }])));
    expect(await client().trackingStatus(["SEKO1"])).toMatchObject({ ok: true, value: [{ connote: "SEKO1", status: "Rejected" }] });
  });
});
