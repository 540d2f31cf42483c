import { describe, expect, test } from "vitest";
import { addressScope, isInwardAddress, isIpLiteral, parseIp } from "./ip-address";

describe("reading addresses", () => {
  test("IPv4 and IPv6 in their usual spellings", () => {
    expect(parseIp("192.168.1.20")).toEqual([192, 168, 1, 20]);
    expect(parseIp("::1")).toEqual([...new Array(15).fill(0), 1]);
    expect(parseIp("[fe80::1%eth0]")).toEqual([0xfe, 0x80, ...new Array(13).fill(0), 1]);
    expect(parseIp("::ffff:127.0.0.1")?.slice(10)).toEqual([0xff, 0xff, 127, 0, 0, 1]);
    expect(parseIp("0:0:0:0:0:ffff:7f00:1")).toEqual(parseIp("::ffff:127.0.0.1"));
  });

  test("host names and malformed text are not addresses", () => {
    for (const text of ["api.omniparcel.com", "localhost", "1.2.3", "256.1.1.1", "0127.0.0.1", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", ""]) {
      expect(parseIp(text), text).toBeNull();
      expect(isIpLiteral(text), text).toBe(false);
    }
  });
});

describe("which addresses lead inward", () => {
  test.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.0.10", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fec0::1", "private"],
    ["169.254.10.1", "link-local"],
    ["fe80::1", "link-local"],
    ["febf::1", "link-local"],
    ["169.254.169.254", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["100.64.0.1", "shared"],
    ["100.127.255.254", "shared"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved"],
  ])("%s is %s", (address, scope) => {
    expect(addressScope(address)).toBe(scope);
    expect(isInwardAddress(address)).toBe(true);
  });

  test("IPv6 forms that carry an inward IPv4 address are inward too", () => {
    expect(addressScope("::ffff:127.0.0.1")).toBe("loopback");
    expect(addressScope("::ffff:7f00:1")).toBe("loopback");
    expect(addressScope("::ffff:169.254.169.254")).toBe("metadata");
    expect(addressScope("::ffff:10.0.0.1")).toBe("private");
    expect(addressScope("::127.0.0.1")).toBe("loopback");
    expect(addressScope("64:ff9b::192.168.0.1")).toBe("private");
    expect(addressScope("2002:a00:1::")).toBe("private");
  });

  test("IPv6 outside global unicast is never public: SIIT and local-use NAT64 can translate inward", () => {
    for (const address of ["::ffff:0:127.0.0.1", "::ffff:0:7f00:1", "64:ff9b:1::7f00:1", "64:ff9b:1::a9fe:a9fe", "4000::1", "100::1", "fbff::1"]) {
      expect(isInwardAddress(address), address).toBe(true);
    }
    expect(isInwardAddress("2606:4700::6810:84e5")).toBe(false);
  });

  test("public addresses, and the edges just outside the private ranges, are public", () => {
    for (const address of ["52.62.1.10", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "169.253.1.1", "11.0.0.1", "2606:4700::1111", "::ffff:52.62.1.10", "2001:db9::1"]) {
      expect(addressScope(address), address).toBe("public");
    }
  });

  test("text that is not an address is refused, never taken as public", () => {
    expect(addressScope("localhost")).toBe("invalid");
    expect(isInwardAddress("0x7f.1")).toBe(true);
  });
});
