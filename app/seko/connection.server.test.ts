import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { server } from "#tests/mocks/node";
import { FAILURES_LOOKING_LIKE_SUCCESS, SEKO_TEST_KEYS, type SekoEndpointName, sekoFaults, sekoState, SIGN_IN_PAGE } from "#tests/mocks/seko";
import { db } from "~/utils/db.server";
import { connect, type CredentialInput, getSekoConfig, listConnections, recheck, saveSekoSettings } from "./connection.server";

const SHOP = "demo-returns-store.myshopify.com";
const STAFF = "72015740983";

const INPUTS: Record<CredentialInput["system"], { input: CredentialInput; endpoint: SekoEndpointName }> = {
  omniparcel: {
    input: { system: "omniparcel", environment: "test", accessKey: SEKO_TEST_KEYS.omniparcel },
    endpoint: "omniparcel.availablerates",
  },
  omnireturns: {
    input: { system: "omnireturns", environment: "test", accessKey: SEKO_TEST_KEYS.omnireturns },
    endpoint: "omnireturns.printshipment",
  },
  omnirps: {
    input: { system: "omnirps", environment: "test", ...SEKO_TEST_KEYS.omnirps },
    endpoint: "omnirps.upload",
  },
};

/** Answers SEKO may give with HTTP 200 that do not show the key was accepted. */
const NOT_PROOF = FAILURES_LOOKING_LIKE_SUCCESS;

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

function expectCleanMessage(message: string) {
  expect(message.length).toBeGreaterThan(20);
  // Never the foreign host's page or text, and never the key.
  for (const fragment of ["<", "Sign in", "Password", "temporarily unavailable", "back soon", ...Object.values(SEKO_TEST_KEYS).flatMap((key) => (typeof key === "string" ? [key] : [key.token]))]) {
    expect(message).not.toContain(fragment);
  }
}

describe("connect stores a key only when SEKO's answer shows it was accepted", () => {
  for (const [system, { input, endpoint }] of Object.entries(INPUTS)) {
    test(`${system}: the clean answer connects`, async () => {
      expect(await connect(SHOP, input, STAFF)).toEqual({ ok: true });
      expect(await listConnections(SHOP)).toEqual([expect.objectContaining({ system, status: "connected" })]);
    });

    for (const fault of NOT_PROOF) {
      test(`${system}: ${fault} is a failure and nothing is stored`, async () => {
        sekoFaults.always(fault, { endpoint });
        const result = await connect(SHOP, input, STAFF);
        expect(result.ok).toBe(false);
        if (!result.ok) expectCleanMessage(result.error.message);
        expect(await db.sekoCredential.count()).toBe(0);
      });
    }
  }

  test("omniparcel: an error in a 200 never connects, ValidationErrors or an empty quote included", async () => {
    for (const fault of ["validation_errors", "no_rates"] as const) {
      sekoFaults.always(fault);
      expect((await connect(SHOP, INPUTS.omniparcel.input, STAFF)).ok, fault).toBe(false);
      sekoFaults.clear();
    }
    expect(await db.sekoCredential.count()).toBe(0);
  });

  test("omniparcel: every carrier refusing the dummy parcel still shows SEKO knows the account", async () => {
    sekoFaults.always("rejected");
    expect(await connect(SHOP, INPUTS.omniparcel.input, STAFF)).toEqual({ ok: true });
  });

  test("omnirps: an upload SEKO did not confirm, JSON labelled text/html included, never connects", async () => {
    sekoFaults.always("errors_in_200_as_html");
    const result = await connect(SHOP, INPUTS.omnirps.input, STAFF);
    expect(result).toMatchObject({ ok: false, error: { kind: "api" } });
    expect(await db.sekoCredential.count()).toBe(0);
  });

  test("omnireturns: only SEKO's 'X is required' answer to the empty probe connects; other validation answers do not", async () => {
    const answers = [
      { ValidationErrors: [{ Message: "Shipment could not be validated" }] },
      { ValidationErrors: [{ Property: "access_key", Message: "access_key is not valid" }] },
      { Consignments: [], Errors: [{ Property: "DeliveryReference", Message: "DeliveryReference is required" }, "Account suspended"] },
      { Consignments: [], Errors: [] },
    ];
    for (const answer of answers) {
      server.use(http.post("https://test.omniparcelreturns.com/api/labels/printshipment", () => HttpResponse.json(answer)));
      const result = await connect(SHOP, INPUTS.omnireturns.input, STAFF);
      expect(result.ok, JSON.stringify(answer)).toBe(false);
      if (!result.ok) expectCleanMessage(result.error.message);
    }
    expect(await db.sekoCredential.count()).toBe(0);
  });
});

