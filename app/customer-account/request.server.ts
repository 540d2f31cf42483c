/**
 * Reading the customer-account extension's request: who is asking (from the verified session
 * token) and about which order. docs/customer-accounts.md.
 */
import type { JwtPayload } from "@shopify/shopify-api";
import { rateLimiter } from "~/utils/rate-limit.server";

/** Per customer: a page view asks once per target, a generous margin for reloads (decision 016). */
export const RETURNS_LIMIT = rateLimiter({ limit: 30, windowMs: 60_000 });

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d+$/;
const ORDER_GID = /^gid:\/\/shopify\/Order\/\d+$/;
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * The shop (the token's `dest`) and customer (its `sub`, a Customer GID) of a verified token; null
 * when the buyer is not logged in (no `sub`) or either is not what Shopify issues.
 */
export function customerFromToken(token: Pick<JwtPayload, "dest" | "sub">): { shop: string; customerId: string } | null {
  let shop: string;
  try {
    shop = new URL(token.dest.includes("://") ? token.dest : `https://${token.dest}`).hostname;
  } catch {
    return null;
  }
  const sub = typeof token.sub === "string" ? token.sub.trim() : "";
  const customerId = /^\d+$/.test(sub) ? `gid://shopify/Customer/${sub}` : sub;
  if (!SHOP_DOMAIN.test(shop) || !CUSTOMER_GID.test(customerId)) return null;
  return { shop, customerId };
}

export function orderIdFrom(url: URL): string | null {
  const order = url.searchParams.get("order")?.trim() ?? "";
  if (ORDER_GID.test(order)) return order;
  return /^\d{1,20}$/.test(order) ? `gid://shopify/Order/${order}` : null;
}
