import { expect, test } from "vitest";
import { db } from "./db.server";
import { acquireLock, withLease } from "./leases.server";

const SHOP = "leases-test.myshopify.com";

test("withLease: two callers at once run one after the other, and the lease is gone afterwards", async () => {
  const trace: string[] = [];
  const work = (name: string) => async () => {
    trace.push(`${name} in`);
    await new Promise((resolve) => setTimeout(resolve, 30));
    trace.push(`${name} out`);
    return name;
  };
  const results = await Promise.all([withLease(SHOP, "order:1", work("a")), withLease(SHOP, "order:1", work("b"))]);
  expect(results.sort()).toEqual(["a", "b"]);
  // Never both inside: whoever went first came out before the other went in.
  expect([
    ["a in", "a out", "b in", "b out"],
    ["b in", "b out", "a in", "a out"],
  ]).toContainEqual(trace);
  expect(await db.syncLock.count({ where: { shop: SHOP } })).toBe(0);
});

test("withLease: a lease another holder keeps is waited for up to waitMs, then null without running; other names and shops are free", async () => {
  expect(await acquireLock(SHOP, "order:2", "another-instance", 60_000)).toBe(true);
  let ran = false;
  expect(await withLease(SHOP, "order:2", async () => (ran = true), { waitMs: 60 })).toBeNull();
  expect(ran).toBe(false);
  expect(await withLease(SHOP, "order:3", async () => "free")).toBe("free");
  expect(await withLease("other-shop.myshopify.com", "order:2", async () => "free")).toBe("free");
  // A holder that crashed: its lease runs out and the next caller takes it.
  await db.syncLock.updateMany({ where: { shop: SHOP, name: "order:2" }, data: { expiresAt: new Date(Date.now() - 1) } });
  expect(await withLease(SHOP, "order:2", async () => "taken over")).toBe("taken over");
});
