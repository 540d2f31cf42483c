/**
 * Keeps the storefront returns link's app-data metafields in step with the app: the portal URL and
 * prefill parameter names the merchant saves on the Storefront page, whether a portal is set (what
 * the blocks' `available_if` reads), and the go-live state (what the Liquid waits for). The
 * metafields are the only store of the link's settings (Shopify keeps them; nothing is copied into
 * the database), so what the page shows is what the storefront renders. docs/decisions/013.
 */
import type { SyncJob } from "@prisma/client";
import { enqueueJob } from "~/utils/job-queue.server";
import { APP_ACTOR } from "~/utils/staff.server";
import { recordActivity } from "~/utils/activity.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { readAppMetafields, writeAppMetafields } from "~/shopify/app-metafields.server";
import { adminFor } from "~/shopify/background-admin.server";
import { goLiveState } from "~/launch/go-live.server";
import { linkFromMetafields, metafieldChanges, STOREFRONT_NAMESPACE, type StorefrontLink, type StorefrontLinkInput } from "./link";

/**
 * The link as the storefront sees it, after bringing the go-live metafield in line with the app's
 * go-live state (and `portal_set` with the portal address) when they differ (so a page that shows the link never shows a stale state).
 */
export async function syncStorefrontLink(shop: string, graphql: AdminGraphql): Promise<StorefrontLink> {
  const [current, live] = await Promise.all([readAppMetafields(graphql, STOREFRONT_NAMESPACE), goLiveState(shop).then((state) => state.live)]);
  const link = linkFromMetafields(current.values);
  // `portal_set` (what the blocks' available_if reads) is brought in line too, for links saved before it existed.
  const portalSetInLine = (current.values.portal_set === "true") === (link.portalUrl !== null);
  if (link.live === live && portalSetInLine) return link;
  const wanted = { ...link, live };
  await writeAppMetafields(graphql, current.installationId, STOREFRONT_NAMESPACE, metafieldChanges(current.values, wanted));
  if (link.live === live) return wanted;
  await recordActivity(shop, {
    kind: "storefront.saved",
    actor: APP_ACTOR,
    action: live ? "Returns link shown on the storefront (returns are live)" : "Returns link hidden on the storefront (returns are not live)",
  });
  return wanted;
}

/** Saves the merchant's portal URL and prefill parameters to the metafields (with the go-live state). */
export async function saveStorefrontLink(shop: string, graphql: AdminGraphql, input: StorefrontLinkInput, by: string): Promise<StorefrontLink> {
  const [current, live] = await Promise.all([readAppMetafields(graphql, STOREFRONT_NAMESPACE), goLiveState(shop).then((state) => state.live)]);
  const wanted: StorefrontLink = { ...input, live };
  const changes = metafieldChanges(current.values, wanted);
  if (!changes.set.length && !changes.remove.length) return wanted;
  await writeAppMetafields(graphql, current.installationId, STOREFRONT_NAMESPACE, changes);
  await recordActivity(shop, {
    kind: "storefront.saved",
    actor: by,
    action: input.portalUrl ? "Returns portal link saved for the storefront" : "Returns portal link removed from the storefront",
    detail: input.portalUrl,
  });
  return wanted;
}

// For code that changes the go-live state (step 10): the storefront follows in the background with
// the shop's offline token, retried by the job queue if Shopify is unreachable.
export async function queueStorefrontSync(shop: string) {
  await enqueueJob({ shop, kind: "storefront" });
}

export async function storefrontJob(job: SyncJob): Promise<void> {
  await syncStorefrontLink(job.shop, await adminFor(job.shop));
}
