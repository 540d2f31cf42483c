import { isIpLiteral } from "~/utils/ip-address";

/**
 * Where a SEKO key may be sent (docs/security.md, SSRF). A host override is
 * stored per shop from a form, and the next call sends the merchant's key to
 * it, so only SEKO's own domains (docs/seko.md, "APIs") and the hosts the operator
 * lists in SEKO_HOST_ALLOWLIST are accepted, and only over HTTPS. Pure: the
 * connect-time address check lives in app/utils/outbound.server.ts.
 */

/** SEKO's domains; their subdomains (staging., test., www., api.) are SEKO's too. */
export const SEKO_DOMAINS = ["omniparcel.com", "omniparcelreturns.com", "omnirps.com"] as const;

/** Lower case, without the trailing dot a fully qualified name may carry. */
function normalise(hostname: string) {
  return hostname.toLowerCase().replace(/\.$/, "");
}

export function isSekoHost(hostname: string) {
  const host = normalise(hostname);
  return SEKO_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * Why `url` may not receive a SEKO key, in words for the settings form, or
 * undefined when it may. `allowedHosts` are exact host names (no wildcards).
 */
export function sekoUrlProblem(url: string, allowedHosts: readonly string[] = []): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be a full address, like https://api.omniparcel.com";
  }
  if (parsed.protocol !== "https:") return "must start with https:// (the key must not travel unencrypted)";
  if (parsed.username || parsed.password) return "must not contain a user name or password";
  // URL has already turned 0x7f.1, 2130706433 and the like into dotted IPv4.
  const host = normalise(parsed.hostname);
  if (isIpLiteral(host)) return "must be a SEKO host name, not an IP address";
  if (isSekoHost(host) || allowedHosts.some((allowed) => normalise(allowed) === host)) return undefined;
  return `must be a SEKO host (${SEKO_DOMAINS.join(", ")} or one of their subdomains); other hosts need the app operator's approval`;
}
