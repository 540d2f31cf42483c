/**
 * What the customer-account extension shows for one order: whether a return can start, where to
 * (the portal link), and the status of the return already made. Answers only for an order of that
 * customer in that shop; anything else is "not found", so the answer never tells whether an order
 * exists elsewhere. docs/customer-accounts.md.
 */
import { loadFormState } from "~/forms/form-state.server";
import { goLiveState } from "~/launch/go-live.server";
import { linkFromMetafields, STOREFRONT_NAMESPACE, type StorefrontLink } from "~/storefront/link";
import { returnSettings } from "~/return-settings/return-settings";
import { testConsignments } from "~/test-returns/test-returns.server";
import { canonicalOrderNumber } from "~/seko/order-number";
import { readAppMetafields } from "~/shopify/app-metafields.server";
import { adminFor } from "~/shopify/background-admin.server";
import { db } from "~/utils/db.server";
import { eligibility, type Eligibility } from "./eligibility";
import { portalLinkFor } from "./portal-link";
import { customerReturnStatus, type CustomerReturnStatus } from "./return-status";

export type OrderReturnsAnswer = {
  order: { id: string; name: string };
  eligibility: Eligibility;
  /** Where "Start a return" goes; only when the order is eligible. */
  portalUrl: string | null;
  status: CustomerReturnStatus | null;
};

/** The storefront link's settings as the shop's metafields hold them (read with the offline token). */
async function storefrontLink(shop: string): Promise<StorefrontLink> {
  return linkFromMetafields((await readAppMetafields(await adminFor(shop), STOREFRONT_NAMESPACE)).values);
}

/** Null when the order is not this customer's in this shop (or does not exist). */
export async function orderReturnsFor(shop: string, customerId: string, orderId: string, now = new Date()): Promise<OrderReturnsAnswer | null> {
  const order = await db.order.findFirst({
    where: { shop, shopifyId: orderId, customerId },
    select: { shopifyId: true, name: true, email: true, processedAt: true, orderCreatedAt: true, fulfilledAt: true, cancelledAt: true, shipCountry: true },
  });
  if (!order) return null;
  const orderKey = canonicalOrderNumber(order.name);
  const [live, onboarding, shipments, tests] = await Promise.all([
    goLiveState(shop),
    loadFormState(shop, "onboarding"),
    orderKey ? db.returnShipment.findMany({ where: { shop, orderKey }, select: { consignmentNo: true, trackingNo: true, status: true, lastEventAt: true } }) : [],
    testConsignments(shop),
  ]);
  // Shopify is asked only once the cheaper rules pass: an order that cannot be returned needs no link.
  const settings = returnSettings(onboarding);
  const rules = { returnWindowDays: settings.windowDays, countries: settings.countries, live: live.live };
  const facts = { placedAt: order.orderCreatedAt ?? order.processedAt, fulfilledAt: order.fulfilledAt, cancelledAt: order.cancelledAt, shipCountry: order.shipCountry };
  let verdict = eligibility(facts, { ...rules, portalSet: true }, now);
  let portalUrl: string | null = null;
  if (verdict.eligible) {
    portalUrl = portalLinkFor(await storefrontLink(shop), order);
    if (!portalUrl) verdict = eligibility(facts, { ...rules, portalSet: false }, now);
  }
  return {
    order: { id: order.shopifyId, name: order.name },
    eligibility: verdict,
    portalUrl,
    status: customerReturnStatus(shipments, new Set(tests)),
  };
}

/**
 * The admin's preview of the return-status block for one consignment: what the block would show if
 * it were a live return. Test returns are never shown to customers, so this is where a merchant sees
 * the block's data for one (the test return's page).
 */
export async function statusPreview(shop: string, consignmentNo: string): Promise<CustomerReturnStatus | null> {
  const rows = await db.returnShipment.findMany({ where: { shop, consignmentNo }, select: { consignmentNo: true, trackingNo: true, status: true, lastEventAt: true } });
  return customerReturnStatus(rows, new Set());
}
