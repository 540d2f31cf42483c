import { describe, expect, test } from "vitest";
import { rateLimiter } from "./rate-limit.server";

describe("fixed-window rate limit per key", () => {
  test("allows the limit in a window, refuses the next with the seconds left, and opens again in the next window", () => {
    const limiter = rateLimiter({ limit: 2, windowMs: 60_000 });
    expect(limiter.take("a", 0)).toEqual({ ok: true, remaining: 1 });
    expect(limiter.take("a", 1_000)).toEqual({ ok: true, remaining: 0 });
    expect(limiter.take("a", 15_000)).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect(limiter.take("b", 15_000).ok).toBe(true);
    expect(limiter.take("a", 60_000)).toEqual({ ok: true, remaining: 1 });
  });

  test("keeps at most maxKeys windows, dropping expired ones first", () => {
    const limiter = rateLimiter({ limit: 1, windowMs: 1_000, maxKeys: 2 });
    limiter.take("a", 0);
    limiter.take("b", 500);
    limiter.take("c", 1_200); // "a" expired and is dropped
    expect(limiter.take("b", 1_300)).toMatchObject({ ok: false });
    expect(limiter.take("a", 1_300)).toMatchObject({ ok: true });
  });

  test("peek says whether one more would be allowed, without counting it", () => {
    const limiter = rateLimiter({ limit: 1, windowMs: 60_000 });
    expect(limiter.peek("a", 0)).toEqual({ ok: true, remaining: 1 });
    expect(limiter.peek("a", 0)).toEqual({ ok: true, remaining: 1 });
    limiter.take("a", 0);
    expect(limiter.peek("a", 30_000)).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(limiter.peek("a", 60_000)).toEqual({ ok: true, remaining: 1 });
  });
});
