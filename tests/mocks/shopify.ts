/**
 * A simulated Shopify for tests and the offline demo: OAuth token exchange and refresh, the Admin
 * GraphQL endpoint (./shopify/graphql.ts) and bulk-operation result files, over per-shop data from
 * tests/fixtures/demo-store.ts. Tests steer it with `shopifyStore`, `shopifyFaults` and
 * `revokeShop`, and must call `resetShopify()` after each test so state never leaks between them.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { http, HttpResponse } from "msw";
import { generateDemoStore, seedFromString, type DemoStore } from "../fixtures/demo-store";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SCOPES, DEMO_SHOP } from "../setup/config";
import { BULK_STORAGE_ORIGIN, readBulkFile, resetBulkFiles } from "./shopify/bulk-operations";
import { executeAdminGraphql } from "./shopify/graphql";
import type { CustomerDataApproval } from "./shopify/resolver-context";
import { createShopRuntime, type AppMetafieldRecord, type BulkOperationErrorCode, type BulkOperationRecord, type ShopRuntime, type ThrottleBucket } from "./shopify/shop-runtime";

export { BULK_STORAGE_ORIGIN, type AppMetafieldRecord, type BulkOperationErrorCode, type BulkOperationRecord, type CustomerDataApproval };

/**
 * What the app is approved for by default: level 1 and the level 2 fields it asks Shopify for
 * (docs/scopes.md). Tests narrow it with `configureShopify({ customerData })`.
 */
export const APPROVED_CUSTOMER_DATA: CustomerDataApproval = { level1: true, fields: ["name", "email", "address"] };

const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";
const ACCESS_TOKEN_LIFETIME_S = 3600;
const ONLINE_TOKEN_LIFETIME_S = 86_399;
const REFRESH_TOKEN_LIFETIME_S = 90 * 86_400;
/** Shopify tolerates small clock drift on session tokens. */
const JWT_CLOCK_TOLERANCE_S = 10;
const INVALID_TOKEN_MESSAGE = "[API] Invalid API key or access token (unrecognized login or wrong password)";

// ---------------------------------------------------------------------------------------------
// State. Module-level on purpose: one fake Shopify per process (test worker or demo server).

interface IssuedToken {
  shop: string;
  scopes: string[];
  kind: "offline" | "expiring" | "online";
  expiresAtMs: number | null;
}

interface Settings {
  bulkOperationDurationMs: number;
  now: Date | undefined;
  customerData: CustomerDataApproval;
  onlineUser: OnlineUser;
}

/** What the online token says of its user's email: the shop's email, verified, unless a test says otherwise. */
type OnlineUser = { email?: string | null; emailVerified?: boolean };

type Fault = { shop: string | null; remaining: number } & ({ kind: "throttled" } | { kind: "http"; status: number });

const runtimes = new Map<string, ShopRuntime>();
/** Generated data per shop, cloned on reset so regeneration happens once per process. */
const pristine = new Map<string, DemoStore>();
const accessTokens = new Map<string, IssuedToken>();
const refreshTokens = new Map<string, { shop: string; scopes: string[]; expiresAtMs: number }>();
/** Non-expiring offline tokens are stable per shop: exchanging again returns the same one. */
const offlineTokenByShop = new Map<string, string>();
const scopesByShop = new Map<string, string>();
let faults: Fault[] = [];
const defaultSettings = (): Settings => ({ bulkOperationDurationMs: 0, now: undefined, customerData: APPROVED_CUSTOMER_DATA, onlineUser: {} });
let settings = defaultSettings();

const isShopDomain = (shop: string) => /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop);
const splitScopes = (scopes: string) =>
  scopes
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function grantedScopes(shop: string) {
  return scopesByShop.get(shop) ?? DEMO_SCOPES;
}

function generateFor(shop: string): DemoStore {
  // Unknown shops get a small store of their own, so shop-isolation tests can use two shops.
  return shop === DEMO_SHOP ? generateDemoStore({ seed: 1, now: settings.now }) : generateDemoStore({ seed: seedFromString(shop), orders: 20, shopDomain: shop, now: settings.now });
}

