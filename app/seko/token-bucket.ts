import { createHash } from "node:crypto";

/**
 * Client-side rate limiting: SEKO limits how many requests an account may
 * make per minute, so calls wait for a slot here rather than be refused there.
 */

/** The bucket's time; tests pass a fake one. */
export type Clock = { now: () => number; sleep: (ms: number) => Promise<void> };

const systemClock: Clock = {
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type TokenBucket = {
  /**
   * Reserves one request slot. Resolves once it may be sent, or at once with
   * `{ ok: false }` when the wait would exceed `maxWaitMs`; nothing is
   * reserved then.
   */
  take: (maxWaitMs: number) => Promise<{ ok: true; waitedMs: number } | { ok: false; retryAfterMs: number }>;
};

/**
 * A token bucket whose balance may go negative: each negative token is a
 * caller already queued, so the wait for the next one is exact without a
 * queue structure.
 */
export function createTokenBucket(options: { capacity: number; refillPerMinute: number; runtime?: Clock }): TokenBucket {
  const runtime = options.runtime ?? systemClock;
  const perMs = options.refillPerMinute / 60_000;
  let tokens = options.capacity;
  let updatedAt = runtime.now();

  return {
    async take(maxWaitMs) {
      const now = runtime.now();
      tokens = Math.min(options.capacity, tokens + (now - updatedAt) * perMs);
      updatedAt = now;
      const waitMs = tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perMs);
      if (waitMs > maxWaitMs) return { ok: false, retryAfterMs: waitMs };
      tokens -= 1;
      if (waitMs > 0) await runtime.sleep(waitMs);
      return { ok: true, waitedMs: waitMs };
    },
  };
}

const buckets = new Map<string, TokenBucket>();

/**
 * SEKO counts requests per account, and clients are created per request, so
 * the bucket lives here, keyed by a hash of host and key (the key itself is
 * not kept as a map key where a heap dump would show it next to its purpose).
 */
export function sharedBucket(scope: string, secret: string, refillPerMinute: number): TokenBucket {
  const id = createHash("sha256").update(`${scope}\n${secret}\n${refillPerMinute}`).digest("hex");
  let bucket = buckets.get(id);
  if (!bucket) {
    bucket = createTokenBucket({ capacity: refillPerMinute, refillPerMinute });
    buckets.set(id, bucket);
  }
  return bucket;
}
