import { randomBytes, scryptSync } from "node:crypto";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { trackingEvent } from "#tests/mocks/seko";
import { useEnv } from "#tests/setup/env";
import { TRACKING_REFUSAL_LIMITS } from "~/seko/tracking-auth.server";
import { rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import { forgetAppKeys } from "~/utils/app-keys.server";
import { isEncrypted } from "~/utils/crypto.server";
import { db } from "~/utils/db.server";
import { rotateEncryptionKey } from "~/utils/key-rotation.server";
import { action } from "./seko.tracking.$token";

const SHOP = "demo-returns-store.myshopify.com";
type Credentials = { url: string; username: string; password: string };

const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;
function post(credentials: Credentials, body: string, headers: Record<string, string> = { Username: credentials.username, Password: credentials.password }) {
  return action({ request: new Request(credentials.url, { method: "POST", headers, body }), params: { token: tokenOf(credentials.url) }, context: {} });
}

beforeEach(() => {
  TRACKING_REFUSAL_LIMITS.byAddress.reset();
  TRACKING_REFUSAL_LIMITS.byEndpoint.reset();
});

describe("a delivery over the receiver's limits", () => {
  test("a field longer than kept is stored cut, with the event flagged, never whole", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const response = await post(credentials, JSON.stringify([trackingEvent({ Status: "s".repeat(20_000), ReturnReason: "Too small" })]));
    expect(response.status).toBe(200);
    const stored = await db.trackingEvent.findFirstOrThrow({ where: { shop: SHOP } });
    expect(stored.truncated).toBe("Status");
    expect(stored.returnReason).toBe("Too small");
    expect(JSON.parse(stored.raw).Status).toBe("s".repeat(1000));
    expect(stored.raw.length).toBeLessThan(2000);
  });

  test("an event over the event limit gets a 413 and nothing of a small delivery is stored; the same delivery within limits is stored whole", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const events = [trackingEvent({ ItemNo: "A" }), { ...trackingEvent({ ItemNo: "B" }), Notes: "n".repeat(70_000) }, trackingEvent({ ItemNo: "C" })];
    const response = await post(credentials, JSON.stringify(events));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: expect.stringContaining("an event is over the receiver's limit of 65,536 characters") });
    expect(await db.trackingEvent.count()).toBe(0);
    // A refusal of the sender's body: one info line at most, never an error (an operator's alarm is for our faults).
    expect(errors).not.toHaveBeenCalled();
    // Not acknowledged, so SEKO keeps the delivery; sent within the limits (as SEKO's would be), it is stored.
    events[1] = trackingEvent({ ItemNo: "B" });
    expect((await post(credentials, JSON.stringify(events))).status).toBe(200);
    expect(await db.trackingEvent.count()).toBe(3);
  });

  test("a delivery of more than 100,000 elements gets a 413, even of empty objects", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const started = performance.now();
    const response = await post(credentials, `[${Array.from({ length: 100_001 }, () => "{}").join(",")}]`);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: expect.stringContaining("over the receiver's limit of 100,000 events") });
    // About 0.4 s; building zod's error for each `{}` took 6 s.
    expect(performance.now() - started).toBeLessThan(3_000);
  }, 20_000);
});

