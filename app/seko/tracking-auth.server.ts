import { scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { keyedDigest } from "~/utils/app-keys.server";
import { rateLimiter } from "~/utils/rate-limit.server";

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/**
 * How the tracking webhook's credentials are checked cheaply (docs/security.md, "The SEKO tracking
 * receiver"; docs/decisions/024). The password is 18 random bytes we generate, so a fast keyed hash
 * (HMAC-SHA256 under the app's own key for this purpose, app/utils/app-keys.server.ts) is as strong
 * as a slow password hash and costs microseconds instead of tens of milliseconds of Node's thread pool.
 */
const PURPOSE = "seko-tracking-password";
const HMAC_SCHEME = "hmac";

/** The stored form of a new password: `hmac.<digest>`. */
export async function hashTrackingPassword(password: string) {
  return `${HMAC_SCHEME}.${(await keyedDigest(PURPOSE, password)).toString("base64url")}`;
}

/** Whether a stored hash is checked slowly (scrypt, stored before keyed hashes): such a check is not run while the endpoint's refusals are limited. */
export function isSlowHash(stored: string) {
  return !stored.startsWith(`${HMAC_SCHEME}.`);
}

/**
 * Checks a posted password against the stored hash, in constant time. `rehash` is the keyed hash to
 * store instead after a successful check of an old scrypt hash.
 */
export async function checkTrackingPassword(password: string, stored: string): Promise<{ ok: boolean; rehash: string | null }> {
  const [scheme, first, second] = stored.split(".");
  if (scheme === HMAC_SCHEME && first && second === undefined) {
    return { ok: same(await keyedDigest(PURPOSE, password), Buffer.from(first, "base64url")), rehash: null };
  }
  if (scheme === "scrypt" && first && second) {
    const ok = same(await scrypt(password, Buffer.from(first, "base64url"), 32), Buffer.from(second, "base64url"));
    return { ok, rehash: ok ? await hashTrackingPassword(password) : null };
  }
  return { ok: false, rehash: null };
}

const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/** Equal strings, compared in constant time for strings of one length. */
export function sameText(posted: string, expected: string) {
  return same(Buffer.from(posted), Buffer.from(expected));
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