describe("recheck records a failure for every answer that is not proof", () => {
  for (const [system, { input, endpoint }] of Object.entries(INPUTS)) {
    test(`${system}: a connected key turns failed, with a readable reason`, async () => {
      await connect(SHOP, input, STAFF);
      for (const fault of NOT_PROOF) {
        await db.sekoCredential.updateMany({ data: { status: "connected", lastError: null } });
        sekoFaults.always(fault, { endpoint });
        const result = await recheck(SHOP, input.system, "test", STAFF);
        sekoFaults.clear();
        expect(result?.ok, fault).toBe(false);
        const row = await db.sekoCredential.findFirstOrThrow({ where: { shop: SHOP, system: input.system } });
        expect(row.status, fault).toBe("failed");
        expectCleanMessage(row.lastError ?? "");
        expect(row.lastError).not.toContain(SIGN_IN_PAGE);
      }
    });
  }
});

describe("SEKO host overrides (SSRF)", () => {
  const GATEWAY = "seko-gateway.example.net";
  const settings = (omniparcelBaseUrl: string) => ({ environment: "test" as const, omniparcelBaseUrl });

  test("a host the operator allow-listed is saved and used; SEKO's own subdomains need no listing", async () => {
    expect(await saveSekoSettings(SHOP, settings(`https://${GATEWAY}/api/`), STAFF, [GATEWAY])).toEqual({ ok: true });
    expect((await getSekoConfig(SHOP, [GATEWAY])).omniparcel.baseUrl).toBe(`https://${GATEWAY}/api`);
    expect(await saveSekoSettings(SHOP, settings("https://uat.omniparcel.com"), STAFF, [])).toEqual({ ok: true });
  });

  test("without the allow-list the same host is a field error and the saved host stays", async () => {
    await saveSekoSettings(SHOP, settings("https://uat.omniparcel.com"), STAFF, []);
    const refused = await saveSekoSettings(SHOP, settings(`https://${GATEWAY}`), STAFF, []);
    expect(refused).toEqual({ ok: false, fieldErrors: { omniparcelBaseUrl: expect.stringMatching(/SEKO host/) } });
    expect((await getSekoConfig(SHOP, [])).omniparcel.baseUrl).toBe("https://uat.omniparcel.com");
  });

  test("a stored host that is no longer allowed falls back to SEKO's default, so the check never sends the key there", async () => {
    // As saved before hosts were checked, or before the operator took the host off the allow-list.
    for (const stored of ["http://127.0.0.1:6379", "http://169.254.169.254/latest", `https://${GATEWAY}`]) {
      await db.sekoSettings.upsert({
        where: { shop: SHOP },
        create: { shop: SHOP, environment: "test", overrides: JSON.stringify({ omniparcel: { baseUrl: stored } }) },
        update: { overrides: JSON.stringify({ omniparcel: { baseUrl: stored } }) },
      });
      expect((await getSekoConfig(SHOP, [])).omniparcel.baseUrl, stored).toBeUndefined();
    }
    // Stored JSON cannot widen the allow-list either.
    await db.sekoSettings.update({
      where: { shop: SHOP },
      data: { overrides: JSON.stringify({ allowedHosts: [GATEWAY], omniparcel: { baseUrl: `https://${GATEWAY}` } }) },
    });
    expect(await connect(SHOP, INPUTS.omniparcel.input, STAFF)).toEqual({ ok: true });
    expect(sekoState.requests.map((request) => new URL(request.url).host)).toEqual(["staging.omniparcel.com"]);
  });
});