function runtimeFor(shop: string): ShopRuntime {
  let runtime = runtimes.get(shop);
  if (!runtime) {
    let data = pristine.get(shop);
    if (!data) {
      data = generateFor(shop);
      pristine.set(shop, data);
    }
    runtime = createShopRuntime(shop, structuredClone(data), { bulkOperationDurationMs: settings.bulkOperationDurationMs });
    runtimes.set(shop, runtime);
  }
  return runtime;
}

function issue(shop: string, kind: IssuedToken["kind"], scopes = splitScopes(grantedScopes(shop)), lifetimeS?: number) {
  const prefix = kind === "online" ? "shpua" : "shpat";
  const token = `${prefix}_${randomBytes(16).toString("hex")}`;
  const lifetime = lifetimeS ?? (kind === "online" ? ONLINE_TOKEN_LIFETIME_S : kind === "expiring" ? ACCESS_TOKEN_LIFETIME_S : null);
  accessTokens.set(token, { shop, scopes, kind, expiresAtMs: lifetime === null ? null : Date.now() + lifetime * 1000 });
  return token;
}

function issueRefresh(shop: string, scopes: string[]) {
  const token = `shprt_${randomBytes(16).toString("hex")}`;
  refreshTokens.set(token, { shop, scopes, expiresAtMs: Date.now() + REFRESH_TOKEN_LIFETIME_S * 1000 });
  return token;
}

function validAccessToken(token: string | null, shop: string): IssuedToken | null {
  if (!token) return null;
  const record = accessTokens.get(token);
  if (!record || record.shop !== shop) return null;
  if (record.expiresAtMs !== null && record.expiresAtMs <= Date.now()) return null;
  return record;
}

function takeFault(shop: string): Fault | undefined {
  const fault = faults.find((f) => f.remaining > 0 && (f.shop === null || f.shop === shop));
  if (!fault) return undefined;
  fault.remaining--;
  faults = faults.filter((f) => f.remaining > 0);
  return fault;
}

// ---------------------------------------------------------------------------------------------
// Session tokens (HS256 JWTs signed with the app secret)

type JwtCheck = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: string };

function verifySessionToken(token: unknown, shop: string): JwtCheck {
  if (typeof token !== "string") return { ok: false, reason: "missing subject token" };
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed token" };
  const [header64, payload64, signature64] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(header64, "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(payload64, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed token" };
  }
  if (header.alg !== "HS256") return { ok: false, reason: "unsupported algorithm" };
  const expected = createHmac("sha256", DEMO_API_SECRET).update(`${header64}.${payload64}`).digest();
  const given = Buffer.from(signature64, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature mismatch" };
  const nowS = Date.now() / 1000;
  if (typeof payload.exp !== "number" || payload.exp < nowS - JWT_CLOCK_TOLERANCE_S) return { ok: false, reason: "token expired" };
  if (typeof payload.nbf === "number" && payload.nbf > nowS + JWT_CLOCK_TOLERANCE_S) return { ok: false, reason: "token not yet valid" };
  if (payload.dest !== `https://${shop}`) return { ok: false, reason: "destination does not match the shop" };
  if (payload.aud !== DEMO_API_KEY) return { ok: false, reason: "audience does not match the client" };
  return { ok: true, payload };
}

// ---------------------------------------------------------------------------------------------
// Handlers

const oauthError = (error: string, description: string, status = 400) => HttpResponse.json({ error, error_description: description }, { status });

