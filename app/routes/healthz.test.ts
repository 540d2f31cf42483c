import { afterEach, expect, test } from "vitest";
import { databaseDialect } from "~/utils/db.server";
import { resumeJobRunner, stopJobRunner } from "~/utils/job-runner.server";
import { loader } from "./healthz";

afterEach(() => resumeJobRunner());

test("answers 200 with the database kind while the database answers, never cached", async () => {
  const response = await loader();
  expect(response.status).toBe(200);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(await response.json()).toEqual({ status: "ok", database: databaseDialect() });
});

test("answers 503 once the process is stopping, so the load balancer drains it", async () => {
  await stopJobRunner(10);
  const response = await loader();
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: "stopping" });
});
