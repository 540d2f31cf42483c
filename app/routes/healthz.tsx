import { databaseDialect, db } from "~/utils/db.server";
import { isStopping } from "~/utils/job-runner.server";
import { log } from "~/utils/logger.server";

/**
 * `GET /healthz` for the load balancer and the container's health check: 200 while this
 * instance can reach its database and is not shutting down; 503 otherwise, so traffic drains
 * from an instance that is stopping (docs/deployment.md). Says nothing about the database
 * beyond its kind.
 */
export const loader = async () => {
  const headers = { "Cache-Control": "no-store" };
  if (isStopping()) return Response.json({ status: "stopping" }, { status: 503, headers });
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: databaseDialect() }, { headers });
  } catch (error) {
    log.warn("health: the database did not answer", { message: error instanceof Error ? error.message : String(error) });
    return Response.json({ status: "unavailable" }, { status: 503, headers });
  }
};
