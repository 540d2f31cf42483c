/**
 * A fixed-window request limit per key, in this process's memory. Enough to stop one caller from
 * hammering an endpoint; with several app instances each keeps its own count (so the effective
 * limit is per instance), which is acceptable for abuse control (docs/decisions/016).
 */
export type RateLimit = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export function rateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }) {
  const windows = new Map<string, { startedAt: number; count: number }>();
  const maxKeys = options.maxKeys ?? 50_000;
  return {
    take(key: string, now = Date.now()): RateLimit {
      let window = windows.get(key);
      if (!window || now - window.startedAt >= options.windowMs) {
        if (windows.size >= maxKeys) {
          for (const [stale, entry] of windows) if (now - entry.startedAt >= options.windowMs) windows.delete(stale);
          // Still full of live windows: forget the oldest rather than grow without bound.
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        }
        window = { startedAt: now, count: 0 };
        windows.set(key, window);
      }
      if (window.count >= options.limit) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + options.windowMs - now) / 1000)) };
      window.count++;
      return { ok: true, remaining: options.limit - window.count };
    },
    /** Whether `take` would allow one more now, without counting it. */
    peek(key: string, now = Date.now()): RateLimit {
      const window = windows.get(key);
      if (!window || now - window.startedAt >= options.windowMs) return { ok: true, remaining: options.limit };
      if (window.count >= options.limit) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + options.windowMs - now) / 1000)) };
      return { ok: true, remaining: options.limit - window.count };
    },
    reset() {
      windows.clear();
    },
  };
}
