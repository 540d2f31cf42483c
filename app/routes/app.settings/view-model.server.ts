import { allAnswers } from "~/forms/answers";
import { loadFormState } from "~/forms/form-state.server";
import { retailerNameSuggestion } from "~/forms/retailer-name";
import { getMirrorSettings } from "~/returns/mirror-settings.server";
import { getSekoConfig, listConnections } from "~/seko/connection.server";
import { getTrackingEndpoint, recentTrackingEvents } from "~/seko/tracking-receiver.server";
import type { SekoEnvironment, SekoSystem } from "~/seko/config";
import type { ConnectionView } from "~/seko/connection.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { grantedScopes } from "~/shopify/backfill.server";
import { stockLocations } from "~/shopify/locations.server";
import { RETURNS_SCOPE } from "~/shopify/returns.server";
import { testConsignments } from "~/test-returns/test-returns.server";
import { log } from "~/utils/logger.server";
import { env, type Env } from "~/utils/env.server";

type DemoKeys = NonNullable<Env["SEKO_DEMO_KEYS"]>;

/**
 * The offline demo's step 3 hint: the keys its simulated SEKO takes, named by the field they go
 * in, for each system not yet connected in the chosen environment (a connected key is never
 * shown again, docs/security.md). Null outside the demo: SEKO_DEMO_KEYS is refused anywhere
 * else (app/utils/env.server.ts).
 */
export function demoKeysHint(keys: DemoKeys | undefined, connections: readonly ConnectionView[], environment: SekoEnvironment) {
  if (!keys) return null;
  const connected = new Set(connections.filter((item) => item.environment === environment && item.status === "connected").map((item) => item.system));
  const fields: { system: SekoSystem; field: string; value: string }[] = [
    { system: "omnireturns", field: "OmniReturns access key", value: keys.omnireturns },
    { system: "omnirps", field: "OmniRPS token", value: keys.omnirps.token },
    { system: "omnirps", field: "Retailer name", value: keys.omnirps.retailerName },
    { system: "omniparcel", field: "OmniParcel access key", value: keys.omniparcel },
  ];
  return { fields: fields.filter((item) => !connected.has(item.system)) };
}

/**
 * The "Returns in Shopify" card: the saved setting, whether Shopify grants the returns scope now (so
 * the page asks for it before saving "on") and the active locations to restock at. What Shopify could
 * not answer is null and the card says so; the rest of the page still loads.
 */
export async function returnsInShopifyView(shop: string, graphql: AdminGraphql) {
  const unavailable = (what: string) => (error: unknown) => {
    log.warn(`settings: could not read ${what} from Shopify`, { shop, error: error instanceof Error ? error.message : String(error) });
    return null;
  };
  const [settings, scopes, locations] = await Promise.all([
    getMirrorSettings(shop),
    grantedScopes(graphql).catch(unavailable("the granted scopes")),
    stockLocations(graphql).catch(unavailable("the locations")),
  ]);
  const { updatedBy: _by, ...saved } = settings;
  return { ...saved, scope: RETURNS_SCOPE, granted: scopes?.includes(RETURNS_SCOPE) ?? false, locations };
}

/** What the Settings page shows a shop: its SEKO connection, the tracking webhook, Shopify access, returns in Shopify. */
export async function settingsView(session: { shop: string; scope?: string }, graphql: AdminGraphql) {
  const demoKeys = env().SEKO_DEMO_KEYS;
  const [config, connections, tracking, events, onboarding, tests, returnsInShopify] = await Promise.all([
    getSekoConfig(session.shop),
    listConnections(session.shop),
    getTrackingEndpoint(session.shop),
    recentTrackingEvents(session.shop),
    loadFormState(session.shop, "onboarding"),
    testConsignments(session.shop),
    returnsInShopifyView(session.shop, graphql),
  ]);
  const testSet = new Set(tests);
  return {
    shop: session.shop,
    scopes: (session.scope ?? "").split(",").filter(Boolean),
    environment: config.environment,
    overrides: {
      omniparcelBaseUrl: config.omniparcel.baseUrl ?? "",
      omnireturnsBaseUrl: config.omnireturns.baseUrl ?? "",
      omnirpsBaseUrl: config.omnirps.baseUrl ?? "",
      omniparcelAuthHeader: config.omniparcel.authHeader ?? "",
      omnireturnsAuthHeader: config.omnireturns.authHeader ?? "",
      omnirpsAuthHeader: config.omnirps.authHeader ?? "",
    },
    connections,
    // In the demo, the name its SEKO issued: step 1's legal name would be refused there.
    retailerSuggestion: retailerNameSuggestion(connections, allAnswers(onboarding), demoKeys ? { name: demoKeys.omnirps.retailerName, source: "the demo's SEKO account" } : null),
    demoKeys: demoKeysHint(demoKeys, connections, config.environment),
    tracking,
    // Test returns' events are tagged: they are never a live return (step 9).
    events: events.map((event) => ({ ...event, test: testSet.has(event.consignmentNo) })),
    returnsInShopify,
  };
}
