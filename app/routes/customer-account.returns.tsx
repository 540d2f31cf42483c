/**
 * GET /customer-account/returns?order=gid://shopify/Order/<id>: what the customer-account extension
 * shows for one order (eligibility, portal link, return status). Authenticated by the extension's
 * session token (`sub` is the customer, `dest` the shop; any other token, an admin one included, gets
 * the same 401 as none); answers only for that customer's orders in that shop, rate limited per
 * customer. docs/customer-accounts.md, decision 016.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withCors } from "~/customer-account/cors.server";
import { customerFromToken, notAuthenticated, orderIdFrom, RETURNS_LIMIT } from "~/customer-account/request.server";
import { orderReturnsFor } from "~/customer-account/order-returns.server";
import { authenticate } from "~/shopify.server";

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "private, no-store", ...headers } });

async function answer(request: Request): Promise<Response> {
  try {
    // Answers an OPTIONS preflight (204 with CORS headers) by throwing it.
    const { sessionToken } = await authenticate.public.customerAccount(request);
    const caller = customerFromToken(sessionToken);
    // An admin session token verifies too: only a customer's token is let through (request.server.ts).
    if (!caller) return notAuthenticated();
    if (request.method !== "GET") return json({ error: "Method not allowed" }, 405, { allow: "GET, OPTIONS" });
    const limit = RETURNS_LIMIT.take(`${caller.shop} ${caller.customerId}`);
    if (!limit.ok) return json({ error: "Too many requests: try again shortly." }, 429, { "retry-after": String(limit.retryAfterSeconds) });
    const orderId = orderIdFrom(new URL(request.url));
    if (!orderId) return json({ error: "Name an order: ?order=gid://shopify/Order/<id>." }, 400);
    const result = await orderReturnsFor(caller.shop, caller.customerId, orderId);
    return result ? json(result) : json({ error: "Order not found." }, 404);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export const loader = async ({ request }: LoaderFunctionArgs) => withCors(request, await answer(request));
// Remix sends every method but GET and HEAD to the action: here, the OPTIONS preflight.
export const action = async ({ request }: ActionFunctionArgs) => withCors(request, await answer(request));
