import { db } from "~/utils/db.server";

/**
 * Step 3 is SEKO's: it is done when the app holds working SEKO credentials
 * (the SEKO connection's Settings section writes SekoCredential and checks it).
 */
export async function sekoConnection(shop: string): Promise<{ system: string; connectedAt: string } | null> {
  const credential = await db.sekoCredential.findFirst({
    where: { shop, status: "connected" },
    orderBy: { checkedAt: "asc" },
    select: { system: true, checkedAt: true, updatedAt: true },
  });
  if (!credential) return null;
  return { system: credential.system, connectedAt: (credential.checkedAt ?? credential.updatedAt).toISOString() };
}
