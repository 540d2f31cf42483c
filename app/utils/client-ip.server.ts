import { isIP } from "node:net";

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
