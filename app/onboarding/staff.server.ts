import { isIP } from "node:net";
import { staffLabel } from "~/utils/staff.server";

export { staffDirectory, staffLabel, type StaffDirectory } from "~/utils/staff.server";

/**
 * The staff user behind a request. Records keep the session token's `sub` (the
 * Shopify user id); the name and email come from the online access token's
 * associated user, remembered per shop when Shopify issues one
 * (app/utils/staff.server.ts). Someone not seen that way yet shows as "Staff <id>".
 */
export type Staff = { id: string; label: string };

export function staffFrom(sessionToken: { sub?: string } | undefined): Staff {
  const id = sessionToken?.sub ?? "unknown";
  return { id, label: staffLabel(id) };
}

/**
 * The client address for evidence, as the trusted proxies report it. Each proxy
 * appends the address it saw to X-Forwarded-For, so with `trustedHops` proxies
 * the entry that many from the right is the one our own proxy wrote; anything
 * further left was sent by the client and proves nothing. With no proxy the
 * header is ignored: the app cannot see the address, so it says "unknown".
 */
export function clientIp(request: Request, trustedHops: number): string {
  if (trustedHops < 1) return "unknown";
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const entry = entries[entries.length - trustedHops];
  return entry && isIP(entry) ? entry : "unknown";
}
