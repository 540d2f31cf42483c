import { createHmac, randomUUID } from "node:crypto";

/**
 * A Shopify session token as App Bridge gets one from the admin: an HS256 JWT
 * signed with the app's secret, valid for 60 seconds. The app validates it
 * with Shopify's own library, exactly as in production.
 */
export function signSessionToken(options: { shop: string; apiKey: string; apiSecret: string; userId?: string; lifetimeSeconds?: number; now?: number }) {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const header = { alg: "HS256", typ: "JWT" };
  const payload = {
    iss: `https://${options.shop}/admin`,
    dest: `https://${options.shop}`,
    aud: options.apiKey,
    sub: options.userId ?? "72015740983",
    exp: now + (options.lifetimeSeconds ?? 60),
    nbf: now - 1,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode(header)}.${encode(payload)}`;
  const signature = createHmac("sha256", options.apiSecret).update(unsigned).digest("base64url");
  return `${unsigned}.${signature}`;
}
