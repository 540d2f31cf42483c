import { describe, expect, test } from "vitest";
import { endpointFor, parseSekoConfig, sekoConfig } from "./config";

describe("SEKO connection configuration", () => {
  test("defaults: test environment, staging and test hosts, SEKO's documented headers and limits", () => {
    const config = sekoConfig();
    expect(endpointFor(config, "omniparcel")).toEqual({ system: "omniparcel", baseUrl: "https://staging.omniparcel.com", authHeader: "access_key" });
    expect(endpointFor(config, "omnireturns").baseUrl).toBe("https://test.omniparcelreturns.com/api");
    expect(endpointFor(config, "omnirps")).toMatchObject({ baseUrl: "https://www.omnirps.com", authHeader: "Token" });
    expect(config.omnirps.retailerHeader).toBe("Retailer");
    expect(config.tracking.requestsPerMinute).toBe(100);
    expect(config.retry.attempts).toBe(3);
  });

  test("production switches every system to its live host", () => {
    const config = sekoConfig({ environment: "production" });
    expect(endpointFor(config, "omniparcel").baseUrl).toBe("https://api.omniparcel.com");
    expect(endpointFor(config, "omnireturns").baseUrl).toBe("https://www.omniparcelreturns.com/api");
  });

  test("hosts and header names are overridable; a trailing slash is dropped", () => {
    const config = sekoConfig({
      omnireturns: { baseUrl: "https://www.omniparcelreturns.com/index.php/api/", authHeader: "Access_Key" },
    });
    expect(endpointFor(config, "omnireturns")).toMatchObject({
      baseUrl: "https://www.omniparcelreturns.com/index.php/api",
      authHeader: "Access_Key",
    });
  });

  test("invalid values are refused with the field named", () => {
    const result = parseSekoConfig({ omniparcel: { authHeader: "access key" }, timeoutMs: 5, omnirps: { baseUrl: "ftp://x" } });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["omniparcel.authHeader", "timeoutMs", "omnirps.baseUrl"]));
  });

  test("a base URL must be HTTPS on SEKO's domains or an allow-listed host, not an address inside our network", () => {
    const problems = (baseUrl: string, allowedHosts: string[] = []) => {
      const result = parseSekoConfig({ allowedHosts, omniparcel: { baseUrl } });
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    };
    expect(problems("http://api.omniparcel.com")).toEqual([expect.stringMatching(/^omniparcel\.baseUrl: .*https/)]);
    expect(problems("http://169.254.169.254/latest/meta-data")).toHaveLength(1);
    expect(problems("https://127.0.0.1:6379")).toEqual([expect.stringMatching(/^omniparcel\.baseUrl: .*IP address/)]);
    expect(problems("https://seko-gateway.example.net")).toEqual([expect.stringMatching(/^omniparcel\.baseUrl: .*SEKO host/)]);
    expect(problems("https://seko-gateway.example.net", ["seko-gateway.example.net"])).toEqual([]);
    expect(() => sekoConfig({ omnirps: { baseUrl: "https://internal.example" } })).toThrow();
  });
});
