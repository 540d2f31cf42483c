/**
 * Adds origins to the `frame-ancestors` directive Shopify's library sets.
 * Production leaves FRAME_ANCESTORS empty; the offline demo lists its
 * simulated admin so the browser lets it frame the app, as admin.shopify.com
 * does in production.
 */
export function allowFrameAncestors(headers: Headers, origins: readonly string[]) {
  if (origins.length === 0) return;
  const policy = headers.get("Content-Security-Policy");
  if (!policy) return;
  const updated = policy.replace(/frame-ancestors ([^;]*)/, (_, list: string) => `frame-ancestors ${list} ${origins.join(" ")}`);
  headers.set("Content-Security-Policy", updated);
}
