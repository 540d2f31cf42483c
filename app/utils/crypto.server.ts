import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "./env.server";

/**
 * Authenticated encryption (AES-256-GCM) for secrets at rest: Shopify tokens,
 * SEKO keys, carrier credentials. The stored form is
 * `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts); keyId names the key
 * so rotation can decrypt old values with ENCRYPTION_KEY_PREVIOUS while new
 * writes use ENCRYPTION_KEY, and app/utils/key-rotation.server.ts rewrites every stored value
 * under ENCRYPTION_KEY so the previous key can be removed (docs/security.md).
 */
const VERSION = "v1";

type Key = { id: string; bytes: Buffer };

function keyFrom(base64: string): Key {
  const bytes = Buffer.from(base64, "base64");
  const id = createHash("sha256").update(bytes).digest("base64url").slice(0, 8);
  return { id, bytes };
}

function keys(): { current: Key; all: Key[] } {
  const { ENCRYPTION_KEY, ENCRYPTION_KEY_PREVIOUS } = env();
  const current = keyFrom(ENCRYPTION_KEY);
  const all = ENCRYPTION_KEY_PREVIOUS ? [current, keyFrom(ENCRYPTION_KEY_PREVIOUS)] : [current];
  return { current, all };
}

/** The end of a secret that may be shown: four characters of a long one, nothing of a short one (where four would be half of it). */
export function shownEnd(secret: string) {
  return secret.length >= 12 ? secret.slice(-4) : "••••";
}

export function encrypt(plaintext: string): string {
  const { current } = keys();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.bytes, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, current.id, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(`${VERSION}.`) && value.split(".").length === 5;
}

export function decrypt(stored: string): string {
  const [version, keyId, iv, tag, body] = stored.split(".");
  if (version !== VERSION || !keyId || !iv || !tag || body === undefined) {
    throw new Error("Not an encrypted value");
  }
  const key = keys().all.find((candidate) => candidate.id === keyId);
  if (!key) throw new Error(`No encryption key with id ${keyId}: was ENCRYPTION_KEY_PREVIOUS removed too early?`);
  const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** True when the value was written with a key other than the current one (the rotation rewrites those: app/utils/key-rotation.server.ts). */
export function needsReencryption(stored: string): boolean {
  return stored.split(".")[1] !== keys().current.id;
}
