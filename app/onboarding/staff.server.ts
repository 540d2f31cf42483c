/**
 * The staff user behind a request. With offline sessions the session token's
 * `sub` is the only identity Shopify gives us (no name without online tokens),
 * so records keep the id and show "Staff <id>"; a signature adds the typed name.
 */
export type Staff = { id: string; label: string };

export function staffFrom(sessionToken: { sub?: string } | undefined): Staff {
  const id = sessionToken?.sub ?? "unknown";
  return { id, label: staffLabel(id) };
}

export function staffLabel(id: string): string {
  return id === "SEKO" ? "SEKO" : `Staff ${id}`;
}

/** The client address for signature evidence, as the hosting proxy reports it. */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || request.headers.get("cf-connecting-ip") || "unknown";
}
