import { createHmac, randomBytes } from "node:crypto";
import { Prisma } from "@prisma/client";
import { decrypt, encrypt } from "./crypto.server";
import { db } from "./db.server";

/**
 * Keys the app makes for itself (the `AppKey` table), one per purpose: 32 random bytes made on first
 * use, stored encrypted under ENCRYPTION_KEY. A key rotation re-encrypts the row like any secret
 * (app/utils/key-rotation.server.ts), so the key itself never changes: what was hashed with it (the
 * tracking webhook's passwords, which cannot be hashed again without the password) stays valid after
 * ENCRYPTION_KEY_PREVIOUS is removed. Read once per process.
 */
const loaded = new Map<string, Promise<Buffer>>();

export function appKey(purpose: string): Promise<Buffer> {
  let key = loaded.get(purpose);
  if (!key) {
    key = load(purpose);
    loaded.set(purpose, key);
    key.catch(() => loaded.delete(purpose)); // a failed read is tried again next time
  }
  return key;
}

async function load(purpose: string) {
  const existing = await db.appKey.findUnique({ where: { id: purpose } });
  if (existing) return Buffer.from(decrypt(existing.value), "base64");
  try {
    await db.appKey.create({ data: { id: purpose, value: encrypt(randomBytes(32).toString("base64")) } });
  } catch (error) {
    // Another instance made it first: its key is the one.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  const row = await db.appKey.findUniqueOrThrow({ where: { id: purpose } });
  return Buffer.from(decrypt(row.value), "base64");
}

/** HMAC-SHA256 of `value` under the app's key for `purpose`. */
export async function keyedDigest(purpose: string, value: string) {
  return createHmac("sha256", await appKey(purpose))
    .update(value, "utf8")
    .digest();
}

/** For tests that replace the table's rows or the encryption keys: the keys are read again. */
export function forgetAppKeys() {
  loaded.clear();
}
