/**
 * The OmniRPS retailer name to offer before the merchant types one: the name
 * SEKO already accepted in the other environment, else the name SEKO issued
 * when the app knows it (only the offline demo does: its simulated SEKO's
 * account), else step 1's legal or trading name. Pure: the settings page's
 * loader feeds it plain data.
 */
import type { Answers } from "./answers";

export type RetailerSuggestion = { name: string; source: string };

export function retailerNameSuggestion(
  connections: readonly { system: string; environment: string; retailerName: string | null }[],
  step1: Answers,
  issued?: { name: string; source: string } | null,
): RetailerSuggestion | null {
  const known = connections.find((connection) => connection.system === "omnirps" && connection.retailerName);
  if (known?.retailerName) return { name: known.retailerName, source: `the name OmniRPS accepted for ${known.environment}` };
  if (issued) return issued;
  const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);
  const legal = text(step1.legalName);
  if (legal) return { name: legal, source: "the legal entity name in your on-boarding form" };
  const trading = text(step1.tradingName);
  if (trading) return { name: trading, source: "the trading name in your on-boarding form" };
  return null;
}
