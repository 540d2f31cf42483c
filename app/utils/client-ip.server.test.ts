import { describe, expect, test } from "vitest";
import { parseEnv } from "./env.server";
import { clientIp } from "./client-ip.server";

const request = (headers: Record<string, string>) => new Request("https://seko-returns.test/app/steps/contracts", { method: "POST", headers });

describe("the signer's address", () => {
  test("without a trusted proxy, X-Forwarded-For and friends are the client's own words and are ignored", () => {
    const forged = request({ "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.8", "cf-connecting-ip": "203.0.113.9" });
    expect(clientIp(forged, 0)).toBe("unknown");
  });

  test("with trusted proxies, the entry that many hops from the right is the address our proxy saw", () => {
    // The client sent "198.51.100.66"; our one proxy appended the address it really saw.
    expect(clientIp(request({ "x-forwarded-for": "198.51.100.66, 203.0.113.7" }), 1)).toBe("203.0.113.7");
    // A CDN in front of the load balancer: two hops, the CDN saw the client.
    expect(clientIp(request({ "x-forwarded-for": "198.51.100.66, 203.0.113.7, 10.0.0.3" }), 2)).toBe("203.0.113.7");
    expect(clientIp(request({ "x-forwarded-for": "2001:db8::1" }), 1)).toBe("2001:db8::1");
  });

  test("says unknown when the proxies did not report an address", () => {
    expect(clientIp(request({}), 1)).toBe("unknown");
    expect(clientIp(request({ "x-forwarded-for": "203.0.113.7" }), 2)).toBe("unknown");
    expect(clientIp(request({ "x-forwarded-for": "not-an-address" }), 1)).toBe("unknown");
  });

  test("TRUSTED_PROXY_HOPS defaults to no proxy and must be a small whole number", () => {
    const base = {
      SHOPIFY_API_KEY: "key",
      SHOPIFY_API_SECRET: "secret",
      SHOPIFY_APP_URL: "https://app.example.com",
      DATABASE_URL: "file:./dev.sqlite",
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    };
    expect(parseEnv(base).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnv({ ...base, TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
    for (const bad of ["-1", "1.5", "many", "99"]) expect(() => parseEnv({ ...base, TRUSTED_PROXY_HOPS: bad })).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
