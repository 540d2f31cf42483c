/**
 * Which network an IP address belongs to, so an outgoing call can refuse one
 * that leads back inside (SSRF, docs/security.md). Pure: no DNS, no sockets.
 * Only "public" addresses may be called.
 */

export type AddressScope =
  | "public"
  | "unspecified"
  | "loopback"
  | "private"
  | "link-local"
  | "metadata"
  | "shared"
  | "multicast"
  | "reserved"
  /** Not an address we can read: refused like an inward one. */
  | "invalid";

/** The bytes of an IPv4 (4) or IPv6 (16) address, or null. An IPv6 zone (`%eth0`) is ignored. */
export function parseIp(text: string): number[] | null {
  const address = text
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%.*$/, "");
  return parseIpv4(address) ?? parseIpv6(address);
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((part) => (/^(0|[1-9]\d{0,2})$/.test(part) ? Number(part) : NaN));
  return bytes.every((byte) => byte <= 255) ? bytes : null;
}

function parseIpv6(text: string): number[] | null {
  if (!text.includes(":") || (text.match(/::/g) ?? []).length > 1) return null;
  const [head = "", tail] = text.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  // A dotted IPv4 may end the address (::ffff:127.0.0.1): it stands for the last two groups.
  const last = tail === undefined ? left : right;
  const embedded = last.length > 0 && last[last.length - 1]!.includes(".") ? parseIpv4(last.pop()!) : undefined;
  if (embedded === null) return null;
  const tailBytes = embedded ?? [];
  const toBytes = (items: string[]) =>
    items.flatMap((group) => {
      if (!/^[0-9a-f]{1,4}$/i.test(group)) return [NaN, NaN];
      const value = parseInt(group, 16);
      return [value >> 8, value & 0xff];
    });
  const leftBytes = toBytes(left);
  const rightBytes = toBytes(right);
  if ([...leftBytes, ...rightBytes].some(Number.isNaN)) return null;
  const missing = 16 - leftBytes.length - rightBytes.length - tailBytes.length;
  if (tail === undefined ? missing !== 0 : missing < 2) return null;
  return [...leftBytes, ...new Array<number>(missing).fill(0), ...rightBytes, ...tailBytes];
}

/** Whether `bytes` start with the first `bits` bits of `prefix`. */
function inRange(bytes: number[], prefix: number[], bits: number) {
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    if (((bytes[bit >> 3] ?? 0) & mask) !== ((prefix[bit >> 3] ?? 0) & mask)) return false;
  }
  return true;
}

const IPV4_RANGES: [number[], number, AddressScope][] = [
  [[169, 254, 169, 254], 32, "metadata"],
  [[0, 0, 0, 0], 8, "unspecified"],
  [[127, 0, 0, 0], 8, "loopback"],
  [[10, 0, 0, 0], 8, "private"],
  [[172, 16, 0, 0], 12, "private"],
  [[192, 168, 0, 0], 16, "private"],
  [[169, 254, 0, 0], 16, "link-local"],
  [[100, 64, 0, 0], 10, "shared"],
  [[192, 0, 0, 0], 24, "reserved"],
  [[198, 18, 0, 0], 15, "reserved"],
  [[224, 0, 0, 0], 4, "multicast"],
  [[240, 0, 0, 0], 4, "reserved"],
];

const IPV6_RANGES: [number[], number, AddressScope][] = [
  // AWS's IPv6 instance metadata endpoint, fd00:ec2::254 (inside fc00::/7 too).
  [[0xfd, 0x00, 0x0e, 0xc2, ...new Array<number>(10).fill(0), 0x02, 0x54], 128, "metadata"],
  [new Array<number>(16).fill(0), 128, "unspecified"],
  [[...new Array<number>(15).fill(0), 1], 128, "loopback"],
  [[0xfc], 7, "private"],
  [[0xfe, 0x80], 10, "link-local"],
  // Deprecated site-local: still routed inward where it is configured.
  [[0xfe, 0xc0], 10, "private"],
  [[0xff], 8, "multicast"],
];

/**
 * IPv6 forms that carry an IPv4 address, which a host (or a NAT64/6to4 gateway)
 * connects to: ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d
 * (NAT64) and 2002:aabb:ccdd:: (6to4).
 */
function embeddedIpv4(bytes: number[]): number[] | undefined {
  const zeros = (count: number) => new Array<number>(count).fill(0);
  if (inRange(bytes, [...zeros(10), 0xff, 0xff], 96)) return bytes.slice(12);
  if (inRange(bytes, zeros(12), 96)) return bytes.slice(12);
  if (inRange(bytes, [0x00, 0x64, 0xff, 0x9b, ...zeros(8)], 96)) return bytes.slice(12);
  if (inRange(bytes, [0x20, 0x02], 16)) return bytes.slice(2, 6);
  return undefined;
}

export function addressScope(text: string): AddressScope {
  const bytes = parseIp(text);
  if (!bytes) return "invalid";
  if (bytes.length === 4) return IPV4_RANGES.find(([prefix, bits]) => inRange(bytes, prefix, bits))?.[2] ?? "public";
  const scope = IPV6_RANGES.find(([prefix, bits]) => inRange(bytes, prefix, bits))?.[2];
  if (scope) return scope;
  const ipv4 = embeddedIpv4(bytes);
  if (ipv4) return addressScope(ipv4.join("."));
  // Only global unicast (2000::/3) reaches the internet; anything else (SIIT ::ffff:0:0/96, local-use
  // NAT64 64:ff9b:1::/48, prefixes not yet assigned) may be translated inward, so it is not public.
  return inRange(bytes, [0x20], 3) ? "public" : "reserved";
}

/** True for every address an outgoing call must not connect to. */
export function isInwardAddress(text: string) {
  return addressScope(text) !== "public";
}

/** True for an IP literal (v4, or v6 with or without brackets), as opposed to a host name. */
export function isIpLiteral(text: string) {
  return parseIp(text) !== null;
}
