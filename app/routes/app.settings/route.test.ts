import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { SEKO_TEST_KEYS, sekoFaults, sekoState } from "#tests/mocks/seko";
import { useEnv } from "#tests/setup/env";
import { adminRequest } from "#tests/setup/requests";
import { authenticateTrackingDelivery } from "~/seko/tracking-receiver.server";
import { db } from "~/utils/db.server";
import { action, loader } from "./route";

const SHOP = "demo-returns-store.myshopify.com";
const OTHER = "other-store.myshopify.com";
const lines: string[] = [];

function post(fields: Record<string, string>, shop = SHOP) {
  return adminRequest("/app/settings", { shop, init: { method: "POST", body: new URLSearchParams(fields) } });
}
const run = (request: Request) => action({ request, params: {}, context: {} });
const load = async (shop = SHOP) => loader({ request: adminRequest("/app/settings", { shop }), params: {}, context: {} });

beforeEach(() => {
  lines.length = 0;
  for (const method of ["log", "info", "warn", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  }
});
afterEach(() => sekoFaults.clear());

describe("connecting SEKO keys", () => {
  test("a key SEKO accepts is stored encrypted as connected; the page sees only its last four characters", async () => {
    const result = await run(post({ intent: "connect", system: "omnireturns", environment: "test", accessKey: SEKO_TEST_KEYS.omnireturns }));
    expect(result).toMatchObject({ ok: true });
    expect(sekoState.requests.length).toBeGreaterThan(0);

    const row = await db.sekoCredential.findFirstOrThrow({ where: { shop: SHOP } });
    expect(row).toMatchObject({ system: "omnireturns", environment: "test", status: "connected" });
    expect(row.secret).not.toContain(SEKO_TEST_KEYS.omnireturns);

    const data = await load();
    expect(data.connections).toEqual([expect.objectContaining({ system: "omnireturns", status: "connected", last4: SEKO_TEST_KEYS.omnireturns.slice(-4) })]);
    const everythingTheBrowserGets = JSON.stringify(data);
    expect(everythingTheBrowserGets).not.toContain(SEKO_TEST_KEYS.omnireturns);
    expect(lines.join("\n")).not.toContain(SEKO_TEST_KEYS.omnireturns);
  });

  test("a key SEKO rejects is not saved and does not replace the one that works", async () => {
    await run(post({ intent: "connect", system: "omnireturns", environment: "test", accessKey: SEKO_TEST_KEYS.omnireturns }));
    const before = await db.sekoCredential.findFirstOrThrow({ where: { shop: SHOP } });

    const wrongKey = "or_wrong_key_12345";
    const result = await run(post({ intent: "connect", system: "omnireturns", environment: "test", accessKey: wrongKey }));
    expect(result.ok).toBe(false);
    expect(result.message).not.toContain(wrongKey);
    const after = await db.sekoCredential.findFirstOrThrow({ where: { shop: SHOP } });
    expect(after.secret).toBe(before.secret);
    expect(after.status).toBe("connected");
    expect(lines.join("\n")).not.toContain(wrongKey);
  });

  test("OmniRPS needs the token and the retailer name; missing fields come back as field errors", async () => {
    const result = await run(post({ intent: "connect", system: "omnirps", environment: "test", token: "", retailerName: "" }));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { token: "Enter the OmniRPS token SEKO gave you", retailerName: "Enter your retailer name exactly as it is spelled in OmniRPS" },
    });
    expect(await db.sekoCredential.count()).toBe(0);

    const ok = await run(post({ intent: "connect", system: "omnirps", environment: "test", token: SEKO_TEST_KEYS.omnirps.token, retailerName: SEKO_TEST_KEYS.omnirps.retailerName }));
    expect(ok).toMatchObject({ ok: true });
    expect((await db.sekoCredential.findFirstOrThrow()).label).toBe(SEKO_TEST_KEYS.omnirps.retailerName);
  });

  test("a refused key comes back at its field, saying which value SEKO refused, never as a page-wide 'check the settings'", async () => {
    const wrongAccess = await run(post({ intent: "connect", system: "omnireturns", environment: "test", accessKey: "or_wrong_key_12345" }));
    expect(wrongAccess).toMatchObject({ ok: false, system: "omnireturns", fieldErrors: { accessKey: expect.stringContaining("did not accept this access key") } });
    expect(JSON.stringify(wrongAccess)).not.toContain("connection settings");

    const rps = { intent: "connect", system: "omnirps", environment: "test" };
    const unknownPair = await run(post({ ...rps, token: "rps_wrong_token_123", retailerName: "Demo Returns" }));
    expect(unknownPair).toMatchObject({ ok: false, fieldErrors: { token: expect.stringContaining("token"), retailerName: expect.stringContaining("spelled exactly") } });

    await run(post({ ...rps, token: SEKO_TEST_KEYS.omnirps.token, retailerName: SEKO_TEST_KEYS.omnirps.retailerName }));
    // With a pair SEKO accepted saved, the value that changed is the one it refused.
    const wrongName = await run(post({ ...rps, token: SEKO_TEST_KEYS.omnirps.token, retailerName: "Demo Returns Shop" }));
    expect(wrongName.ok).toBe(false);
    expect(!wrongName.ok && wrongName.fieldErrors).toEqual({ retailerName: expect.stringContaining(`"${SEKO_TEST_KEYS.omnirps.retailerName}", not "Demo Returns Shop"`) });
    const wrongToken = await run(post({ ...rps, token: "rps_wrong_token_123", retailerName: SEKO_TEST_KEYS.omnirps.retailerName }));
    expect(!wrongToken.ok && wrongToken.fieldErrors).toEqual({ token: expect.stringContaining("Check the token") });
    expect(JSON.stringify([wrongName, wrongToken])).not.toContain(SEKO_TEST_KEYS.omnirps.token);
  });

  test("the retailer name is suggested from step 1's legal name until OmniRPS has accepted one", async () => {
    await db.onboardingSection.create({
      data: { shop: SHOP, form: "onboarding", section: "business", answers: JSON.stringify({ legalName: "Demo Returns Limited" }), askManager: "[]", savedBy: "1" },
    });
    expect((await load()).retailerSuggestion).toEqual({ name: "Demo Returns Limited", source: expect.stringContaining("legal entity name") });
    await run(post({ intent: "connect", system: "omnirps", environment: "test", token: SEKO_TEST_KEYS.omnirps.token, retailerName: SEKO_TEST_KEYS.omnirps.retailerName }));
    expect((await load()).retailerSuggestion).toMatchObject({ name: SEKO_TEST_KEYS.omnirps.retailerName });
  });

  test("SEKO being down is reported in words, and nothing is saved", async () => {
    sekoFaults.always("http_500");
    const result = await run(post({ intent: "connect", system: "omniparcel", environment: "test", accessKey: SEKO_TEST_KEYS.omniparcel }));
    expect(result.ok).toBe(false);
    expect(result.message.length).toBeGreaterThan(10);
    expect(await db.sekoCredential.count()).toBe(0);
  }, 30_000);

  test("a re-check records a failure when SEKO stops accepting the key", async () => {
    await run(post({ intent: "connect", system: "omniparcel", environment: "test", accessKey: SEKO_TEST_KEYS.omniparcel }));
    sekoFaults.always("unauthorized");
    const result = await run(post({ intent: "recheck", system: "omniparcel", environment: "test" }));
    expect(result.ok).toBe(false);
    const row = await db.sekoCredential.findFirstOrThrow();
    expect(row.status).toBe("failed");
    expect(row.lastError).toBeTruthy();
  });

  test("one shop never sees another shop's connections", async () => {
    await run(post({ intent: "connect", system: "omnireturns", environment: "test", accessKey: SEKO_TEST_KEYS.omnireturns }));
    expect((await load(OTHER)).connections).toEqual([]);
    await run(post({ intent: "disconnect", system: "omnireturns", environment: "test" }, OTHER));
    expect(await db.sekoCredential.count({ where: { shop: SHOP } })).toBe(1);
  });
});

