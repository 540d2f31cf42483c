import type { SyncJob } from "@prisma/client";
import { afterEach, describe, expect, test } from "vitest";
import { db } from "./db.server";
import { configureJobs, enqueueJob, jobSettings, PROCESS_OWNER, releaseClaims, type JobRegistry } from "./job-queue.server";
import { drainJobs, resumeJobRunner, stopJobRunner } from "./job-runner.server";

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
    "tracking-catchup": single,
    "customer-ids": single,
    "return-mirror": single,
  };
  return { registry, runs };
}

const defaultLeaseMs = jobSettings.leaseMs;
afterEach(() => {
  resumeJobRunner();
  configureJobs({ leaseMs: defaultLeaseMs });
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const secondAgo = () => new Date(Date.now() - 1_000);

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

  test("four instances claiming at once from many shops' batches and single jobs: each job run once, no batch mixes shops", async () => {
    await db.syncJob.createMany({ data: Array.from({ length: 400 }, (_, i) => ({ shop: `${i % 8}-${SHOP}`, kind: "order", key: `order-${i}` })) });
    await db.syncJob.createMany({ data: Array.from({ length: 40 }, (_, i) => ({ shop: `${i}-${SHOP}`, kind: "delivery", key: `delivery-${i}` })) });
    const { registry, runs } = countingRegistry({ slowMs: 1 });
    const order = registry.order;
    const mixed: string[][] = [];
    registry.order = {
      batch: async (shop, jobs, claim) => {
        if (jobs.some((job) => job.shop !== shop || job.kind !== "order")) mixed.push(jobs.map((job) => job.key));
        return "batch" in order ? order.batch(shop, jobs, claim) : undefined;
      },
    };

    const ran = await Promise.all(["a", "b", "c", "d"].map((name) => drainJobs(registry, { owner: `instance-${name}` })));

    expect(ran.reduce((sum, n) => sum + n, 0)).toBe(440);
    // Each instance took a share: the claims really ran at once.
    expect(ran.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(runs.size).toBe(440);
    expect([...runs.values()].filter((n) => n !== 1)).toEqual([]);
    expect(mixed).toEqual([]);
    expect(await db.syncJob.count()).toBe(0);
  }, 20_000);

  test("a batch is one shop's due jobs of one kind, oldest first and at most 50; other kinds run one at a time", async () => {
    const start = Date.now() - 10_000;
    const at = (i: number) => new Date(start + i);
    await db.syncJob.createMany({ data: Array.from({ length: 60 }, (_, i) => ({ shop: SHOP, kind: "order", key: `order-${i}`, runAt: at(i * 2) })) });
    await db.syncJob.createMany({ data: Array.from({ length: 3 }, (_, i) => ({ shop: `other-${SHOP}`, kind: "order", key: `other-${i}`, runAt: at(i * 2 + 1) })) });
    await db.syncJob.createMany({
      data: [
        { shop: SHOP, kind: "reconcile", key: "reconcile", runAt: at(1_000) },
        { shop: SHOP, kind: "order", key: "later", runAt: new Date(Date.now() + 60_000) },
      ],
    });
    const batches: string[][] = [];
    const { registry } = countingRegistry();
    registry.order = { batch: async (_shop, jobs) => void batches.push(jobs.map((job) => job.key)) };
    registry.reconcile = { run: async (job) => void batches.push([job.key]) };

    expect(await drainJobs(registry, { owner: "instance-a" })).toBe(64);

    expect(batches.map((keys) => keys.length)).toEqual([50, 3, 10, 1]);
    expect(batches[0]).toEqual(Array.from({ length: 50 }, (_, i) => `order-${i}`));
    expect(batches[1]).toEqual(["other-0", "other-1", "other-2"]);
    expect(await db.syncJob.findMany({ select: { key: true, lockedBy: true } })).toEqual([{ key: "later", lockedBy: null }]);
  });

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

  test("a job that runs longer than its lease keeps it while it runs: another instance does not run it too", async () => {
    configureJobs({ leaseMs: 150 });
    await enqueueJob({ shop: SHOP, kind: "upload" });
    const { registry, runs } = countingRegistry();
    registry.upload = { run: async (job) => void (runs.set(job.key, (runs.get(job.key) ?? 0) + 1), await sleep(600)) };

    const first = drainJobs(registry, { owner: "instance-a" });
    // Instance B looks for work every 50 ms meanwhile, four times the lease.
    let second = 0;
    for (let i = 0; i < 12; i++) {
      await sleep(50);
      second += await drainJobs(registry, { owner: "instance-b" });
    }
    expect(await first).toBe(1);
    expect(second).toBe(0);
    expect(runs.get("upload")).toBe(1);
    expect(await db.syncJob.count()).toBe(0);
  }, 20_000);

  test("a runner pass older than the lease still claims its later jobs with a whole lease", async () => {
    configureJobs({ leaseMs: 150 });
    await enqueueJob({ shop: SHOP, kind: "reconcile", runAt: secondAgo() });
    await enqueueJob({ shop: `later-${SHOP}`, kind: "reconcile" });
    const leaseLeft = new Map<string, number>();
    const { registry } = countingRegistry();
    registry.reconcile = {
      run: async (job) => {
        const row = await db.syncJob.findUniqueOrThrow({ where: { id: job.id } });
        leaseLeft.set(job.shop, row.lockedUntil!.getTime() - Date.now());
        if (job.shop === SHOP) await sleep(400);
      },
    };

    expect(await drainJobs(registry, { owner: "instance-a", dueAtStart: true })).toBe(2);
    // The second job was claimed 400 ms into the pass: its lease runs from then, not from the pass's start.
    expect(leaseLeft.get(`later-${SHOP}`)).toBeGreaterThan(0);
  }, 20_000);

  test("a job queued again while it runs keeps the sooner time even when its run asks to wait; otherwise the wait stands", async () => {
    const inAnHour = new Date(Date.now() + 3_600_000);
    const { registry } = countingRegistry();
    let queueAgain = true;
    registry.upload = {
      run: async (job) => {
        // A new order arrives while an upload that will wait for a failed order's back-off runs.
        if (queueAgain) await enqueueJob({ shop: job.shop, kind: "upload" });
        return { rerunAt: inAnHour };
      },
    };
    await enqueueJob({ shop: SHOP, kind: "upload", runAt: secondAgo() });
    const before = Date.now();
    expect(await drainJobs(registry, { owner: "instance-a", maxJobs: 1 })).toBe(1);
    const queued = await db.syncJob.findFirstOrThrow({ where: { shop: SHOP, kind: "upload" } });
    expect(queued.lockedBy).toBeNull();
    expect(queued.runAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(queued.runAt.getTime()).toBeLessThanOrEqual(Date.now());

    queueAgain = false;
    expect(await drainJobs(registry, { owner: "instance-a", maxJobs: 1 })).toBe(1);
    expect((await db.syncJob.findFirstOrThrow({ where: { shop: SHOP, kind: "upload" } })).runAt).toEqual(inAnHour);
  });

  test("a stop releases this process's other claims but not the job it is still running", async () => {
    await enqueueJob({ shop: SHOP, kind: "reconcile", runAt: secondAgo() });
    await enqueueJob({ shop: `held-${SHOP}`, kind: "reconcile" });
    await db.syncJob.updateMany({ where: { shop: `held-${SHOP}` }, data: { lockedBy: PROCESS_OWNER, lockedUntil: new Date(Date.now() + jobSettings.leaseMs) } });
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { registry } = countingRegistry();
    registry.reconcile = { run: async () => void (started(), await finished) };

    const drain = drainJobs(registry);
    await running;
    expect(await stopJobRunner(50)).toMatchObject({ released: 1 });
    expect(await db.syncJob.findMany({ select: { shop: true, lockedBy: true }, orderBy: { shop: "asc" } })).toEqual([
      { shop: `held-${SHOP}`, lockedBy: null },
      { shop: SHOP, lockedBy: PROCESS_OWNER },
    ]);
    finish();
    expect(await drain).toBe(1);
    expect(await db.syncJob.count({ where: { shop: SHOP } })).toBe(0);
  });

  test("queueing a job already queued brings it forward, never back, and keeps its payload", async () => {
    const inAnHour = new Date(Date.now() + 3_600_000);
    await enqueueJob({ shop: SHOP, kind: "variants", payload: { all: true }, runAt: inAnHour });
    const now = new Date();
    await enqueueJob({ shop: SHOP, kind: "variants", runAt: now });
    await enqueueJob({ shop: SHOP, kind: "variants", runAt: new Date(Date.now() + 7_200_000) });
    const [job, ...others] = await db.syncJob.findMany({ where: { shop: SHOP } });
    expect(others).toEqual([]);
    expect(job).toMatchObject({ kind: "variants", key: "variants", payload: '{"all":true}', runAt: now, attempts: 0, lockedBy: null });
  });

  test("a claim whose lease ran out (its instance died) counts as queued, not running: queueing it for later does not move it back", async () => {
    const due = secondAgo();
    await enqueueJob({ shop: SHOP, kind: "delivery", key: "dead-claim", runAt: due });
    await enqueueJob({ shop: SHOP, kind: "delivery", key: "live-claim", runAt: due });
    await db.syncJob.updateMany({ where: { key: "dead-claim" }, data: { lockedBy: "crashed-instance", lockedUntil: new Date(Date.now() - 1_000) } });
    await db.syncJob.updateMany({ where: { key: "live-claim" }, data: { lockedBy: "busy-instance", lockedUntil: new Date(Date.now() + 60_000) } });
    const inAnHour = new Date(Date.now() + 3_600_000);
    await enqueueJob({ shop: SHOP, kind: "delivery", key: "dead-claim", runAt: inAnHour });
    await enqueueJob({ shop: SHOP, kind: "delivery", key: "live-claim", runAt: inAnHour });
    const runAt = Object.fromEntries((await db.syncJob.findMany({ where: { shop: SHOP } })).map((job) => [job.key, job.runAt]));
    expect(runAt["dead-claim"]).toEqual(due);
    // A running job is marked to run once more, at the time asked for.
    expect(runAt["live-claim"]).toEqual(inAnHour);
  });
});
