import { Prisma } from "@prisma/client";
import { createSubmission, submissionDownload } from "~/outbox/submissions.server";
import { recordActivity } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import { staffDirectory } from "~/utils/staff.server";
import type { IntegrationMarketsQuery, IntegrationShopQuery } from "~/types/admin.generated";
import { typed, type AdminGraphql } from "~/shopify/admin.server";
import { callShopify } from "~/shopify/background-admin.server";
import { grantedScopes } from "~/shopify/backfill.server";
import { SUMMARY_FORM, syncView, webhookActivity } from "~/shopify/sync-view.server";
import { productReadiness } from "~/shopify/products.server";

/**
 * The summary SEKO used to get as the "Shopify Integration Document": the
 * shop, its warehouses, currencies and markets, order volume, product counts
 * and data readiness. Delivered like every other on-boarding submission
 * (app/outbox/submissions.server.ts: email to the account manager with the
 * JSON attached, downloadable in the app).
 */

export const OPTIONAL_SCOPES = [
  { handle: "read_all_orders", label: "All orders", why: "Import orders older than 60 days, for return windows longer than that." },
  { handle: "read_markets", label: "Markets", why: "List the countries and currencies you sell in from your Shopify Markets." },
  { handle: "write_returns", label: "Returns", why: "Show SEKO's returns in Shopify as native returns, when you turn it on in Settings." },
] as const;

export const REQUIRED_SCOPES = [
  { handle: "read_orders", label: "Orders", why: "Sync orders so SEKO can match returns to them." },
  { handle: "read_products", label: "Products", why: "SKUs, titles, images and tags on order rows; HS codes, country of origin and weights for international labels." },
  { handle: "read_locations", label: "Locations", why: "Your warehouses, for SEKO's set-up." },
  { handle: "read_locales", label: "Languages", why: "Your store's published languages, for customer emails in each of them." },
  { handle: "read_legal_policies", label: "Policies", why: "Your refund policy, linked from the returns portal." },
  { handle: "read_customers", label: "Customers", why: "Which customer placed each order (the customer's id only), so customers can start a return from their orders in their account." },
] as const;

const SHOP_QUERY = `#graphql
  query IntegrationShop {
    shop { name myshopifyDomain currencyCode enabledPresentmentCurrencies shipsToCountries shopAddress { countryCodeV2 } }
    locations(first: 50) { nodes { name isActive fulfillsOnlineOrders address { city countryCode } } }
  }
`;

// 10 markets of 75 countries each keeps the query under Shopify's 1,000-point limit (about 800).
const MARKETS_QUERY = `#graphql
  query IntegrationMarkets {
    markets(first: 10) {
      nodes {
        name
        status
        currencySettings { baseCurrency { currencyCode } }
        conditions { regionsCondition { regions(first: 75) { nodes { ... on MarketRegionCountry { code } } pageInfo { hasNextPage } } } }
      }
      pageInfo { hasNextPage }
    }
  }
`;

export type ShopFacts = IntegrationShopQuery & {
  scopes: string[];
  markets: { name: string; currency: string | null; countries: string[] }[] | null;
  /** More markets, or more countries in a market, than one query reads: the list is a start, not all. */
  marketsIncomplete: boolean;
};

export async function shopFacts(graphql: AdminGraphql): Promise<ShopFacts> {
  const [facts, scopes] = await Promise.all([callShopify(graphql, SHOP_QUERY, typed<IntegrationShopQuery>()), grantedScopes(graphql)]);
  let markets: ShopFacts["markets"] = null;
  let marketsIncomplete = false;
  if (scopes.includes("read_markets")) {
    const result = await callShopify(graphql, MARKETS_QUERY, typed<IntegrationMarketsQuery>());
    const active = result.markets.nodes.filter((m) => m.status === "ACTIVE");
    marketsIncomplete = result.markets.pageInfo.hasNextPage || active.some((m) => m.conditions?.regionsCondition?.regions.pageInfo.hasNextPage);
    markets = active.map((m) => ({
      name: m.name,
      currency: m.currencySettings?.baseCurrency.currencyCode ?? null,
      countries: (m.conditions?.regionsCondition?.regions.nodes ?? []).map((r) => ("code" in r ? r.code : "")).filter(Boolean),
    }));
  }
  return { ...facts, scopes, markets, marketsIncomplete };
}