describe("connection settings", () => {
  test("host and header overrides are validated and saved per shop", async () => {
    const bad = await run(post({ intent: "save-settings", environment: "test", omniparcelBaseUrl: "not a url", omnirpsAuthHeader: "bad header" }));
    expect(bad).toMatchObject({ ok: false, fieldErrors: { omniparcelBaseUrl: expect.any(String), omnirpsAuthHeader: expect.any(String) } });
    const good = await run(post({ intent: "save-settings", environment: "production", omniparcelBaseUrl: "https://api.omniparcel.com/", omnireturnsAuthHeader: "Access-Key" }));
    expect(good.ok).toBe(true);
    const data = await load();
    expect(data.environment).toBe("production");
    expect(data.overrides.omniparcelBaseUrl).toBe("https://api.omniparcel.com");
    expect(data.overrides.omnireturnsAuthHeader).toBe("Access-Key");
    expect((await load(OTHER)).environment).toBe("test");
  });
});

describe("SEKO host overrides only name SEKO's hosts (SSRF)", () => {
  const GOOD = "https://uat.omniparcel.com";

  test.each([
    ["plain http", "http://api.omniparcel.com", /https:\/\//],
    ["the cloud metadata address", "http://169.254.169.254/latest/meta-data/", /https:\/\//],
    ["an IP address", "https://127.0.0.1:6379", /not an IP address/],
    ["an IPv6 address", "https://[::1]/", /not an IP address/],
    ["a host inside our network", "https://localhost:6379", /SEKO host/],
    ["a host that is not SEKO's", "https://omniparcel.com.attacker.example/api", /SEKO host/],
  ])("%s is a field error, and the host saved before stays", async (_what, url, message) => {
    expect(await run(post({ intent: "save-settings", environment: "test", omniparcelBaseUrl: GOOD }))).toMatchObject({ ok: true });
    const refused = await run(post({ intent: "save-settings", environment: "production", omniparcelBaseUrl: url }));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { omniparcelBaseUrl: expect.stringMatching(message) } });
    const data = await load();
    expect(data.overrides.omniparcelBaseUrl).toBe(GOOD);
    expect(data.environment).toBe("test");
  });

  test("SEKO's own hosts, staging and test included, are accepted", async () => {
    const result = await run(
      post({
        intent: "save-settings",
        environment: "test",
        omniparcelBaseUrl: "https://staging.omniparcel.com",
        omnireturnsBaseUrl: "https://test.omniparcelreturns.com/index.php/api",
        omnirpsBaseUrl: "https://www.omnirps.com",
      }),
    );
    expect(result).toMatchObject({ ok: true });
    expect((await load()).overrides.omnireturnsBaseUrl).toBe("https://test.omniparcelreturns.com/index.php/api");
  });
});

