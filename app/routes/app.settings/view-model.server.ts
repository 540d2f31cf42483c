import { allAnswers } from "~/forms/answers";
import { loadFormState } from "~/forms/form-state.server";
import { retailerNameSuggestion } from "~/forms/retailer-name";
import { getSekoConfig, listConnections } from "~/seko/connection.server";
import { getTrackingEndpoint, recentTrackingEvents } from "~/seko/tracking-receiver.server";
import type { SekoEnvironment, SekoSystem } from "~/seko/config";
import type { ConnectionView } from "~/seko/connection.server";
import { testConsignments } from "~/test-returns/test-returns.server";
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

/** What the Settings page shows a shop: its SEKO connection, the tracking webhook, Shopify access. */
export async function settingsView(session: { shop: string; scope?: string }) {
  const demoKeys = env().SEKO_DEMO_KEYS;
  const [config, connections, tracking, events, onboarding, tests] = await Promise.all([
    getSekoConfig(session.shop),
    listConnections(session.shop),
    getTrackingEndpoint(session.shop),
    recentTrackingEvents(session.shop),
    loadFormState(session.shop, "onboarding"),
    testConsignments(session.shop),
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
  };
}
