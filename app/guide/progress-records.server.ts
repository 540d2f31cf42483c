/**
 * Read-only queries for the records steps 3 and 6 are judged by, beyond what
 * their own modules list: when a SEKO key was first stored, who the activity
 * log says connected one, when SEKO last answered a check of it (the go-live
 * gate's Production keys), and when each team member was put on the list.
 * Secrets are never selected.
 */
import type { ConnectionEvent, ConnectionFact, MemberFact } from "./facts";
import type { StaffDirectory } from "~/utils/staff.server";
import type { MemberStatus } from "~/team/members";
import type { SekoEnvironment, SekoSystem } from "~/seko/config";
import { getSekoConfig } from "~/seko/connection.server";
import { db } from "~/utils/db.server";

export async function sekoConnectionRecords(
  shop: string,
  staff: StaffDirectory,
): Promise<{ environment: SekoEnvironment; connections: (ConnectionFact & { checkedAt: string | null })[]; events: ConnectionEvent[] }> {
  const [config, rows, activity] = await Promise.all([
    getSekoConfig(shop),
    db.sekoCredential.findMany({
      where: { shop },
      select: { system: true, environment: true, status: true, createdAt: true, checkedAt: true, lastError: true },
    }),
    db.onboardingActivity.findMany({
      // Only what the connection code records (app/seko/connection.server.ts), not prose that names a system.
      where: { shop, kind: { in: ["seko.connected", "seko.checked", "seko.removed", "seko.environment"] } },
      orderBy: { createdAt: "desc" },
      take: 200,
    }),
  ]);
  return {
    environment: config.environment,
    connections: rows.map((row) => ({
      system: row.system as SekoSystem,
      environment: row.environment as SekoEnvironment,
      status: row.status as ConnectionFact["status"],
      connectedAt: row.createdAt.toISOString(),
      checkedAt: row.checkedAt?.toISOString() ?? null,
      lastError: row.lastError,
    })),
    events: activity.map((row) => ({ action: row.action, detail: row.detail, by: staff.label(row.actor), at: row.createdAt.toISOString() })),
  };
}

export async function memberRecords(shop: string): Promise<MemberFact[]> {
  const rows = await db.teamMemberRequest.findMany({
    where: { shop },
    select: { name: true, status: true, requestedAt: true, createdInSekoAt: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => ({
    name: row.name,
    status: row.status as MemberStatus,
    requestedAt: row.requestedAt?.toISOString() ?? null,
    createdInSekoAt: row.createdInSekoAt?.toISOString() ?? null,
    addedAt: row.createdAt.toISOString(),
  }));
}
