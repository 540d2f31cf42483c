/**
 * The address a customer is sent to for a return on one order: the merchant's SEKO returns portal
 * with the prefill the Storefront page configured (the same parameter names the theme link uses).
 * What SEKO's portal accepts is unknown (docs/customer-accounts.md): without parameter names the
 * address goes as saved. Pure.
 */
import { isPortalUrl, type StorefrontLink } from "~/storefront/link";

export function portalLinkFor(link: Pick<StorefrontLink, "portalUrl" | "orderParam" | "emailParam">, order: { name: string; email: string | null }): string | null {
  if (!link.portalUrl || !isPortalUrl(link.portalUrl)) return null;
  const url = new URL(link.portalUrl);
  if (link.orderParam) url.searchParams.set(link.orderParam, order.name);
  if (link.emailParam && order.email) url.searchParams.set(link.emailParam, order.email);
  return url.toString();
}
