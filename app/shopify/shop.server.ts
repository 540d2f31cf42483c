import { db } from "~/utils/db.server";

/** Called after every token exchange: the shop is installed (again), with these scopes. */
export async function recordInstall(shop: string, scopes: string) {
  await db.shop.upsert({
    where: { shop },
    create: { shop, scopes },
    update: { scopes, uninstalledAt: null },
  });
}