/**
 * The shop's order volume and sold catalogue. The four order counts are one pass over the shop's
 * orders (`COUNT(*) FILTER`, the same statement on SQLite and Postgres), not four: on a
 * 100,000-order shop each count reads them all.
 */
export async function orderVolume(shop: string, now: Date) {
  const day = 86_400_000;
  const since = (days: number) => new Date(now.getTime() - days * day);
  const [[orders], skus, products] = await Promise.all([
    db.$queryRaw<Record<"stored" | "last30" | "last60" | "fulfilled", bigint | number>[]>(Prisma.sql`
      SELECT COUNT(*) AS "stored",
        COUNT(*) FILTER (WHERE "processedAt" >= ${since(30)}) AS "last30",
        COUNT(*) FILTER (WHERE "processedAt" >= ${since(60)}) AS "last60",
        COUNT("fulfilledAt") AS "fulfilled"
      FROM "Order" WHERE "shop" = ${shop}`),
    db.syncedVariant.count({ where: { shop } }),
    db.syncedVariant.groupBy({ by: ["productId"], where: { shop } }).then((rows) => rows.length),
  ]);
  const last30 = Number(orders?.last30 ?? 0);
  return {
    ordersSynced: Number(orders?.stored ?? 0),
    ordersLast30Days: last30,
    ordersLast60Days: Number(orders?.last60 ?? 0),
    averageOrdersPerDay: Math.round((last30 / 30) * 10) / 10,
    ordersFulfilled: Number(orders?.fulfilled ?? 0),
    productsSold: products,
    skusSold: skus,
  };
}

/**
 * What the merchant answered in step 1, as plain data: the countries returns are offered from (empty: not answered yet,
 * and then every country counts). `readinessDuringImport`: "reuse" for a page, which may show the product readiness as
 * last computed while the order sync imports (`productReadiness`); the summary sent to SEKO is always computed afresh.
 */
export type SummaryOptions = { offered?: string[]; now?: Date; readinessDuringImport?: "compute" | "reuse" };

export async function buildSummary(shop: string, graphql: AdminGraphql, options: SummaryOptions = {}) {
  return (await summaryAndReadiness(shop, graphql, options)).summary;
}

/**
 * The summary, and what the step 5 page shows beside it: the readiness detail (which variants to fix;
 * SEKO does not need it), the sync state and the webhook activity the summary was built from.
 */
export async function summaryAndReadiness(shop: string, graphql: AdminGraphql, { offered = [], now = new Date(), readinessDuringImport = "compute" }: SummaryOptions = {}) {
  const facts = await shopFacts(graphql);
  const [volume, sync, webhooks, readiness] = await Promise.all([
    orderVolume(shop, now),
    syncView(shop, now),
    webhookActivity(shop),
    productReadiness(shop, { shopCountry: facts.shop.shopAddress.countryCodeV2 ?? null, offered }, { duringImport: readinessDuringImport }),
  ]);
  const locations = facts.locations.nodes
    .filter((l) => l.isActive)
    .map((l) => ({ name: l.name, city: l.address.city ?? null, country: l.address.countryCode ?? null, fulfilsOnlineOrders: l.fulfillsOnlineOrders }));
  const countries = facts.markets ? [...new Set(facts.markets.flatMap((m) => m.countries))] : facts.shop.shipsToCountries;
  const summary = {
    shop: {
      domain: facts.shop.myshopifyDomain,
      name: facts.shop.name,
      currency: facts.shop.currencyCode,
      // The other currencies the shop sells in, each once: Shopify's list includes the shop's own currency.
      currencies: [...new Set(facts.shop.enabledPresentmentCurrencies)].filter((code) => code !== facts.shop.currencyCode),
      country: facts.shop.shopAddress.countryCodeV2 ?? null,
    },
    access: { granted: facts.scopes, optionalMissing: OPTIONAL_SCOPES.map((s) => s.handle).filter((h) => !facts.scopes.includes(h)) },
    locations,
    markets: facts.markets,
    marketsIncomplete: facts.marketsIncomplete,
    countriesSoldTo: countries,
    orderVolume: volume,
    sync: { status: sync.status, coveredSince: sync.since, finishedAt: sync.finishedAt, lastReconciledAt: sync.lastReconciledAt },
    webhooks,
    productReadiness: {
      skusSold: readiness.skusSold,
      skusMissingData: readiness.incomplete,
      shareMissing: Math.round(readiness.incompleteShare * 1000) / 10,
      byCountry: readiness.byCountry.map((c) => ({ ...c, incompleteShare: Math.round(c.incompleteShare * 1000) / 10 })),
    },
  };
  return { summary, toFix: readiness.toFix, readinessAsOf: { asOf: readiness.asOf, updating: readiness.updating }, sync, webhooks };
}

