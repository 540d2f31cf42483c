import dns from "node:dns";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { text } from "node:stream/consumers";
import { addressScope, type AddressScope, isInwardAddress, isIpLiteral } from "./ip-address";

/**
 * HTTPS calls to hosts a shop configured, which must not lead back into our
 * own network (SSRF, docs/security.md). The address is checked where the
 * socket is opened, in the `lookup` that net/tls call with the name: what was
 * checked is what is connected to, so a name that resolves to a public address
 * for a check and to 127.0.0.1 a moment later (DNS rebinding) gains nothing.
 * Redirects are never followed: Node's https client does not follow them.
 */

export type ResolvedAddress = { address: string; family: number };
/** Every address of a name. A seam for tests; the default asks the system resolver. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export const INWARD_ADDRESS = "ERR_INWARD_ADDRESS";

export class InwardAddressError extends Error {
  readonly code = INWARD_ADDRESS;
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly scope: AddressScope,
  ) {
    super(`${hostname} resolves to ${address} (${scope}); not connecting`);
    this.name = "InwardAddressError";
  }
}

export function isInwardAddressError(error: unknown): error is InwardAddressError {
  return error instanceof Error && (error as { code?: unknown }).code === INWARD_ADDRESS;
}

function familyOf(option: unknown): 0 | 4 | 6 {
  if (option === 4 || option === "IPv4") return 4;
  if (option === 6 || option === "IPv6") return 6;
  return 0;
}

/**
 * A `lookup` for net.connect/tls.connect: resolves with `resolve` and refuses
 * the name when any of its addresses is inward (not only the one that would be
 * tried first: Node may try them all, see `autoSelectFamily`).
 */
export function guardedLookup(resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    const family = familyOf(options.family);
    resolve(hostname).then(
      (resolved) => {
        const addresses = resolved.filter((entry) => family === 0 || entry.family === family);
        const inward = resolved.find((entry) => isInwardAddress(entry.address));
        if (inward) return callback(new InwardAddressError(hostname, inward.address, addressScope(inward.address)), "", 0);
        const [first] = addresses;
        if (!first) {
          return callback(Object.assign(new Error(`no address found for ${hostname}`), { code: "ENOTFOUND", hostname }), "", 0);
        }
        if (options.all) return callback(null, addresses);
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

export type OutboundResponse = { status: number; headers: Headers; text: string };

/**
 * POSTs `body` over HTTPS with the address check above. Rejects on network
 * failures and on an inward address (`isInwardAddressError`), like fetch
 * rejects; `signal` covers reading the body too.
 */
export async function guardedHttpsPost(url: string, init: { headers: Record<string, string>; body: string; signal: AbortSignal; resolve?: Resolver }): Promise<OutboundResponse> {
  const target = new URL(url);
  if (target.protocol !== "https:") throw new TypeError(`only https:// addresses are called, not ${target.protocol}`);
  // net.connect skips `lookup` for an IP literal, so one is classified here instead.
  const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIpLiteral(host) && isInwardAddress(host)) throw new InwardAddressError(host, host, addressScope(host));
  init.signal.throwIfAborted();

  return new Promise<OutboundResponse>((resolve, reject) => {
    const request = https.request(
      target,
      {
        method: "POST",
        headers: { ...init.headers, "Content-Length": String(Buffer.byteLength(init.body)) },
        lookup: guardedLookup(init.resolve),
        signal: init.signal,
      },
      (response) => {
        text(response).then((body) => resolve({ status: response.statusCode ?? 0, headers: headersOf(response.headers), text: body }), reject);
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}

function headersOf(raw: Record<string, string | string[] | undefined>) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  return headers;
}
