import type { SyncJob } from "@prisma/client";
import { afterEach, describe, expect, test } from "vitest";
import { db } from "./db.server";
import { drainJobs, enqueueJob, jobSettings, releaseClaims, resumeJobRunner, stopJobRunner, type JobRegistry } from "./jobs.server";

/**
 * The queue's guarantees across instances, on whichever database this run uses (npm test runs
 * it on SQLite and on Postgres): "instances" are drains with their own owner name, running at
 * the same time against the one database, as two app processes would.
 */
const SHOP = "jobs-test.myshopify.com";

function countingRegistry(options: { slowMs?: number } = {}) {
  const runs = new Map<string, number>();
  const count = (job: SyncJob) => runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
  const pause = () => new Promise((resolve) => setTimeout(resolve, options.slowMs ?? 0));
  const single = { run: async (job: SyncJob) => void (count(job), await pause()) };
  const registry: JobRegistry = {
    order: { batch: async (_shop, jobs) => void (jobs.forEach(count), await pause()) },
    backfill: single,
    refund: single,
    variants: single,
    reconcile: single,
    upload: single,
    delivery: single,
    storefront: single,
  };
  return { registry, runs };
}

afterEach(() => resumeJobRunner());

describe("the job queue with several instances", () => {
  test("two instances draining at once run every job exactly once, batch and single kinds alike", async () => {
    // As webhooks queue them: many order jobs of one shop (run in batches), single jobs of many shops.
    await db.syncJob.createMany({ data: Array.from({ length: 200 }, (_, i) => ({ shop: SHOP, kind: "order", key: `order-${i}` })) });
    await db.syncJob.createMany({ data: Array.from({ length: 30 }, (_, i) => ({ shop: `${i}-${SHOP}`, kind: "reconcile", key: `reconcile-${i}` })) });
    const { registry, runs } = countingRegistry({ slowMs: 2 });

    const [a, b] = await Promise.all([drainJobs(registry, { owner: "instance-a" }), drainJobs(registry, { owner: "instance-b" })]);

    expect(a + b).toBe(230);
    expect(runs.size).toBe(230);
    expect([...runs.values()].filter((n) => n !== 1)).toEqual([]);
    expect(await db.syncJob.count()).toBe(0);
  }, 20_000);

  test("a crashed instance's claims are taken over once their lease has run out, and not before", async () => {
    await enqueueJob({ shop: SHOP, kind: "order", key: "held-by-the-dead" });
    await enqueueJob({ shop: SHOP, kind: "reconcile", key: "held-by-the-living" });
    const past = new Date(Date.now() - 1_000);
    const future = new Date(Date.now() + jobSettings.leaseMs);
    await db.syncJob.updateMany({ where: { key: "held-by-the-dead" }, data: { lockedBy: "crashed-instance", lockedUntil: past } });
    await db.syncJob.updateMany({ where: { key: "held-by-the-living" }, data: { lockedBy: "busy-instance", lockedUntil: future } });
    const { registry, runs } = countingRegistry();

    expect(await drainJobs(registry, { owner: "survivor" })).toBe(1);
    expect([...runs.keys()]).toEqual(["held-by-the-dead"]);
    expect(await db.syncJob.findMany({ select: { key: true, lockedBy: true } })).toEqual([{ key: "held-by-the-living", lockedBy: "busy-instance" }]);
  });

  test("released claims go to the next instance at once; a stopped runner takes nothing new", async () => {
    await enqueueJob({ shop: SHOP, kind: "reconcile", key: "in-hand" });
    await db.syncJob.updateMany({ data: { lockedBy: "leaving-instance", lockedUntil: new Date(Date.now() + jobSettings.leaseMs) } });
    expect(await releaseClaims("leaving-instance")).toBe(1);
    expect(await db.syncJob.findFirstOrThrow()).toMatchObject({ lockedBy: null, lockedUntil: null, attempts: 0 });

    const stopped = await stopJobRunner(100);
    expect(stopped).toEqual({ released: 0, timedOut: false });
    const { registry, runs } = countingRegistry();
    expect(await drainJobs(registry, { owner: "stopping" })).toBe(0);
    expect(runs.size).toBe(0);

    resumeJobRunner();
    expect(await drainJobs(registry, { owner: "next-instance" })).toBe(1);
  });
});