export type IntegrationSummary = Awaited<ReturnType<typeof buildSummary>>;

function summaryText(summary: IntegrationSummary) {
  const v = summary.orderVolume;
  return [
    `Shop: ${summary.shop.name} (${summary.shop.domain}), currency ${summary.shop.currency}${summary.shop.currencies.length ? `; also sells in ${summary.shop.currencies.join(", ")}` : ""}.`,
    `Warehouses: ${summary.locations.map((l) => `${l.name} (${[l.city, l.country].filter(Boolean).join(", ")})`).join("; ") || "none"}.`,
    `Countries sold to: ${summary.countriesSoldTo.join(", ") || "unknown"}${summary.markets ? ` (markets: ${summary.markets.map((m) => m.name).join(", ")}${summary.marketsIncomplete ? "; there are more than listed" : ""})` : ""}.`,
    `Orders synced: ${v.ordersSynced} (${v.ordersLast30Days} in the last 30 days, about ${v.averageOrdersPerDay} a day); ${v.ordersFulfilled} fulfilled.`,
    `Products sold: ${v.productsSold}, SKUs sold: ${v.skusSold}.`,
    `SKUs missing what a return label needs (HS code, country of origin and weight across a border; weight at home): ${summary.productReadiness.skusMissingData} of ${summary.productReadiness.skusSold} (${summary.productReadiness.shareMissing}%).`,
    `Order sync: ${summary.sync.status}${summary.sync.coveredSince ? `, orders since ${summary.sync.coveredSince.slice(0, 10)}` : ", all orders"}; order webhooks subscribed: ${summary.webhooks.map((w) => w.topic).join(", ")}.`,
  ].join("\n");
}

/** Builds the summary and hands it to the on-boarding delivery (email to SEKO, stored for download). */
export async function submitSummary(shop: string, graphql: AdminGraphql, submittedBy: string, options: SummaryOptions = {}) {
  const [summary, staff] = await Promise.all([buildSummary(shop, graphql, options), staffDirectory(shop)]);
  const result = await createSubmission(shop, SUMMARY_FORM, submittedBy, (version, submittedAt) => ({
    documentName: "Shopify integration summary",
    summaryText: summaryText(summary),
    version,
    submittedAt: submittedAt.toISOString(),
    // SEKO's account manager answers a person, not a Shopify user id.
    submittedBy: staff.person(submittedBy),
    ...summary,
  }));
  await recordActivity(shop, {
    kind: "summary.sent",
    actor: submittedBy,
    action: result.status === "sent" ? "Sent the integration summary to SEKO" : "Saved the integration summary for SEKO",
    detail: result.status === "sent" ? `Version ${result.version}` : `Version ${result.version}; the email has not gone yet`,
  });
  return result;
}

export async function latestSummary(shop: string) {
  const row = await db.onboardingSubmission.findFirst({ where: { shop, form: SUMMARY_FORM }, orderBy: { version: "desc" } });
  if (!row) return null;
  return {
    id: row.id,
    version: row.version,
    submittedAt: row.submittedAt.toISOString(),
    deliveryStatus: row.deliveryStatus,
    deliveryError: row.deliveryError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

export async function summaryFile(shop: string, id: string) {
  return submissionDownload(shop, id);
}

/** After the merchant answered a scope request: what Shopify reports for the installation, not what the browser said. */
export async function refreshGrantedScopes(shop: string, graphql: AdminGraphql) {
  const scopes = await grantedScopes(graphql);
  await db.shop.updateMany({ where: { shop }, data: { scopes: scopes.join(",") } });
  return scopes;
}

/** When email delivery is unavailable: the merchant downloaded the summary and gave it to SEKO. */
export async function confirmSummaryHandedOver(shop: string, by: string) {
  await db.orderSyncState.upsert({
    where: { shop },
    create: { shop, summaryConfirmedAt: new Date(), summaryConfirmedBy: by },
    update: { summaryConfirmedAt: new Date(), summaryConfirmedBy: by },
  });
}