async function readParams(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if ((request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}

function expiringResponse(shop: string, scopes: string[]) {
  return {
    access_token: issue(shop, "expiring", scopes),
    expires_in: ACCESS_TOKEN_LIFETIME_S,
    refresh_token: issueRefresh(shop, scopes),
    refresh_token_expires_in: REFRESH_TOKEN_LIFETIME_S,
    scope: scopes.join(","),
  };
}

const wantsExpiring = (value: unknown) => value === 1 || value === "1" || value === true || value === "true";

async function accessTokenEndpoint(request: Request, shop: string) {
  if (!isShopDomain(shop)) return new HttpResponse("Not Found", { status: 404 });
  const params = await readParams(request);
  if (params.client_id !== DEMO_API_KEY || params.client_secret !== DEMO_API_SECRET) {
    return oauthError("invalid_client", "Client credentials cannot be found");
  }
  const scopes = splitScopes(grantedScopes(shop));

  if (params.grant_type === "refresh_token") {
    const token = typeof params.refresh_token === "string" ? params.refresh_token : "";
    const record = refreshTokens.get(token);
    if (!record || record.shop !== shop || record.expiresAtMs <= Date.now()) {
      return oauthError("invalid_grant", "The refresh token is invalid, expired or revoked.");
    }
    // Refresh tokens rotate: each one works once.
    refreshTokens.delete(token);
    return HttpResponse.json(expiringResponse(shop, record.scopes));
  }

  if (params.grant_type !== TOKEN_EXCHANGE_GRANT) return oauthError("unsupported_grant_type", "The grant type is not supported.");
  const subjectType = params.subject_token_type ?? ID_TOKEN_TYPE;

  if (subjectType === OFFLINE_TOKEN_TYPE) {
    // Migration of a non-expiring offline token to an expiring one; the old token stops working.
    const old = typeof params.subject_token === "string" ? accessTokens.get(params.subject_token) : undefined;
    if (!old || old.shop !== shop || old.kind !== "offline") return oauthError("invalid_subject_token", "The subject token is not a valid offline access token.");
    accessTokens.delete(params.subject_token as string);
    offlineTokenByShop.delete(shop);
    return HttpResponse.json(expiringResponse(shop, old.scopes));
  }

  if (subjectType !== ID_TOKEN_TYPE) return oauthError("invalid_request", "Unsupported subject_token_type.");
  const check = verifySessionToken(params.subject_token, shop);
  if (!check.ok) return oauthError("invalid_subject_token", `The subject token is invalid: ${check.reason}.`);

  const requested = params.requested_token_type ?? OFFLINE_TOKEN_TYPE;
  if (requested === ONLINE_TOKEN_TYPE) {
    const userId = Number(check.payload.sub) || 1;
    const data = runtimeFor(shop).data;
    return HttpResponse.json({
      access_token: issue(shop, "online", scopes),
      scope: scopes.join(","),
      expires_in: ONLINE_TOKEN_LIFETIME_S,
      associated_user_scope: scopes.join(","),
      associated_user: {
        id: userId,
        first_name: "Demo",
        last_name: "Merchant",
        email: settings.onlineUser.email === undefined ? data.shop.email : settings.onlineUser.email,
        email_verified: settings.onlineUser.emailVerified ?? true,
        account_owner: true,
        locale: "en",
        collaborator: false,
      },
    });
  }
  if (requested !== OFFLINE_TOKEN_TYPE) return oauthError("invalid_request", "Unsupported requested_token_type.");
  if (wantsExpiring(params.expiring)) return HttpResponse.json(expiringResponse(shop, scopes));

  let token = offlineTokenByShop.get(shop);
  if (!token || !accessTokens.has(token)) {
    token = issue(shop, "offline", scopes);
    offlineTokenByShop.set(shop, token);
  }
  return HttpResponse.json({ access_token: token, scope: accessTokens.get(token)!.scopes.join(",") });
}

function httpFault(status: number) {
  if (status === 429) {
    return HttpResponse.json({ errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }, { status, headers: { "Retry-After": "2.0" } });
  }
  // Gateways in front of Shopify answer 502/503/504 with HTML, not JSON: clients must cope.
  if (status >= 502)
    return new HttpResponse(`<!DOCTYPE html><html><body><h1>${status}</h1><p>There was a problem loading this page.</p></body></html>`, { status, headers: { "Content-Type": "text/html" } });
  return HttpResponse.json({ errors: "Internal Server Error" }, { status });
}

async function graphqlEndpoint(request: Request, shop: string, version: string) {
  if (!isShopDomain(shop)) return new HttpResponse("Not Found", { status: 404 });
  const token = validAccessToken(request.headers.get("X-Shopify-Access-Token"), shop);
  if (!token) return HttpResponse.json({ errors: INVALID_TOKEN_MESSAGE }, { status: 401 });
  const fault = takeFault(shop);
  if (fault?.kind === "http") return httpFault(fault.status);

  const text = await request.text();
  let body: Record<string, unknown>;
  if ((request.headers.get("content-type") ?? "").includes("application/graphql")) {
    body = { query: text };
  } else {
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return HttpResponse.json({ errors: { query: "Required parameter missing or invalid" } }, { status: 400 });
    }
  }
  const result = await executeAdminGraphql(runtimeFor(shop), {
    query: body.query,
    variables: body.variables,
    operationName: body.operationName,
    scopes: token.scopes,
    customerData: settings.customerData,
    forceThrottle: fault?.kind === "throttled",
  });
  return HttpResponse.json(result.body as Record<string, unknown>, {
    status: result.status,
    headers: { "X-Shopify-API-Version": version, "X-Request-Id": randomBytes(8).toString("hex") },
  });
}

function bulkFileEndpoint(file: string) {
  const result = readBulkFile(file);
  if (result.status === "ok") return new HttpResponse(result.body, { headers: { "Content-Type": "application/jsonl" } });
  const [code, status, message] = result.status === "expired" ? ["ExpiredToken", 400, "The provided token has expired."] : ["NoSuchKey", 404, "The specified key does not exist."];
  return new HttpResponse(`<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
    status: status as number,
    headers: { "Content-Type": "application/xml" },
  });
}

export const shopifyHandlers = [
  http.post("https://:shop/admin/oauth/access_token", ({ request, params }) => accessTokenEndpoint(request, String(params.shop))),
  http.post("https://:shop/admin/api/:version/graphql.json", ({ request, params }) => graphqlEndpoint(request, String(params.shop), String(params.version))),
  http.get(`${BULK_STORAGE_ORIGIN}/bulk/:file`, ({ params }) => bulkFileEndpoint(String(params.file))),
];

// ---------------------------------------------------------------------------------------------
// Control API for tests and the demo

export interface ShopifyStoreControl {
  readonly shop: string;
  /** The live data behind the API: mutate it and the next request sees the change. */
  readonly data: DemoStore;
  replaceData(data: DemoStore): void;
  /** The scopes the next token exchange grants (comma-separated, like Shopify's `scope`). */
  readonly scopes: string;
  setScopes(scopes: string): void;
  /**
   * The merchant granted or revoked optional scopes: the installation holds exactly these from now
   * on, and so does every token already issued for the shop (Shopify keeps the token; its access
   * follows the installation). Later token exchanges grant them too.
   */
  setInstalledScopes(scopes: string): void;
  readonly throttleStatus: Readonly<ThrottleBucket>;
  setThrottleStatus(status: Partial<Pick<ThrottleBucket, "currentlyAvailable" | "maximumAvailable" | "restoreRate">>): void;
  readonly bulkOperations: readonly BulkOperationRecord[];
  /** App-data metafields on the app's installation, as the storefront's `app.metafields` would show them. */
  readonly appMetafields: readonly AppMetafieldRecord[];
  /** An access token for this shop without a session token, for tests that seed sessions. */
  issueAccessToken(options?: IssueTokenOptions): string;
  /** Simulates an uninstall: every token for the shop stops working at once. */
  revoke(): void;
}

export interface IssueTokenOptions {
  /** Comma-separated; defaults to the shop's granted scopes. */
  scopes?: string;
  /** Register this exact token string (e.g. one already stored in a test session). */
  token?: string;
  /** Seconds until expiry; omit for a non-expiring offline token. */
  expiresIn?: number;
}

export function shopifyStore(shop: string = DEMO_SHOP): ShopifyStoreControl {
  // Resolved on every access so a control object survives resetShopify().
  const runtime = () => runtimeFor(shop);
  return {
    shop,
    get data() {
      return runtime().data;
    },
    replaceData(data) {
      runtime().data = data;
    },
    get scopes() {
      return grantedScopes(shop);
    },
    setScopes(scopes) {
      scopesByShop.set(shop, scopes);
    },
    setInstalledScopes(scopes) {
      scopesByShop.set(shop, scopes);
      const list = splitScopes(scopes);
      for (const record of accessTokens.values()) if (record.shop === shop) record.scopes = [...list];
      for (const record of refreshTokens.values()) if (record.shop === shop) record.scopes = [...list];
    },
    get throttleStatus() {
      return { ...runtime().bucket };
    },
    setThrottleStatus(status) {
      Object.assign(runtime().bucket, status, { updatedAtMs: Date.now() });
    },
    get bulkOperations() {
      return runtime().bulkOperations;
    },
    get appMetafields() {
      return runtime().appMetafields;
    },
    issueAccessToken: (options) => issueAccessToken(shop, options),
    revoke: () => revokeShop(shop),
  };
}

export function issueAccessToken(shop: string, options: IssueTokenOptions = {}): string {
  const scopes = splitScopes(options.scopes ?? grantedScopes(shop));
  const kind = options.expiresIn === undefined ? "offline" : "expiring";
  if (options.token) {
    accessTokens.set(options.token, { shop, scopes, kind, expiresAtMs: options.expiresIn === undefined ? null : Date.now() + options.expiresIn * 1000 });
    return options.token;
  }
  return issue(shop, kind, scopes, options.expiresIn);
}

/** Uninstall: Shopify revokes the app's tokens immediately. The shop's data stays. */
export function revokeShop(shop: string) {
  for (const [token, record] of accessTokens) if (record.shop === shop) accessTokens.delete(token);
  for (const [token, record] of refreshTokens) if (record.shop === shop) refreshTokens.delete(token);
  offlineTokenByShop.delete(shop);
}

export const shopifyFaults = {
  /** The next `times` GraphQL calls answer HTTP 200 with a THROTTLED error, as Shopify does. */
  throttle(times = 1, options: { shop?: string } = {}) {
    faults.push({ kind: "throttled", remaining: times, shop: options.shop ?? null });
  },
  /** The next `times` GraphQL calls fail at the HTTP level (429, or 500/502/503/504). */
  httpError(status: 429 | 500 | 502 | 503 | 504, times = 1, options: { shop?: string } = {}) {
    faults.push({ kind: "http", status, remaining: times, shop: options.shop ?? null });
  },
  /** The next bulk operation on the shop finishes FAILED with this error code. */
  failNextBulkOperation(errorCode: BulkOperationErrorCode = "INTERNAL_SERVER_ERROR", options: { shop?: string } = {}) {
    runtimeFor(options.shop ?? DEMO_SHOP).pendingBulkFailures.push(errorCode);
  },
  clear() {
    faults = [];
  },
};

export interface ShopifyConfig {
  /** How long bulk operations stay CREATED/RUNNING. 0 (the default) finishes them at once. */
  bulkOperationDurationMs?: number;
  /** Generate stores against this instant instead of the current time. Applies to shops not yet generated. */
  now?: Date;
  /** The app's protected customer data approval (level 1, level 2 fields). */
  customerData?: CustomerDataApproval;
  /** The online token's user: `email` (null: none) and whether Shopify says it is verified. */
  onlineUser?: OnlineUser;
}

export function configureShopify(config: ShopifyConfig) {
  if (config.now && config.now.getTime() !== settings.now?.getTime()) {
    pristine.clear();
    runtimes.clear();
  }
  settings = { ...settings, ...config };
  for (const runtime of runtimes.values()) runtime.bulkOperationDurationMs = settings.bulkOperationDurationMs;
}

/** Forget every token, fault, bulk operation, setting and data change. Call after each test. */
export function resetShopify() {
  if (settings.now) pristine.clear();
  runtimes.clear();
  accessTokens.clear();
  refreshTokens.clear();
  offlineTokenByShop.clear();
  scopesByShop.clear();
  faults = [];
  settings = defaultSettings();
  resetBulkFiles();
}
