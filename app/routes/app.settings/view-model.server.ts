import { allAnswers } from "~/forms/answers";
import { loadFormState } from "~/forms/form-state.server";
import { retailerNameSuggestion } from "~/forms/retailer-name";
import { getSekoConfig, listConnections } from "~/seko/connection.server";
import { getTrackingEndpoint, recentTrackingEvents } from "~/seko/tracking-receiver.server";
import { testConsignments } from "~/test-returns/test-returns.server";

/** What the Settings page shows a shop: its SEKO connection, the tracking webhook, Shopify access. */
export async function settingsView(session: { shop: string; scope?: string }) {
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
    retailerSuggestion: retailerNameSuggestion(connections, allAnswers(onboarding)),
    tracking,
    // Test returns' events are tagged: they are never a live return (step 9).
    events: events.map((event) => ({ ...event, test: testSet.has(event.consignmentNo) })),
  };
}
