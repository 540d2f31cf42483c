import { expect } from "vitest";
import { SEKO_TEST_KEYS } from "#tests/mocks/seko";
import { sekoConfig, type SekoConfigInput } from "~/seko/config";
import type { SekoError } from "~/seko/errors";
import { createOmniParcelClient } from "~/seko/omniparcel.server";
import type { PrintShipmentRequest } from "~/seko/schemas";

/**
 * What the SEKO client tests share: a client with short timeouts and quick retries against the
 * simulated SEKO (tests/mocks/seko.ts), a label request, and the check every refusal must pass.
 */
export const FAST: SekoConfigInput = { timeoutMs: 200, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } };
export const STAGING = "https://staging.omniparcel.com";

export function client(overrides: SekoConfigInput = {}, accessKey: string = SEKO_TEST_KEYS.omniparcel) {
  return createOmniParcelClient(sekoConfig({ ...FAST, ...overrides }), { accessKey });
}

export const shipment: PrintShipmentRequest = {
  Destination: {
    Name: "SEKO Returns Hub",
    Address: { StreetAddress: "5 Hub Road", City: "Auckland", PostCode: "2022", CountryCode: "NZ" },
  },
  Origin: {
    Name: "Jane Customer",
    Address: { StreetAddress: "12 Ocean View Rd", City: "Wellington", PostCode: "6011", CountryCode: "NZ" },
    Email: "jane@example.com",
  },
  Packages: [{ Length: 30, Width: 20, Height: 10, Kg: 1.2 }],
  DeliveryReference: "#1001",
  ShipType: "INBOUND",
};

export const rates = { Destination: shipment.Destination, Packages: shipment.Packages };

/** A refusal of the given kind, worded for the merchant. */
export function expectError(result: { ok: boolean; error?: SekoError }, kind: SekoError["kind"]): SekoError {
  expect(result.ok).toBe(false);
  const error = (result as { error: SekoError }).error;
  expect(error.kind).toBe(kind);
  expect(error.message.length).toBeGreaterThan(10);
  return error;
}
