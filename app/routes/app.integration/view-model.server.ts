import { syncHeadline } from "~/components/integration/sync-headline";
import { integrationFact } from "~/guide/facts";
import { OPTIONAL_SCOPES, REQUIRED_SCOPES, latestSummary, summaryAndReadiness } from "~/integration/summary.server";
import { loadReturnSettings } from "~/return-settings/return-settings.server";
import { sekoClients } from "~/seko/connection.server";
import { uploadSummary } from "~/seko/order-upload.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { refusedOrders } from "~/shopify/products.server";
import { integrationRecords, syncSettings } from "~/shopify/sync-view.server";

/** What step 5 shows: the order sync, the summary for SEKO, product readiness, orders sent and refused, access, webhooks. */
export async function integrationView(shop: string, graphql: AdminGraphql, refusedPage: number) {
  const offered = (await loadReturnSettings(shop)).countries;
  const [fact, summary, upload, { summary: preview, toFix, readinessAsOf, sync, webhooks }, settings, clients, refused] = await Promise.all([
    integrationRecords(shop).then(integrationFact),
    latestSummary(shop),
    uploadSummary(shop),
    summaryAndReadiness(shop, graphql, { offered, readinessDuringImport: "reuse" }),
    syncSettings(shop),
    sekoClients(shop),
    refusedOrders(shop, refusedPage),
  ]);
  return {
    shop,
    sync,
    syncHeadline: syncHeadline(sync.status, sync.ordersStored),
    webhooks,
    fact,
    summary,
    upload: { ...upload, connected: Boolean(clients.omnirps) },
    preview,
    toFix,
    readinessAsOf,
    offered,
    refused,
    summaryConfirmed: settings.summaryConfirmed,
    nonReturnableTags: settings.nonReturnableTags,
    scopes: { granted: preview.access.granted, required: REQUIRED_SCOPES, optional: OPTIONAL_SCOPES },
  };
}
