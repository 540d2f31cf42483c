import { createHmac, randomUUID } from "node:crypto";
import { afterEach, describe, expect, test } from "vitest";
import { generateDemoStore } from "../fixtures/demo-store";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SCOPES, DEMO_SHOP } from "../setup/config";
import { configureShopify, issueAccessToken, resetShopify, revokeShop, shopifyFaults, shopifyStore } from "./shopify";

// tests/setup/setup-test-env.ts does not reset this fake yet; these tests must not leak state.
afterEach(() => resetShopify());

const VERSION = "2026-10";
const DAY = 86_400_000;
const NOW = new Date("2026-06-15T03:00:00Z");
const OTHER_SHOP = "other-outdoors.myshopify.com";

function sessionToken(shop: string, overrides: Record<string, unknown> = {}, secret = DEMO_API_SECRET) {
  const nowS = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = encode({ alg: "HS256", typ: "JWT" });
  const payload = encode({
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: DEMO_API_KEY,
    sub: "42",
    exp: nowS + 60,
    nbf: nowS - 5,
    iat: nowS - 5,
    jti: randomUUID(),
    sid: "session-1",
    ...overrides,
  });
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

async function exchange(shop: string, body: Record<string, unknown>) {
  const response = await fetch(`https://${shop}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: DEMO_API_KEY,
      client_secret: DEMO_API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      ...body,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface GraphqlBody {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[] | string;
  extensions?: {
    cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } };
    search?: unknown[];
  };
}

async function admin(shop: string, token: string | null, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`https://${shop}/admin/api/${VERSION}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { "X-Shopify-Access-Token": token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: GraphqlBody;
  try {
    body = JSON.parse(text) as GraphqlBody;
  } catch {
    body = { errors: text };
  }
  return { status: response.status, body };
}

const ORDERS_PAGE = /* GraphQL */ `
  query OrdersPage($after: String, $query: String) {
    orders(first: 50, after: $after, query: $query, sortKey: PROCESSED_AT) {
      edges {
        cursor
        node {
          id
          name
          createdAt
          processedAt
          updatedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

async function allOrders(token: string, query?: string) {
  const seen: { id: string; name: string; createdAt: string; processedAt: string; updatedAt: string }[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const { body } = await admin(DEMO_SHOP, token, ORDERS_PAGE, { after, query });
    expect(body.errors).toBeUndefined();
    const conn = body.data!.orders;
    seen.push(...conn.edges.map((edge: { node: (typeof seen)[number] }) => edge.node));
    if (!conn.pageInfo.hasNextPage) return seen;
    after = conn.pageInfo.endCursor;
  }
  throw new Error("pagination did not terminate");
}

describe("demo store generation", () => {
  test("the same seed and clock give the same store, another seed a different one", () => {
    const a = generateDemoStore({ seed: 7, now: NOW });
    const b = generateDemoStore({ seed: 7, now: NOW });
    const c = generateDemoStore({ seed: 8, now: NOW });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  test("looks like a busy New Zealand store with international customers", () => {
    const store = generateDemoStore({ now: NOW });
    expect(store.shop).toMatchObject({ name: "Demo Returns Store", myshopifyDomain: DEMO_SHOP, currencyCode: "NZD", plan: { displayName: "Advanced", shopifyPlus: false } });
    expect(store.shop.billingAddress).toMatchObject({ countryCodeV2: "NZ", phone: expect.stringMatching(/^\+64/) });
    expect(store.shop.shopPolicies.find((p) => p.type === "REFUND_POLICY")?.url).toMatch(/^https:\/\//);
    expect(store.markets.find((m) => m.primary)?.regions.map((r) => r.code)).toEqual(["NZ"]);
    expect(store.locations).toHaveLength(2);

    expect(store.orders.length).toBeGreaterThanOrEqual(220);
    expect(store.orders[0]!.name).toBe("#1001");
    const countries = new Set(store.orders.map((o) => o.shippingAddress.countryCodeV2));
    for (const code of ["NZ", "AU", "GB", "US", "CA", "DE"]) expect(countries).toContain(code);

    const oldest = Math.min(...store.orders.map((o) => Date.parse(o.processedAt)));
    expect(NOW.getTime() - oldest).toBeLessThanOrEqual(90 * DAY);
    expect(store.orders.every((o) => Date.parse(o.updatedAt) <= NOW.getTime())).toBe(true);

    const fulfilled = store.orders.filter((o) => o.displayFulfillmentStatus === "FULFILLED");
    expect(fulfilled.length / store.orders.length).toBeGreaterThan(0.78);
    expect(fulfilled.length / store.orders.length).toBeLessThan(0.92);
    expect(fulfilled.every((o) => o.fulfillments[0] && Date.parse(o.fulfillments[0].createdAt) > Date.parse(o.processedAt))).toBe(true);
    expect(store.orders.some((o) => o.cancelledAt)).toBe(true);
    expect(store.orders.some((o) => o.displayFinancialStatus === "REFUNDED" && !o.cancelledAt)).toBe(true);

    const lineCounts = store.orders.map((o) => o.lineItems.length);
    expect(Math.min(...lineCounts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...lineCounts)).toBeLessThanOrEqual(5);
    const average = lineCounts.reduce((a, b) => a + b, 0) / lineCounts.length;
    expect(average).toBeGreaterThan(2.5);
    expect(average).toBeLessThan(3.5);
  });

  test("about 70% of variants carry complete customs data and some products are final sale", () => {
    const store = generateDemoStore({ now: NOW });
    expect(store.products.length).toBeGreaterThanOrEqual(38);
    const variants = store.products.flatMap((p) => p.variants);
    const complete = variants.filter((v) => v.inventoryItem.harmonizedSystemCode && v.inventoryItem.countryCodeOfOrigin && v.inventoryItem.measurement.weight.value > 0);
    expect(complete.length / variants.length).toBeGreaterThan(0.55);
    expect(complete.length / variants.length).toBeLessThan(0.85);
    expect(store.products.filter((p) => p.tags.includes("final-sale")).length).toBeGreaterThanOrEqual(3);
    expect(store.themes.find((t) => t.role === "MAIN")?.files.find((f) => f.filename === "config/settings_data.json")?.content).toContain('"current"');
  });
});

describe("token exchange", () => {
  test("a valid session token buys an expiring offline token with the app's scopes", async () => {
    const { status, body } = await exchange(DEMO_SHOP, { subject_token: sessionToken(DEMO_SHOP), expiring: "1" });
    expect(status).toBe(200);
    expect(body).toMatchObject({ scope: DEMO_SCOPES, expires_in: 3600, refresh_token_expires_in: 7_776_000 });
    expect(body.access_token).toMatch(/^shpat_/);
    expect(body.refresh_token).toMatch(/^shprt_/);
  });

  test("a non-expiring offline token is stable per shop, like Shopify's", async () => {
    const first = await exchange(DEMO_SHOP, { subject_token: sessionToken(DEMO_SHOP) });
    const second = await exchange(DEMO_SHOP, { subject_token: sessionToken(DEMO_SHOP) });
    expect(first.body.access_token).toBe(second.body.access_token);
    expect(first.body.expires_in).toBeUndefined();
  });

  test.each([
    ["signed with another secret", () => sessionToken(DEMO_SHOP, {}, "not-the-secret")],
    ["meant for another shop", () => sessionToken(OTHER_SHOP)],
    ["expired", () => sessionToken(DEMO_SHOP, { exp: Math.floor(Date.now() / 1000) - 120 })],
    ["not a JWT", () => "garbage"],
  ])("rejects a session token %s", async (_label, token) => {
    const { status, body } = await exchange(DEMO_SHOP, { subject_token: token() });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_subject_token");
  });

  test("rejects wrong client credentials", async () => {
    const { status, body } = await exchange(DEMO_SHOP, { subject_token: sessionToken(DEMO_SHOP), client_secret: "wrong" });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_client");
  });

  test("online tokens carry the associated user", async () => {
    const { body } = await exchange(DEMO_SHOP, { subject_token: sessionToken(DEMO_SHOP), requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token" });
    expect(body.access_token).toMatch(/^shpua_/);
    expect(body.associated_user).toMatchObject({ id: 42 });
  });

  test("refresh tokens rotate, and an uninstall revokes everything", async () => {
    const issued = await exchange(DEMO_SHOP, { subject_token: sessionToken(DEMO_SHOP), expiring: 1 });
    const refresh = (token: unknown) => exchange(DEMO_SHOP, { grant_type: "refresh_token", refresh_token: token });

    const refreshed = await refresh(issued.body.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(issued.body.access_token);
    expect((await refresh(issued.body.refresh_token)).body.error).toBe("invalid_grant");

    revokeShop(DEMO_SHOP);
    expect((await refresh(refreshed.body.refresh_token)).body.error).toBe("invalid_grant");
    expect((await admin(DEMO_SHOP, refreshed.body.access_token as string, "{ shop { name } }")).status).toBe(401);
  });

  test("the granted scopes can be narrowed per shop", async () => {
    shopifyStore(DEMO_SHOP).setScopes("read_orders");
    const { body } = await exchange(DEMO_SHOP, { subject_token: sessionToken(DEMO_SHOP), expiring: "1" });
    expect(body.scope).toBe("read_orders");
  });
});

describe("Admin GraphQL", () => {
  test("rejects a missing or unknown access token with 401", async () => {
    const missing = await admin(DEMO_SHOP, null, "{ shop { name } }");
    expect(missing.status).toBe(401);
    expect(missing.body.errors).toMatch(/Invalid API key or access token/);
    expect((await admin(DEMO_SHOP, "shpat_unknown", "{ shop { name } }")).status).toBe(401);
  });

  test("a token only works for the shop it was issued for", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    expect((await admin(OTHER_SHOP, token, "{ shop { name } }")).status).toBe(401);
  });

  test("answers a shop query with a cost extension", async () => {
    const { body } = await exchange(DEMO_SHOP, { subject_token: sessionToken(DEMO_SHOP), expiring: "1" });
    const result = await admin(
      DEMO_SHOP,
      body.access_token as string,
      `query Shop { shop { name myshopifyDomain currencyCode ianaTimezone plan { displayName shopifyPlus } billingAddress { countryCodeV2 phone } primaryDomain { url } shipsToCountries shopPolicies { type url body } } currentAppInstallation { accessScopes { handle } } }`,
    );
    expect(result.status).toBe(200);
    expect(result.body.data!.shop).toMatchObject({ name: "Demo Returns Store", currencyCode: "NZD", ianaTimezone: "Pacific/Auckland", plan: { displayName: "Advanced", shopifyPlus: false } });
    expect(result.body.data!.currentAppInstallation.accessScopes.map((s: { handle: string }) => s.handle).sort()).toEqual(DEMO_SCOPES.split(",").sort());
    expect(result.body.extensions!.cost).toMatchObject({ requestedQueryCost: expect.any(Number), actualQueryCost: expect.any(Number), throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } });
  });

  test("pages through orders with cursors and hides orders older than 60 days without read_all_orders", async () => {
    const data = shopifyStore(DEMO_SHOP).data;
    const cutoff = Date.now() - 60 * DAY;
    const recent = data.orders.filter((o) => Date.parse(o.createdAt) >= cutoff);
    expect(recent.length).toBeLessThan(data.orders.length);

    const limited = await allOrders(issueAccessToken(DEMO_SHOP));
    expect(limited.map((o) => o.id)).toEqual(recent.map((o) => o.id));
    expect(new Set(limited.map((o) => o.id)).size).toBe(limited.length);

    const full = await allOrders(issueAccessToken(DEMO_SHOP, { scopes: `${DEMO_SCOPES},read_all_orders` }));
    expect(full).toHaveLength(data.orders.length);

    const old = data.orders[0]!;
    const single = await admin(DEMO_SHOP, issueAccessToken(DEMO_SHOP), `query($id: ID!) { order(id: $id) { id } }`, { id: old.id });
    expect(single.body.data!.order).toBeNull();
  });

  test("a grant of optional scopes reaches the tokens already issued, and a revoke takes it back (the installation's access, not the token's)", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    const handles = async () =>
      ((await admin(DEMO_SHOP, token, `{ currentAppInstallation { accessScopes { handle } } }`)).body.data!.currentAppInstallation.accessScopes as { handle: string }[]).map((s) => s.handle);
    const total = async () => (await allOrders(token)).length;
    const recentOnly = await total();
    expect(await handles()).not.toContain("read_all_orders");

    shopifyStore(DEMO_SHOP).setInstalledScopes(`${DEMO_SCOPES},read_all_orders`);
    expect(await handles()).toContain("read_all_orders");
    expect(await total()).toBe(shopifyStore(DEMO_SHOP).data.orders.length);
    expect(await total()).toBeGreaterThan(recentOnly);

    shopifyStore(DEMO_SHOP).setInstalledScopes(DEMO_SCOPES);
    expect(await handles()).not.toContain("read_all_orders");
    expect(await total()).toBe(recentOnly);
  });

  test("filters orders with Shopify's search syntax", async () => {
    const token = issueAccessToken(DEMO_SHOP, { scopes: `${DEMO_SCOPES},read_all_orders` });
    const data = shopifyStore(DEMO_SHOP).data;
    const since = new Date(Date.now() - 7 * DAY).toISOString();
    const updated = await allOrders(token, `updated_at:>'${since}' AND status:any`);
    expect(updated.map((o) => o.id).sort()).toEqual(
      data.orders
        .filter((o) => o.updatedAt > since.replace(/\.\d{3}Z$/, "Z"))
        .map((o) => o.id)
        .sort(),
    );
    expect(updated.length).toBeGreaterThan(0);

    const day = new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10);
    const created = await allOrders(token, `created_at:>=${day}`);
    expect(created.every((o) => o.createdAt >= day)).toBe(true);
    const processed = await allOrders(token, `processed_at:>"${day}T00:00:00Z" -status:cancelled`);
    expect(processed.length).toBeLessThanOrEqual(created.length);

    const warned = await admin(DEMO_SHOP, token, `{ orders(first: 1, query: "colour:red") { nodes { id } } }`);
    expect(warned.body.extensions!.search).toEqual([expect.objectContaining({ warnings: [expect.objectContaining({ field: "colour" })] })]);
  });

  test("sorts by UPDATED_AT in reverse", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    const { body } = await admin(DEMO_SHOP, token, `{ orders(first: 20, sortKey: UPDATED_AT, reverse: true) { nodes { updatedAt } } }`);
    const dates = body.data!.orders.nodes.map((n: { updatedAt: string }) => n.updatedAt);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  test("refuses more than 250 per page and unpaginated connections, with no data", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    const tooMany = await admin(DEMO_SHOP, token, `{ orders(first: 251) { nodes { id } } }`);
    expect(tooMany.status).toBe(200);
    expect(tooMany.body.data).toBeUndefined();
    expect((tooMany.body.errors as { message: string }[])[0]!.message).toMatch(/250/);
    const none = await admin(DEMO_SHOP, token, `{ orders { nodes { id } } }`);
    expect((none.body.errors as { message: string }[])[0]!.message).toBe("you must provide one of first or last");
  });

  test("rejects queries over the 1000-point single query limit", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    const { body } = await admin(DEMO_SHOP, token, `{ orders(first: 250) { nodes { id lineItems(first: 10) { nodes { variant { product { id } } } } } } }`);
    expect((body.errors as { extensions?: { code?: string } }[])[0]!.extensions?.code).toBe("MAX_COST_EXCEEDED");
  });

  test("reports invalid documents as errors with HTTP 200, like Shopify", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    const { status, body } = await admin(DEMO_SHOP, token, `{ shop { nope } }`);
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect((body.errors as { extensions?: Record<string, unknown> }[])[0]!.extensions).toMatchObject({ code: "undefinedField", fieldName: "nope" });
  });

  test("denies fields the token has no scope for", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    const { body } = await admin(DEMO_SHOP, token, `{ markets(first: 5) { nodes { name } } }`);
    expect((body.errors as { extensions?: Record<string, unknown> }[])[0]!.extensions).toMatchObject({ code: "ACCESS_DENIED" });
  });

  test("a field behind a scope the token lacks: null, with Shopify's ACCESS_DENIED error quoting the published rule", async () => {
    const token = issueAccessToken(DEMO_SHOP, { scopes: "read_orders" });
    const { status, body } = await admin(DEMO_SHOP, token, `{ shop { name shopPolicies { type url } } }`);
    expect(status).toBe(200);
    // shopPolicies is non-null in the schema, so the null reaches `shop` and then `data`, as on Shopify.
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: "Access denied for shopPolicies field. Required access: `read_legal_policies` access scope.",
        path: ["shop", "shopPolicies"],
        extensions: expect.objectContaining({ code: "ACCESS_DENIED", requiredAccess: "`read_legal_policies` access scope." }),
      }),
    ]);
  });

  test("a nullable field behind a type's rule: only that field is null (Order.customer needs read_customers)", async () => {
    const token = issueAccessToken(DEMO_SHOP, { scopes: "read_orders" });
    const { body } = await admin(DEMO_SHOP, token, `{ orders(first: 1) { nodes { name customer { id } } } }`);
    expect(body.data!.orders.nodes[0]).toEqual({ name: expect.stringMatching(/^#/), customer: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ["orders", "nodes", 0, "customer"], extensions: expect.objectContaining({ requiredAccess: "`read_customers` access scope." }) })]);
  });

  test("either scope of an 'or' rule is enough, and a write scope includes its read scope", async () => {
    for (const scopes of ["read_locales", "read_markets_home", "write_locales"]) {
      const { body } = await admin(DEMO_SHOP, issueAccessToken(DEMO_SHOP, { scopes }), `{ shopLocales { locale } }`);
      expect(body.errors).toBeUndefined();
      expect(body.data!.shopLocales.length).toBeGreaterThan(0);
    }
  });

  test("protected customer data: level 2 fields need their own approval, level 1 objects need level 1", async () => {
    const token = issueAccessToken(DEMO_SHOP, { scopes: "read_orders" });
    const query = `{ orders(first: 1) { nodes { name email shippingAddress { city zip } } } }`;
    configureShopify({ customerData: { level1: true, fields: ["address"] } });
    let { body } = await admin(DEMO_SHOP, token, query);
    expect(body.data!.orders.nodes[0]).toMatchObject({ email: null, shippingAddress: { city: expect.any(String), zip: expect.any(String) } });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^This app is not approved to use the email field/),
        path: ["orders", "nodes", 0, "email"],
        extensions: expect.objectContaining({ code: "ACCESS_DENIED" }),
      }),
    ]);

    configureShopify({ customerData: { level1: false, fields: [] } });
    ({ body } = await admin(DEMO_SHOP, token, query));
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^This app is not approved to access the Order object/), path: ["orders"] })]);
  });

  test("a refund of some lines lowers their currentQuantity, as Shopify reports it", async () => {
    const recent = Date.now() - 30 * DAY;
    const order = shopifyStore(DEMO_SHOP).data.orders.find(
      (o) => Date.parse(o.createdAt) > recent && !o.cancelledAt && o.displayFinancialStatus === "PAID" && o.lineItems.some((li) => li.quantity >= 2),
    )!;
    const line = order.lineItems.find((li) => li.quantity >= 2)!;
    order.refunds.push({
      id: "gid://shopify/Refund/990001",
      createdAt: order.updatedAt,
      note: null,
      amount: line.originalUnitPrice,
      lineItems: [{ id: "gid://shopify/RefundLineItem/990001", lineItemId: line.id, quantity: 1, restockType: "RETURN", subtotal: line.originalUnitPrice, totalTax: "0.0" }],
    });
    const { body } = await admin(DEMO_SHOP, issueAccessToken(DEMO_SHOP), `query($id: ID!) { order(id: $id) { lineItems(first: 50) { nodes { id quantity currentQuantity } } } }`, { id: order.id });
    const nodes = body.data!.order.lineItems.nodes as { id: string; quantity: number; currentQuantity: number }[];
    expect(nodes.find((n) => n.id === line.id)).toEqual({ id: line.id, quantity: line.quantity, currentQuantity: line.quantity - 1 });
    for (const other of nodes.filter((n) => n.id !== line.id)) expect(other.currentQuantity).toBe(other.quantity);
  });

  test("serves the main theme's settings_data.json for app-embed detection", async () => {
    const token = issueAccessToken(DEMO_SHOP, { scopes: `${DEMO_SCOPES},read_themes` });
    const { body } = await admin(
      DEMO_SHOP,
      token,
      `{ themes(first: 1, roles: [MAIN]) { nodes { id name role files(filenames: ["config/settings_data.json"]) { nodes { filename body { ... on OnlineStoreThemeFileBodyText { content } } } } } } }`,
    );
    const theme = body.data!.themes.nodes[0];
    expect(theme.role).toBe("MAIN");
    const content: string = theme.files.nodes[0].body.content;
    const settings = JSON.parse(content.replace(/^\/\*[\s\S]*?\*\//, ""));
    expect(settings.current.blocks).toEqual({});
  });

  test("shops are isolated: an unknown shop gets its own small store", async () => {
    const token = issueAccessToken(OTHER_SHOP, { scopes: `${DEMO_SCOPES},read_all_orders` });
    const { body } = await admin(OTHER_SHOP, token, `{ shop { name myshopifyDomain } orders(first: 250) { nodes { id } } }`);
    expect(body.data!.shop).toEqual({ name: "Other Outdoors", myshopifyDomain: OTHER_SHOP });
    expect(body.data!.orders.nodes).toHaveLength(20);
    const demoIds = new Set(shopifyStore(DEMO_SHOP).data.orders.map((o) => o.id));
    expect(body.data!.orders.nodes.some((n: { id: string }) => demoIds.has(n.id))).toBe(false);
  });

  test("changes made through shopifyStore show up in the API and vanish on reset", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    shopifyStore(DEMO_SHOP).data.shop.name = "Renamed";
    expect((await admin(DEMO_SHOP, token, "{ shop { name } }")).body.data!.shop.name).toBe("Renamed");
    resetShopify();
    expect(shopifyStore(DEMO_SHOP).data.shop.name).toBe("Demo Returns Store");
  });
});

describe("faults", () => {
  test("THROTTLED arrives with HTTP 200 and the next call succeeds", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    shopifyFaults.throttle(1);
    const throttled = await admin(DEMO_SHOP, token, "{ shop { name } }");
    expect(throttled.status).toBe(200);
    expect((throttled.body.errors as { extensions?: { code?: string } }[])[0]!.extensions?.code).toBe("THROTTLED");
    expect(throttled.body.extensions!.cost.actualQueryCost).toBeNull();
    expect((await admin(DEMO_SHOP, token, "{ shop { name } }")).body.data!.shop.name).toBe("Demo Returns Store");
  });

  test("an empty bucket throttles on its own", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    shopifyStore(DEMO_SHOP).setThrottleStatus({ currentlyAvailable: 10, restoreRate: 0 });
    const { body } = await admin(DEMO_SHOP, token, "{ orders(first: 50) { nodes { id } } }");
    expect((body.errors as { extensions?: { code?: string } }[])[0]!.extensions?.code).toBe("THROTTLED");
  });

  test.each([429, 500, 503] as const)("HTTP %i once, then normal service", async (status) => {
    const token = issueAccessToken(DEMO_SHOP);
    shopifyFaults.httpError(status);
    expect((await admin(DEMO_SHOP, token, "{ shop { name } }")).status).toBe(status);
    expect((await admin(DEMO_SHOP, token, "{ shop { name } }")).status).toBe(200);
  });
});

describe("bulk operations", () => {
  const RUN = /* GraphQL */ `
    mutation Run($query: String!) {
      bulkOperationRunQuery(query: $query) {
        bulkOperation {
          id
          status
        }
        userErrors {
          field
          message
          code
        }
      }
    }
  `;
  const POLL = `query($id: ID!) { node(id: $id) { ... on BulkOperation { id status errorCode objectCount rootObjectCount fileSize url completedAt } } }`;
  const ORDERS_WITH_LINES = `{ orders(query: "status:any") { edges { node { id name lineItems { edges { node { id sku quantity } } } } } } }`;

  test("runs a nested query and produces JSONL with __parentId children", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    const started = await admin(DEMO_SHOP, token, RUN, { query: ORDERS_WITH_LINES });
    const payload = started.body.data!.bulkOperationRunQuery;
    expect(payload.userErrors).toEqual([]);
    expect(payload.bulkOperation.status).toBe("CREATED");

    const polled = await admin(DEMO_SHOP, token, POLL, { id: payload.bulkOperation.id });
    const op = polled.body.data!.node;
    expect(op.status).toBe("COMPLETED");
    expect(op.url).toMatch(/^https:\/\/storage\.shopifycloud\.test\/bulk\/.+\.jsonl$/);

    const file = await fetch(op.url);
    const text = await file.text();
    expect(String(Buffer.byteLength(text))).toBe(op.fileSize);
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(String(lines.length)).toBe(op.objectCount);

    const orders = lines.filter((l) => !l.__parentId);
    const items = lines.filter((l) => l.__parentId);
    const visible = shopifyStore(DEMO_SHOP).data.orders.filter((o) => Date.parse(o.createdAt) >= Date.now() - 60 * DAY);
    expect(orders).toHaveLength(visible.length);
    expect(String(orders.length)).toBe(op.rootObjectCount);
    expect(orders[0]).not.toHaveProperty("lineItems");
    const orderIds = new Set(orders.map((o) => o.id));
    expect(items.length).toBe(visible.reduce((sum, o) => sum + o.lineItems.length, 0));
    expect(items.every((item) => orderIds.has(item.__parentId))).toBe(true);
    expect(items[0]).toEqual({ id: expect.stringMatching(/LineItem/), sku: expect.anything(), quantity: expect.any(Number), __parentId: expect.stringMatching(/Order/) });
  });

  test("reports an invalid inner query as userErrors", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    const noConnection = await admin(DEMO_SHOP, token, RUN, { query: "{ shop { name } }" });
    expect(noConnection.body.data!.bulkOperationRunQuery).toMatchObject({ bulkOperation: null, userErrors: [{ code: "INVALID", field: ["query"] }] });
    const noParentId = await admin(DEMO_SHOP, token, RUN, { query: "{ orders { edges { node { name lineItems { edges { node { sku } } } } } } }" });
    expect(noParentId.body.data!.bulkOperationRunQuery.userErrors[0].message).toMatch(/must select the 'id' field/);
    const broken = await admin(DEMO_SHOP, token, RUN, { query: "{ orders { edges { node { nope } } } }" });
    expect(broken.body.data!.bulkOperationRunQuery.userErrors[0].message).toMatch(/^Invalid bulk query/);
  });

  test("stays RUNNING for the configured time and allows five at once", async () => {
    configureShopify({ bulkOperationDurationMs: 60_000 });
    const token = issueAccessToken(DEMO_SHOP);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { body } = await admin(DEMO_SHOP, token, RUN, { query: "{ products { edges { node { id title } } } }" });
      ids.push(body.data!.bulkOperationRunQuery.bulkOperation.id);
    }
    const sixth = await admin(DEMO_SHOP, token, RUN, { query: "{ products { edges { node { id } } } }" });
    expect(sixth.body.data!.bulkOperationRunQuery.userErrors[0].code).toBe("LIMIT_REACHED");
    const polled = await admin(DEMO_SHOP, token, POLL, { id: ids[0] });
    expect(["CREATED", "RUNNING"]).toContain(polled.body.data!.node.status);
    expect(polled.body.data!.node.url).toBeNull();
  });

  test("a failed operation reports its error code and no URL", async () => {
    const token = issueAccessToken(DEMO_SHOP);
    shopifyFaults.failNextBulkOperation("TIMEOUT");
    const { body } = await admin(DEMO_SHOP, token, RUN, { query: "{ products { edges { node { id } } } }" });
    const polled = await admin(DEMO_SHOP, token, POLL, { id: body.data!.bulkOperationRunQuery.bulkOperation.id });
    expect(polled.body.data!.node).toMatchObject({ status: "FAILED", errorCode: "TIMEOUT", url: null });
  });
});

describe("with @shopify/shopify-api", () => {
  test("the library's token exchange and GraphQL client work against the fake", async () => {
    await import("@shopify/shopify-api/adapters/node");
    const { shopifyApi, ApiVersion, LogSeverity, RequestedTokenType } = await import("@shopify/shopify-api");
    const shopify = shopifyApi({
      apiKey: DEMO_API_KEY,
      apiSecretKey: DEMO_API_SECRET,
      apiVersion: ApiVersion.October26,
      scopes: DEMO_SCOPES.split(","),
      hostName: "seko-returns.test",
      isEmbeddedApp: true,
      logger: { level: LogSeverity.Error, log: async () => {} },
    });
    const { session } = await shopify.auth.tokenExchange({
      shop: DEMO_SHOP,
      sessionToken: sessionToken(DEMO_SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session.refreshToken).toMatch(/^shprt_/);
    const client = new shopify.clients.Graphql({ session });
    const response = await client.request(`query { shop { name } }`);
    expect(response.data?.shop).toEqual({ name: "Demo Returns Store" });
    expect(response.extensions?.cost).toBeDefined();
  });
});
