import net from "node:net";
import { http, passthrough } from "msw";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { server } from "#tests/mocks/node";
import { guardedHttpsPost, guardedLookup, isInwardAddressError, type Resolver } from "./outbound.server";

type Looked = { error: NodeJS.ErrnoException | null; address: unknown; family?: number };

function lookup(hostname: string, options: { all?: boolean; family?: number }, resolve?: Resolver) {
  return new Promise<Looked>((done) => guardedLookup(resolve)(hostname, options, (error, address, family) => done({ error, address, family })));
}

const resolver =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) =>
    (table[hostname] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("the connect-time address check", () => {
  test("a name the system resolves to 127.0.0.1 (localhost) is refused", async () => {
    for (const all of [true, false]) {
      const { error } = await lookup("localhost", { all });
      expect(isInwardAddressError(error)).toBe(true);
    }
  });

  test("every address of a name is checked, not only the first", async () => {
    const mixed = resolver({ "api.omniparcel.com": ["52.62.1.10", "10.0.0.8"] });
    expect(isInwardAddressError((await lookup("api.omniparcel.com", { all: true }, mixed)).error)).toBe(true);
    const mapped = resolver({ "api.omniparcel.com": ["::ffff:169.254.169.254"] });
    expect(isInwardAddressError((await lookup("api.omniparcel.com", { all: true }, mapped)).error)).toBe(true);
  });

  test("public addresses are handed to the socket in the form it asked for", async () => {
    const table = resolver({ "api.omniparcel.com": ["52.62.1.10", "2406:da1c::10"] });
    expect(await lookup("api.omniparcel.com", { all: true }, table)).toEqual({
      error: null,
      address: [
        { address: "52.62.1.10", family: 4 },
        { address: "2406:da1c::10", family: 6 },
      ],
      family: undefined,
    });
    expect(await lookup("api.omniparcel.com", { family: 6 }, table)).toEqual({ error: null, address: "2406:da1c::10", family: 6 });
    expect((await lookup("nowhere.omniparcel.com", {}, table)).error?.code).toBe("ENOTFOUND");
  });
});

describe("posting to a host that leads inward", () => {
  // A listener on loopback standing in for a service inside our network (Redis, an admin port...).
  let inside: net.Server;
  let port: number;
  let connections: number;

  beforeEach(async () => {
    connections = 0;
    inside = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => inside.listen(0, "127.0.0.1", resolve));
    port = (inside.address() as net.AddressInfo).port;
  });
  afterEach(() => new Promise<void>((resolve) => inside.close(() => resolve())));

  const post = (url: string, resolve?: Resolver) => guardedHttpsPost(url, { headers: { access_key: "secret-key" }, body: "{}", signal: AbortSignal.timeout(2_000), resolve });

  test("the listener is reachable, so a refusal below is the guard's doing", async () => {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.on("connect", resolve));
    socket.destroy();
    await expect.poll(() => connections).toBe(1);
  });

  test("a name resolving to 127.0.0.1 is refused at connect time: nothing reaches the listener", async () => {
    // msw answers every request itself; let this one go to the network so the socket is really opened.
    server.use(http.post(`https://rebound.omniparcel.com:${port}/*`, () => passthrough()));
    const rebinding = resolver({ "rebound.omniparcel.com": ["127.0.0.1"] });
    const refused = await post(`https://rebound.omniparcel.com:${port}/labels/printshipment`, rebinding).catch((error: unknown) => error);
    expect(isInwardAddressError(refused)).toBe(true);

    server.use(http.post(`https://localhost:${port}/*`, () => passthrough()));
    expect(isInwardAddressError(await post(`https://localhost:${port}/x`).catch((error: unknown) => error))).toBe(true);
    expect(connections).toBe(0);
  });

  test("an inward IP literal, which skips name resolution, is refused before any socket opens", async () => {
    for (const host of ["127.0.0.1", "[::1]", "[::ffff:127.0.0.1]"]) {
      expect(isInwardAddressError(await post(`https://${host}:${port}/x`).catch((error: unknown) => error)), host).toBe(true);
    }
    expect(connections).toBe(0);
  });

  test("plain http is never used", async () => {
    await expect(post(`http://api.omniparcel.com/x`)).rejects.toThrow(/https/);
  });
});
