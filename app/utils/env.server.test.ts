import { describe, expect, test } from "vitest";
import { parseEnv } from "./env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://app.example.com",
  SCOPES: "read_orders, read_products",
  DATABASE_URL: "file:./dev.sqlite",
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

describe("environment", () => {
  test("parses lists and applies defaults", () => {
    const env = parseEnv(valid);
    expect(env.SCOPES).toEqual(["read_orders", "read_products"]);
    expect(env.FRAME_ANCESTORS).toEqual([]);
    expect(env.LOG_LEVEL).toBe("info");
  });

  test("names every problem at once, and treats empty values as unset", () => {
    expect(() => parseEnv({ ...valid, SHOPIFY_API_SECRET: "", ENCRYPTION_KEY: "c2hvcnQ=" })).toThrow(/SHOPIFY_API_SECRET[\s\S]*ENCRYPTION_KEY: must be 32 bytes/);
  });

  test("an empty optional value from .env.example is accepted as unset", () => {
    expect(parseEnv({ ...valid, APP_BRIDGE_URL: "" }).APP_BRIDGE_URL).toBeUndefined();
  });

  test("SEKO_HOST_ALLOWLIST takes bare host names only", () => {
    expect(parseEnv(valid).SEKO_HOST_ALLOWLIST).toEqual([]);
    expect(parseEnv({ ...valid, SEKO_HOST_ALLOWLIST: "SEKO-Gateway.example.com, returns.partner.example" }).SEKO_HOST_ALLOWLIST).toEqual(["seko-gateway.example.com", "returns.partner.example"]);
    for (const bad of ["https://seko.example.com", "seko.example.com:8443", "*.example.com", "10.0.0.5", "localhost", "seko.example.com/api"]) {
      expect(() => parseEnv({ ...valid, SEKO_HOST_ALLOWLIST: bad }), bad).toThrow(/SEKO_HOST_ALLOWLIST/);
    }
  });

  test("SEKO_DEMO_KEYS is taken only by an app on this machine (the offline demo), never by a deployment", () => {
    const keys = { omniparcel: "op_demo", omnireturns: "or_demo", omnirps: { token: "rps_demo", retailerName: "Demo Store" } };
    expect(parseEnv(valid).SEKO_DEMO_KEYS).toBeUndefined();
    for (const url of ["http://localhost:3000", "http://127.0.0.1:3100", "http://localhost"]) {
      expect(parseEnv({ ...valid, SHOPIFY_APP_URL: url, SEKO_DEMO_KEYS: JSON.stringify(keys) }).SEKO_DEMO_KEYS, url).toEqual(keys);
    }
    for (const url of ["https://app.example.com", "https://localhost.example.com", "http://localhost.example.com", "http://10.0.0.5:3000", "https://localhost:3000"]) {
      expect(() => parseEnv({ ...valid, SHOPIFY_APP_URL: url, SEKO_DEMO_KEYS: JSON.stringify(keys) }), url).toThrow(/SEKO_DEMO_KEYS: is for the offline demo only/);
    }
    for (const bad of ["not json", JSON.stringify({ ...keys, omnirps: { token: "rps_demo" } }), JSON.stringify({ ...keys, omniparcel: "" })]) {
      expect(() => parseEnv({ ...valid, SHOPIFY_APP_URL: "http://localhost:3000", SEKO_DEMO_KEYS: bad }), bad).toThrow(/SEKO_DEMO_KEYS/);
    }
  });
});
