import { describe, expect, test } from "vitest";
import { DEFAULT_BASE_URLS } from "./config";
import { isSekoHost, sekoUrlProblem } from "./hosts";

describe("hosts a SEKO key may be sent to", () => {
  test("SEKO's default hosts and other subdomains of its domains, over HTTPS", () => {
    const defaults = Object.values(DEFAULT_BASE_URLS).flatMap((hosts) => Object.values(hosts));
    for (const url of [...defaults, "https://www.omniparcelreturns.com/index.php/api", "https://uat.omniparcel.com", "https://API.OmniParcel.com.", "https://omnirps.com:8443/app"]) {
      expect(sekoUrlProblem(url), url).toBeUndefined();
    }
  });

  test("plain http is refused, even to SEKO", () => {
    expect(sekoUrlProblem("http://api.omniparcel.com")).toMatch(/https:\/\//);
  });

  test.each([
    "https://example.com",
    "https://omniparcel.com.attacker.example",
    "https://evilomniparcel.com",
    "https://localhost:6379",
    "https://metadata.google.internal/computeMetadata/v1",
    "https://xn--mniparcel-x7a.com",
  ])("%s is not SEKO's", (url) => {
    expect(sekoUrlProblem(url)).toMatch(/must be a SEKO host/);
  });

  test.each(["https://169.254.169.254/latest/meta-data", "https://127.0.0.1:6379", "https://0x7f.1", "https://2130706433", "https://[::1]", "https://[::ffff:127.0.0.1]", "https://52.62.1.10"])(
    "%s is an IP address, refused whatever it is",
    (url) => {
      expect(sekoUrlProblem(url, ["127.0.0.1"])).toMatch(/not an IP address/);
    },
  );

  test("credentials in the address and text that is no address are refused", () => {
    expect(sekoUrlProblem("https://user:pass@api.omniparcel.com")).toMatch(/user name or password/);
    expect(sekoUrlProblem("https://api.omniparcel.com@127.0.0.1")).toBeDefined();
    expect(sekoUrlProblem("not a url")).toMatch(/full address/);
  });

  test("a host the operator allow-listed is accepted, exactly and only that host", () => {
    const allowed = ["seko-gateway.example.net"];
    expect(sekoUrlProblem("https://seko-gateway.example.net/api", allowed)).toBeUndefined();
    expect(sekoUrlProblem("https://SEKO-Gateway.example.net/api", allowed)).toBeUndefined();
    expect(sekoUrlProblem("https://other.seko-gateway.example.net", allowed)).toMatch(/SEKO host/);
    expect(sekoUrlProblem("http://seko-gateway.example.net", allowed)).toMatch(/https/);
  });

  test("isSekoHost matches whole labels only", () => {
    expect(isSekoHost("staging.omniparcel.com")).toBe(true);
    expect(isSekoHost("omnirps.com")).toBe(true);
    expect(isSekoHost("notomnirps.com")).toBe(false);
    expect(isSekoHost("omnirps.com.example")).toBe(false);
  });
});
