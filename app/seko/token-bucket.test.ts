import { describe, expect, test } from "vitest";
import { createTokenBucket } from "./token-bucket";

describe("token bucket", () => {
  function fakeClock() {
    let now = 0;
    const slept: number[] = [];
    return {
      slept,
      advance: (ms: number) => void (now += ms),
      runtime: { now: () => now, sleep: async (ms: number) => void slept.push(ms) },
    };
  }

  test("a full bucket serves a burst, then queues callers at the refill rate", async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ capacity: 3, refillPerMinute: 3, runtime: clock.runtime });
    for (let i = 0; i < 3; i++) expect(await bucket.take(30_000)).toEqual({ ok: true, waitedMs: 0 });
    expect(await bucket.take(30_000)).toEqual({ ok: true, waitedMs: 20_000 });
    expect(clock.slept).toEqual([20_000]);
  });

  test("a caller whose wait would exceed the limit is refused without taking a slot", async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ capacity: 2, refillPerMinute: 2, runtime: clock.runtime });
    await bucket.take(0);
    await bucket.take(0);
    expect(await bucket.take(10_000)).toEqual({ ok: false, retryAfterMs: 30_000 });
    // Refused callers reserved nothing: the next one still only waits 30 s.
    expect(await bucket.take(30_000)).toEqual({ ok: true, waitedMs: 30_000 });
  });

  test("the bucket refills over time but never above capacity", async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ capacity: 100, refillPerMinute: 100, runtime: clock.runtime });
    for (let i = 0; i < 100; i++) await bucket.take(0);
    expect((await bucket.take(0)).ok).toBe(false);
    clock.advance(600);
    expect((await bucket.take(0)).ok).toBe(true);
    clock.advance(3_600_000);
    for (let i = 0; i < 100; i++) expect((await bucket.take(0)).ok).toBe(true);
    expect((await bucket.take(0)).ok).toBe(false);
  });
});
