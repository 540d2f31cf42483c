import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, test } from "vitest";
import { decrypt, encrypt, isEncrypted, needsReencryption, shownEnd } from "./crypto.server";
import { env } from "./env.server";

const original = { ...env() };
afterEach(() => Object.assign(env(), original));

describe("secrets at rest", () => {
  test("round-trips, and the stored form never contains the secret", () => {
    const secret = "sk_live_SECRET_1234";
    const stored = encrypt(secret);
    expect(stored).not.toContain(secret);
    expect(isEncrypted(stored)).toBe(true);
    expect(decrypt(stored)).toBe(secret);
  });

  test("the same secret encrypts differently each time (random IV)", () => {
    expect(encrypt("same")).not.toBe(encrypt("same"));
  });

  test("a tampered ciphertext is rejected, not decrypted to garbage", () => {
    const parts = encrypt("payload-to-protect").split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 0xff;
    parts[4] = body.toString("base64url");
    expect(() => decrypt(parts.join("."))).toThrow();
  });

  test("rotation: values written with the previous key still decrypt and are flagged for re-encryption", () => {
    const oldKey = randomBytes(32).toString("base64");
    Object.assign(env(), { ENCRYPTION_KEY: oldKey });
    const stored = encrypt("rotate-me");
    Object.assign(env(), { ENCRYPTION_KEY: original.ENCRYPTION_KEY, ENCRYPTION_KEY_PREVIOUS: oldKey });
    expect(decrypt(stored)).toBe("rotate-me");
    expect(needsReencryption(stored)).toBe(true);
    expect(needsReencryption(encrypt("fresh"))).toBe(false);
    Object.assign(env(), { ENCRYPTION_KEY_PREVIOUS: undefined });
    expect(() => decrypt(stored)).toThrow(/ENCRYPTION_KEY_PREVIOUS/);
  });
});

test("a secret's shown end: the last four characters of a long one, none of a short one", () => {
  expect(shownEnd("sk_live_0123456789abcd")).toBe("abcd");
  expect(shownEnd("short-key")).toBe("••••");
});
