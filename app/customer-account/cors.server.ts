/**
 * CORS for the customer-account extension's calls: the extension runs in Shopify's sandbox on
 * another origin and sends its session token as a bearer header (no cookies), so any origin may
 * read the answer. The same headers `authenticate.public.customerAccount`'s `cors` sets, applied
 * to every answer, refusals included: a 401 or 429 without them reaches the extension as an opaque
 * network error instead of a status it can act on.
 */
export function withCors(request: Request, response: Response): Response {
  if (!request.headers.get("Origin")) return response;
  response.headers.set("Access-Control-Allow-Origin", "*");
  response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  response.headers.set("Access-Control-Expose-Headers", "Retry-After");
  response.headers.set("Vary", "Origin");
  return response;
}