describe("tracking webhook credentials", () => {
  test("the password is shown once and stored only as a hash; rotation replaces the URL", async () => {
    const first = await run(post({ intent: "rotate-tracking" }));
    if (!first.ok || !first.password || !first.url) throw new Error("expected credentials");
    const row = await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(row.passwordHash).not.toContain(first.password);
    const data = await load();
    expect(data.tracking?.url).toBe(first.url);
    expect(JSON.stringify(data)).not.toContain(first.password);

    const second = await run(post({ intent: "rotate-tracking" }));
    expect(second.ok && second.url).not.toBe(first.url);
  });

  test("deliveries SEKO made with a wrong password show with their count, why and when, for this shop only, until one is accepted", async () => {
    const credentials = await run(post({ intent: "rotate-tracking" }));
    await run(post({ intent: "rotate-tracking" }, OTHER));
    if (!credentials.ok || !credentials.url || !credentials.username || !credentials.password) throw new Error("expected credentials");
    expect((await load()).tracking).toMatchObject({ refusals: null, lastAcceptedAt: null });

    const token = new URL(credentials.url).pathname.split("/").pop()!;
    const deliver = (password: string) => authenticateTrackingDelivery(token, new Headers({ Username: credentials.username!, Password: password }));
    await deliver("wrong");
    await deliver("wrong again");
    const data = await load();
    expect(data.tracking?.refusals).toEqual({ count: 2, reason: "wrong username or password", lastAt: expect.any(String) });
    expect(JSON.stringify(data)).not.toContain("wrong again");
    expect((await load(OTHER)).tracking).toMatchObject({ refusals: null });

    await deliver(credentials.password);
    expect((await load()).tracking).toMatchObject({ refusals: null, lastAcceptedAt: expect.any(String) });
  });
});

describe("the offline demo's keys on step 3", () => {
  // As tests/demo/start.ts runs the app.
  const DEMO_ENV = { SHOPIFY_APP_URL: "http://localhost:3000", SEKO_DEMO_KEYS: JSON.stringify(SEKO_TEST_KEYS) };

  test("outside the demo the page names no key", async () => {
    expect((await load()).demoKeys).toBeNull();
  });

  test("in the demo the page names each key its SEKO takes, by field, until that system is connected; the retailer name suggested is the one SEKO issued", async () => {
    await db.onboardingSection.create({
      data: { shop: SHOP, form: "onboarding", section: "business", answers: JSON.stringify({ legalName: "Demo Returns Store Limited" }), askManager: "[]", savedBy: "1" },
    });
    useEnv(DEMO_ENV);
    const before = await load();
    expect(before.demoKeys?.fields).toEqual([
      { system: "omnireturns", field: "OmniReturns access key", value: SEKO_TEST_KEYS.omnireturns },
      { system: "omnirps", field: "OmniRPS token", value: SEKO_TEST_KEYS.omnirps.token },
      { system: "omnirps", field: "Retailer name", value: SEKO_TEST_KEYS.omnirps.retailerName },
      { system: "omniparcel", field: "OmniParcel access key", value: SEKO_TEST_KEYS.omniparcel },
    ]);
    // Step 1's legal name is not the name the demo's SEKO issued: the suggestion is the one it accepts.
    expect(before.retailerSuggestion).toEqual({ name: SEKO_TEST_KEYS.omnirps.retailerName, source: "the demo's SEKO account" });
    // The suggestion as the field holds it, with the demo's token, connects.
    expect(await run(post({ intent: "connect", system: "omnirps", environment: "test", token: SEKO_TEST_KEYS.omnirps.token, retailerName: before.retailerSuggestion!.name }))).toMatchObject({
      ok: true,
    });

    await run(post({ intent: "connect", system: "omnireturns", environment: "test", accessKey: SEKO_TEST_KEYS.omnireturns }));
    const after = await load();
    expect(after.demoKeys?.fields.map((item) => item.field)).toEqual(["OmniParcel access key"]);
    // A connected key is never sent to the page again, demo or not.
    expect(JSON.stringify(after)).not.toContain(SEKO_TEST_KEYS.omnireturns);
    expect(JSON.stringify(after)).not.toContain(SEKO_TEST_KEYS.omnirps.token);
  });
});