describe("credentials, checked cheaply", () => {
  test("are stored as a keyed hash, never the password", async () => {
    forgetAppKeys();
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const { passwordHash } = await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(passwordHash).toMatch(/^hmac\.[\w-]{43}$/);
    expect(passwordHash).not.toContain(credentials.password);
    // Its key is the app's own, stored only encrypted under ENCRYPTION_KEY.
    const keys = await db.appKey.findMany();
    expect(keys.map((key) => [key.id, isEncrypted(key.value)])).toEqual([["seko-tracking-password", true]]);
  });

  test("an old scrypt hash still works, and is replaced by a keyed hash at its first accepted delivery", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const salt = randomBytes(16);
    const scrypt = `scrypt.${salt.toString("base64url")}.${scryptSync(credentials.password, salt, 32).toString("base64url")}`;
    await db.trackingEndpoint.update({ where: { shop: SHOP }, data: { passwordHash: scrypt } });

    expect((await post(credentials, "[]", { Username: credentials.username, Password: "wrong" })).status).toBe(401);
    expect((await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: SHOP } })).passwordHash).toBe(scrypt);
    expect((await post(credentials, "[]")).status).toBe(200);
    expect((await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: SHOP } })).passwordHash).toMatch(/^hmac\./);
    expect((await post(credentials, "[]")).status).toBe(200);
  });

  test("survive a rotation of ENCRYPTION_KEY: after it, with the previous key removed, the same password is accepted", async () => {
    forgetAppKeys();
    const current = useEnv({}).ENCRYPTION_KEY;
    const old = randomBytes(32).toString("base64");
    useEnv({ ENCRYPTION_KEY: old });
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    useEnv({ ENCRYPTION_KEY: current, ENCRYPTION_KEY_PREVIOUS: old });
    expect(await rotateEncryptionKey()).toMatchObject({ remaining: 0 });
    useEnv({ ENCRYPTION_KEY: current, ENCRYPTION_KEY_PREVIOUS: undefined });
    forgetAppKeys(); // as a new instance would: the key is read again, under the new ENCRYPTION_KEY
    expect((await post(credentials, "[]")).status).toBe(200);
    expect((await post(credentials, "[]", { Username: credentials.username, Password: "wrong" })).status).toBe(401);
  });

  test("an unknown URL is refused without hashing: 1,000 refusals take a small fraction of one password hash each", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const unknown = { ...credentials, url: credentials.url.replace(/[^/]{4}$/, "zzzz") };
    const odd = { ...credentials, url: `${credentials.url}-not-a-token` };
    const started = performance.now();
    for (let i = 0; i < 500; i++) {
      expect((await post(unknown, "[]")).status).toBe(401);
      expect((await post(odd, "[]")).status).toBe(401);
    }
    // scrypt took 50 ms or more per refusal (50 s here); a lookup by token takes well under 1 ms.
    expect(performance.now() - started).toBeLessThan(5_000);
  }, 60_000);
});

describe("refusals are rate-limited", () => {
  test("per endpoint: past 30 a minute the answer is 429 with Retry-After and nothing is recorded; the right credentials still get through", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const wrong = { Username: credentials.username, Password: "wrong" };
    for (let i = 0; i < 30; i++) expect((await post(credentials, "[]", wrong)).status).toBe(401);
    const limited = await post(credentials, "[]", wrong);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    expect(await db.trackingEndpoint.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({ refusedCount: 30 });

    expect((await post(credentials, JSON.stringify([trackingEvent()]))).status).toBe(200);
    expect(await db.trackingEvent.count()).toBe(1);
  });

  test("per address, when the proxies say who is calling: past 60 a minute, 429 before anything is looked up; other addresses are not held", async () => {
    useEnv({ TRUSTED_PROXY_HOPS: "1" });
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const unknown = { ...credentials, url: credentials.url.replace(/[^/]{4}$/, "zzzz") };
    const from = (address: string) => ({ Username: credentials.username, Password: credentials.password, "X-Forwarded-For": address });
    for (let i = 0; i < 60; i++) expect((await post(unknown, "[]", from("203.0.113.7"))).status).toBe(401);
    const limited = await post(credentials, "[]", from("203.0.113.7"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await post(credentials, "[]", from("198.51.100.2"))).status).toBe(200);
  });

  test("with no trusted proxy every caller looks alike, so no one is held back by address", async () => {
    const credentials = await rotateTrackingCredentials(SHOP, "42");
    const unknown = { ...credentials, url: credentials.url.replace(/[^/]{4}$/, "zzzz") };
    for (let i = 0; i < 100; i++) expect((await post(unknown, "[]", { "X-Forwarded-For": "203.0.113.7" })).status).toBe(401);
    expect((await post(credentials, "[]")).status).toBe(200);
  });
});
