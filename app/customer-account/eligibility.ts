/**
 * Whether a customer can start a return on an order from their customer account, as pure rules
 * (issue 16): fulfilled and not cancelled, inside the return window step 1 configured, shipped to a
 * country returns are offered from, after go-live, and with a portal to send them to. No I/O
 * (order-returns.server.ts gathers the inputs; docs/customer-accounts.md).
 */

export type EligibilityOrder = {
  /** When the order was placed (Shopify's createdAt, else processedAt): the return window counts from it. */
  placedAt: Date;
  fulfilledAt: Date | null;
  cancelledAt: Date | null;
  /** ISO-2 country the order shipped to; null when the order has no shipping address. */
  shipCountry: string | null;
};

export type EligibilityRules = {
  /** Step 1's "Days allowed to return": 0 means no limit; null when step 1 has no answer yet. */
  returnWindowDays: number | null;
  /** Step 1's countries returns are offered from (ISO-2). */
  countries: string[];
  /** Step 10's go-live (goLiveState). */
  live: boolean;
  /** Whether the Storefront page has a returns portal address. */
  portalSet: boolean;
};

/** Why an order cannot be returned, in the order a customer would want to hear it. */
export type IneligibleReason = "not_live" | "no_portal" | "cancelled" | "not_fulfilled" | "no_window" | "window_closed" | "country_not_offered";

export type Eligibility = { eligible: true; returnBy: string | null } | { eligible: false; reason: IneligibleReason };

const DAY_MS = 86_400_000;

/** The last moment a return may start (ISO), or null without a limit. */
export function returnDeadline(placedAt: Date, windowDays: number): Date | null {
  return windowDays === 0 ? null : new Date(placedAt.getTime() + windowDays * DAY_MS);
}

export function eligibility(order: EligibilityOrder, rules: EligibilityRules, now: Date): Eligibility {
  if (!rules.live) return { eligible: false, reason: "not_live" };
  if (!rules.portalSet) return { eligible: false, reason: "no_portal" };
  if (order.cancelledAt) return { eligible: false, reason: "cancelled" };
  if (!order.fulfilledAt) return { eligible: false, reason: "not_fulfilled" };
  const days = rules.returnWindowDays;
  if (days === null || !Number.isInteger(days) || days < 0) return { eligible: false, reason: "no_window" };
  const deadline = returnDeadline(order.placedAt, days);
  if (deadline && now.getTime() > deadline.getTime()) return { eligible: false, reason: "window_closed" };
  const country = order.shipCountry?.trim().toUpperCase();
  if (!country || !rules.countries.map((code) => code.toUpperCase()).includes(country)) return { eligible: false, reason: "country_not_offered" };
  return { eligible: true, returnBy: deadline?.toISOString() ?? null };
}
