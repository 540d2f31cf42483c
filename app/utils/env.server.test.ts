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
});
