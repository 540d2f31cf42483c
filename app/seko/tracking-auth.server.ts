import { scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { keyedHash, verifyKeyedHash } from "~/utils/crypto.server";
import { rateLimiter } from "~/utils/rate-limit.server";

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/**
 * How the tracking webhook's credentials are checked cheaply (docs/security.md, "The SEKO tracking
 * receiver"). The password is 18 random bytes we generate, so a fast keyed hash is as strong as a
 * slow password hash and costs microseconds instead of tens of milliseconds of Node's thread pool.
 */
const PURPOSE = "seko tracking password";
const HMAC_SCHEME = "hmac";

/** The stored form of a new password: `hmac.<keyId>.<digest>`. */
export function hashTrackingPassword(password: string) {
  return `${HMAC_SCHEME}.${keyedHash(PURPOSE, password)}`;
}

/** Whether a stored hash is checked slowly (scrypt, stored before keyed hashes): such a check is not run while the endpoint's refusals are limited. */
export function isSlowHash(stored: string) {
  return !stored.startsWith(`${HMAC_SCHEME}.`);
}

/**
 * Checks a posted password against the stored hash, in constant time. `rehash` is the form to store
 * instead after a successful check, when the stored one is an old scrypt hash or under the previous
 * ENCRYPTION_KEY; `unknownKey` when it was made under a key no longer configured (only new credentials help).
 */
export async function checkTrackingPassword(password: string, stored: string): Promise<{ ok: boolean; rehash: string | null; unknownKey: boolean }> {
  const [scheme, first, second] = stored.split(".");
  if (scheme === HMAC_SCHEME && first && second) {
    const { ok, stale, unknownKey } = verifyKeyedHash(PURPOSE, password, `${first}.${second}`);
    return { ok, rehash: stale ? hashTrackingPassword(password) : null, unknownKey };
  }
  if (scheme === "scrypt" && first && second) {
    const actual = await scrypt(password, Buffer.from(first, "base64url"), 32);
    const wanted = Buffer.from(second, "base64url");
    const ok = actual.length === wanted.length && timingSafeEqual(actual, wanted);
    return { ok, rehash: ok ? hashTrackingPassword(password) : null, unknownKey: false };
  }
  return { ok: false, rehash: null, unknownKey: false };
}

/** Equal strings, compared in constant time for strings of one length. */
export function sameText(posted: string, expected: string) {
  const a = Buffer.from(posted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Tokens are 24 random bytes in base64url (`rotateTrackingCredentials`): anything else is refused without a database read. */
export function isTrackingTokenShape(token: string) {
  return /^[A-Za-z0-9_-]{32}$/.test(token);
}

/**
 * Refusals allowed per minute, per instance (app/utils/rate-limit.server.ts). Past a limit the answer
 * is 429 with Retry-After: from an address, before anything is looked up; at an endpoint, the refusal
 * is no longer recorded nor logged (right credentials are still accepted: SEKO is never held back by
 * someone else's wrong ones). SEKO sends a few deliveries a minute at most, so neither limit is
 * reached by a merchant whose credentials are merely wrong for a while.
 */
export const TRACKING_REFUSAL_LIMITS = {
  byAddress: rateLimiter({ limit: 60, windowMs: 60_000, maxKeys: 20_000 }),
  byEndpoint: rateLimiter({ limit: 30, windowMs: 60_000, maxKeys: 20_000 }),
};
