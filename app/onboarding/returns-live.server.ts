import { db } from "~/utils/db.server";

/**
 * Whether returns are live for this shop: the one place the storefront link reads the go-live state
 * from. It reads the step 10 record (GoLive.liveAt, set when returns go live); when step 10 exposes
 * its own "are returns live" function, this delegates to it and nothing else changes.
 */
export async function returnsLive(shop: string): Promise<boolean> {
  const row = await db.goLive.findUnique({ where: { shop }, select: { liveAt: true } });
  return Boolean(row?.liveAt);
}
