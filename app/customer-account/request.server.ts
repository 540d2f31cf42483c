/**
 * Reading the customer-account extension's request: who is asking (from the verified session
 * token) and about which order. docs/customer-accounts.md.
 */
import type { JwtPayload } from "@shopify/shopify-api";
import { log } from "~/utils/logger.server";
import { rateLimiter } from "~/utils/rate-limit.server";

/** Per customer: a page view asks once per target, a generous margin for reloads (decision 016). */
export const RETURNS_LIMIT = rateLimiter({ limit: 30, windowMs: 60_000 });

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d+$/;
const ORDER_GID = /^gid:\/\/shopify\/Order\/\d+$/;
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * What a refused token's subject looked like, for the log (never the token, never the id itself):
 * an admin session token carries a staff user's id, as a number or a User GID.
 */
function subjectKind(sub: unknown): string {
  if (typeof sub !== "string" || sub === "") return "none";
  if (/^\d+$/.test(sub) || sub.startsWith("gid://shopify/User/")) return "staff user";
  return "not a customer GID";
}

/**
 * The shop (the token's `dest`) and customer (its `sub`) of a verified token, or null. The library
 * checks only the signature (`authenticate.public.customerAccount` skips the audience and the kind of
 * token), so an admin session token for the same shop verifies too; its `sub` is a staff user's id.
 * Only a `sub` that is exactly a Customer GID is a customer: no number read as one, no padding, no
 * other GID. A buyer who is not logged in has no `sub`. Each refusal is logged, without the token.
 */
export function customerFromToken(token: Pick<JwtPayload, "iss" | "dest" | "sub">): { shop: string; customerId: string } | null {
  let shop = "";
  try {
    shop = new URL(token.dest.includes("://") ? token.dest : `https://${token.dest}`).hostname;
  } catch {
    shop = "";
  }
  const customerId = typeof token.sub === "string" ? token.sub : "";
  if (SHOP_DOMAIN.test(shop) && CUSTOMER_GID.test(customerId)) return { shop, customerId };
  log.warn("customer account: session token refused", {
    shop: SHOP_DOMAIN.test(shop) ? shop : "unreadable",
    issuer: typeof token.iss === "string" && token.iss.endsWith("/admin") ? "admin" : "other",
    subject: subjectKind(token.sub),
  });
  return null;
}

/**
 * The one refusal of a caller who is not an identified customer: exactly what
 * `authenticate.public.customerAccount` throws for a missing or invalid token (401, no body), so a
 * verified token that is not a customer's cannot be told from a forged one.
 */
export const notAuthenticated = () => new Response(undefined, { status: 401, statusText: "Unauthorized" });

export function orderIdFrom(url: URL): string | null {
  const order = url.searchParams.get("order")?.trim() ?? "";
  if (ORDER_GID.test(order)) return order;
  return /^\d{1,20}$/.test(order) ? `gid://shopify/Order/${order}` : null;
}
