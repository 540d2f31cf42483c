import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { server } from "#tests/mocks/node";
import { resetSeko, SEKO_TEST_KEYS, sekoFaults, sekoState } from "#tests/mocks/seko";
import { sekoConfig, type SekoConfigInput } from "./config";
import { createOmniRpsClient } from "./omnirps.server";
import type { OmniRpsOrderRow } from "./schemas";

const FAST: SekoConfigInput = { timeoutMs: 200, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } };

const client = (overrides: SekoConfigInput = {}, credentials: { token: string; retailerName: string } = SEKO_TEST_KEYS.omnirps) =>
  createOmniRpsClient(sekoConfig({ ...FAST, ...overrides }), credentials);

function row(order: number, line = 1): OmniRpsOrderRow {
  return {
    OrderNumber: `#${order}`,
    SKU: `SKU-${line}`,
    Quantity: 1,
    StyleNumber: `STYLE-${line}`,
    EAN: "9400000000001",
    ProductName: "Merino T-shirt",
    ItemValue: 39.9,
    Currency: "NZD",
    ItemWeight: "0.3",
    CommodityCode: "6109.10",
    ProductCountryOfOrigin: "NZ",
    CustomerName: "Jane Customer",
    CustomerEmail: "jane@example.com",
    Street: "12 Ocean View Rd",
    Suburb: "Wellington",
    State: "Wellington",
    DeliveryPostcode: "6011",
    DeliveryCountry: "NZ",
    DateDespatched: "2026-02-01 10:00:00",
    Returnable: true,
  };
}

const rows = (count: number) => Array.from({ length: count }, (_, i) => row(1000 + i));

beforeEach(() => {
  resetSeko();
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

describe("uploadOrders", () => {
  test("uploads in batches of the configured size, one row per line item", async () => {
    const result = await client({ orderUpload: { batchSize: 100 } }).uploadOrders(rows(250));
    expect(result).toEqual({ ok: true, value: { rowsUploaded: 250, batches: 3 } });
    expect(sekoState.requestsTo("omnirps.upload").map((call) => (call.body as unknown[]).length)).toEqual([100, 100, 50]);
    expect(sekoState.orders.size).toBe(250);
    expect(sekoState.orders.get("#1000|SKU-1")).toMatchObject({ ItemValue: "39.9", Returnable: "Y", OrderWeight: "0" });
  });

  test("sends the token and the retailer name as headers", async () => {
    let headers: Headers | undefined;
    server.use(
      http.post("https://www.omnirps.com/app/ftp_return/add_ftp_order_details", ({ request }) => {
        headers = request.headers;
        return HttpResponse.json({ status: true });
      }),
    );
    await client().uploadOrders(rows(1));
    expect(headers?.get("Token")).toBe(SEKO_TEST_KEYS.omnirps.token);
    expect(headers?.get("Retailer")).toBe(SEKO_TEST_KEYS.omnirps.retailerName);
  });

  test("is idempotent by order number: a re-upload and a retried 500 leave the same data", async () => {
    await client().uploadOrders(rows(3));
    sekoFaults.next("http_500");
    expect((await client().uploadOrders(rows(3))).ok).toBe(true);
    expect(sekoState.requestsTo("omnirps.upload")).toHaveLength(3);
    expect(sekoState.orders.size).toBe(3);
  });

  test("a batch that keeps failing stops the upload and says how far it got", async () => {
    let calls = 0;
    server.use(http.post("https://www.omnirps.com/app/ftp_return/add_ftp_order_details", () => (++calls === 1 ? HttpResponse.json({ status: true }) : HttpResponse.json({}, { status: 503 }))));
    const result = await client({ orderUpload: { batchSize: 2 } }).uploadOrders(rows(5));
    expect(result).toMatchObject({ ok: false, error: { kind: "http", status: 503, progress: { done: 1, total: 3 } } });
  });

  test("a rejection inside HTTP 200 ({status: false}) is an api error with SEKO's message", async () => {
    sekoFaults.next("errors_in_200");
    const result = await client().uploadOrders(rows(1));
    expect(result).toMatchObject({ ok: false, error: { kind: "api", problems: [{ message: "Invalid date format for DateDespatched" }] } });
  });

  test("an incomplete row is refused before sending and named by order and SKU", async () => {
    const bad = { ...row(2001), CustomerEmail: "not-an-email" };
    const result = await client().uploadOrders([row(2000), bad]);
    expect(result).toMatchObject({ ok: false, error: { kind: "invalid_request" } });
    expect(!result.ok && result.error.message).toMatch(/order #2001, SKU SKU-1: CustomerEmail/);
    expect(sekoState.requests).toHaveLength(0);
  });

  test("nothing to upload sends nothing", async () => {
    expect(await client().uploadOrders([])).toEqual({ ok: true, value: { rowsUploaded: 0, batches: 0 } });
    expect(sekoState.requests).toHaveLength(0);
  });
});

describe("checkConnection", () => {
  test("valid token and retailer pass without storing anything", async () => {
    expect(await client().checkConnection()).toMatchObject({ ok: true, value: { system: "omnirps" } });
    expect(sekoState.orders.size).toBe(0);
  });

  test("a wrong retailer name or token fails as auth", async () => {
    const wrongRetailer = client({}, { token: SEKO_TEST_KEYS.omnirps.token, retailerName: "Someone Else" });
    expect(await wrongRetailer.checkConnection()).toMatchObject({ ok: false, error: { kind: "auth" } });
    const wrongToken = client({}, { token: "rps_wrong", retailerName: SEKO_TEST_KEYS.omnirps.retailerName });
    const result = await wrongToken.checkConnection();
    expect(!result.ok && result.error.message).toMatch(/OmniRPS token and retailer name/);
  });

  test("an error in a 200, an empty body or a sign-in page fails the check", async () => {
    for (const fault of ["errors_in_200", "failure_flag", "denied_in_200", "empty_body", "text_body", "login_page", "redirect_to_login"] as const) {
      sekoFaults.next(fault);
      expect((await client().checkConnection()).ok, fault).toBe(false);
    }
  });

  test("a configured retailer header name is used", async () => {
    let retailer: string | null = null;
    server.use(
      http.post("https://www.omnirps.com/app/ftp_return/add_ftp_order_details", ({ request }) => {
        retailer = request.headers.get("RetailerName");
        return HttpResponse.json({ status: true });
      }),
    );
    await client({ omnirps: { retailerHeader: "RetailerName" } }).checkConnection();
    expect(retailer).toBe(SEKO_TEST_KEYS.omnirps.retailerName);
  });
});
