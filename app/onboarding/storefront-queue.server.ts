import { enqueueJob } from "~/utils/jobs.server";

/**
 * Asks for the storefront metafields to be brought in line (the `storefront` job,
 * app/onboarding/storefront.server.ts). Apart from that module so step 10 can queue it without
 * importing what itself reads the go-live state.
 */
export async function queueStorefrontSync(shop: string) {
  await enqueueJob({ shop, kind: "storefront" });
}
