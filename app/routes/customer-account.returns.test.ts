import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { signSessionToken } from "#tests/demo/session-token";
import { shopifyStore } from "#tests/mocks/shopify";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SHOP } from "#tests/setup/config";
import { installShop, syncTestHooks } from "#tests/setup/order-sync";
import { adminRequest, APP_URL } from "#tests/setup/requests";
import { RETURNS_LIMIT } from "~/customer-account/request.server";
import { drainJobs } from "~/job-handlers.server";
import { startBackfill } from "~/shopify/backfill.server";
import { db } from "~/utils/db.server";
import * as storefront from "./app.storefront";
import { action, loader } from "./customer-account.returns";

const OTHER_SHOP = "other-store.myshopify.com";
const ANA = "gid://shopify/Customer/7001";
const BEN = "gid://shopify/Customer/7002";
const PORTAL = "https://returns.example-seko.test/demo";
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

/** A request as the extension sends it: its session token (signed by Shopify with the app's secret) as a bearer header. */
function extensionRequest(orderId: string, options: { shop?: string; customer?: string | null; secret?: string; lifetimeSeconds?: number; method?: string } = {}) {
  const token = signSessionToken({
    shop: options.shop ?? DEMO_SHOP,
    apiKey: DEMO_API_KEY,
    apiSecret: options.secret ?? DEMO_API_SECRET,
    userId: options.customer === null ? "" : (options.customer ?? ANA),
    lifetimeSeconds: options.lifetimeSeconds,
  });
  return new Request(`${APP_URL}/customer-account/returns?order=${encodeURIComponent(orderId)}`, {
    method: options.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, origin: EXTENSION_ORIGIN },
  });
}
const call = async (request: Request) => (request.method === "GET" ? loader : action)({ request, params: {}, context: {} });
const ask = async (orderId: string, options?: Parameters<typeof extensionRequest>[1]) => {
  const response = await call(extensionRequest(orderId, options));
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as any) : null };
};

let orders = 0;
async function order(overrides: { shop?: string; customerId?: string | null; fulfilledAt?: Date | null; placedAt?: Date; country?: string; cancelledAt?: Date } = {}) {
  orders++;
  const placedAt = overrides.placedAt ?? new Date(Date.now() - 5 * 86_400_000);
  return db.order.create({
    data: {
      shop: overrides.shop ?? DEMO_SHOP,
      shopifyId: `gid://shopify/Order/${5000 + orders}`,
      name: `#${1000 + orders}`,
      customerId: overrides.customerId === undefined ? ANA : overrides.customerId,
      email: "ana@example.com",
      shipCountry: overrides.country ?? "NZ",
      currency: "NZD",
      processedAt: placedAt,
      orderCreatedAt: placedAt,
      shopifyUpdatedAt: placedAt,
      fulfilledAt: overrides.fulfilledAt === undefined ? new Date(placedAt.getTime() + 86_400_000) : overrides.fulfilledAt,
      cancelledAt: overrides.cancelledAt ?? null,
      fulfillmentStatus: "FULFILLED",
    },
  });
}

async function setUpShop(shop = DEMO_SHOP, { live = true, orderParam = "order", emailParam = "" } = {}) {
  const row = (section: string, answers: unknown) => ({ shop, form: "onboarding", section, answers: JSON.stringify(answers), savedBy: "101" });
  await db.onboardingSection.createMany({
    data: [row("policy", { returnWindowDays: 30 }), row("countries", { countryFees: [{ country: "NZ", paidBy: "retailer", currency: "NZD" }] })],
  });
  if (live) await db.goLive.create({ data: { shop, liveAt: new Date() } });
  // The merchant's portal address and prefill, saved on the Storefront page (Shopify's metafields hold them).
  const body = new URLSearchParams({ intent: "save", portalUrl: PORTAL, orderParam, emailParam });
  await storefront.action({ request: adminRequest("/app/storefront", { shop, init: { method: "POST", body } }), params: {}, context: {} });
}

beforeEach(() => RETURNS_LIMIT.reset());
afterEach(() => vi.restoreAllMocks());

/** What a refusal lets the caller see: everything but the time it took. */
async function seen(response: Response) {
  const headers = [...response.headers.entries()].sort();
  return { status: response.status, statusText: response.statusText, body: await response.text(), headers };
}
/** The answer to a caller with no token at all: every other refusal of who is asking must look exactly like it. */
const unauthenticated = async (orderId: string) => seen(await call(new Request(`${APP_URL}/customer-account/returns?order=${encodeURIComponent(orderId)}`, { headers: { origin: EXTENSION_ORIGIN } })));

describe("the customer-account endpoint: authentication and CORS", () => {
  test("answers the CORS preflight without a token, as Shopify's extension sandbox needs", async () => {
    const response = await call(
      new Request(`${APP_URL}/customer-account/returns?order=1`, { method: "OPTIONS", headers: { origin: EXTENSION_ORIGIN, "access-control-request-headers": "authorization" } }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toContain("Authorization");
  });

  test("refuses a request without a token, with a forged or expired token, or from a buyer who is not logged in; the refusal carries CORS headers", async () => {
    const { shopifyId } = await order();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const bare = await call(new Request(`${APP_URL}/customer-account/returns?order=${shopifyId}`, { headers: { origin: EXTENSION_ORIGIN } }));
    expect(bare.status).toBe(401);
    expect(bare.headers.get("access-control-allow-origin")).toBe("*");
    expect((await ask(shopifyId, { secret: "not-the-app-secret" })).status).toBe(401);
    expect((await ask(shopifyId, { lifetimeSeconds: -120 })).status).toBe(401);
    expect((await ask(shopifyId, { customer: null })).status).toBe(401);
  });
});

describe("the customer-account endpoint: only a customer's token is a customer", () => {
  // An admin session token is signed with the same app secret, so Shopify's library verifies it here too; its `sub` is a
  // staff user's id (a number), which must never be read as the customer with that number.
  const STAFF_ID = "72015740983";

  test("an admin session token for the same shop is refused exactly like no token, and logged without the token", async () => {
    await setUpShop();
    // A customer whose id happens to be the staff user's number: the old reading answered with their order.
    const theirs = await order({ customerId: `gid://shopify/Customer/${STAFF_ID}` });
    const output: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(" ")));
    const expected = await unauthenticated(theirs.shopifyId);
    expect(expected).toMatchObject({ status: 401, body: "" });
    expect(expected.headers).toContainEqual(["access-control-allow-origin", "*"]);
    for (const userId of [STAFF_ID, `gid://shopify/User/${STAFF_ID}`]) {
      const token = signSessionToken({ shop: DEMO_SHOP, apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, userId });
      const [, claims, signature] = token.split(".") as [string, string, string];
      expect(JSON.parse(Buffer.from(claims, "base64url").toString())).toMatchObject({ iss: `https://${DEMO_SHOP}/admin`, sub: userId });
      const request = new Request(`${APP_URL}/customer-account/returns?order=${encodeURIComponent(theirs.shopifyId)}`, { headers: { authorization: `Bearer ${token}`, origin: EXTENSION_ORIGIN } });
      expect(await seen(await call(request))).toEqual(expected);
      for (const part of [claims, signature]) expect(output.join("\n")).not.toContain(part);
    }
    const refusals = output.filter((line) => line.includes("customer account: session token refused")).map((line) => JSON.parse(line));
    expect(refusals).toEqual([
      expect.objectContaining({ level: "warn", shop: DEMO_SHOP, issuer: "admin", subject: "staff user" }),
      expect.objectContaining({ level: "warn", shop: DEMO_SHOP, issuer: "admin", subject: "staff user" }),
    ]);
    expect(output.join("\n")).not.toContain(STAFF_ID);
    // The same order for its own customer's token still answers.
    expect((await ask(theirs.shopifyId, { customer: `gid://shopify/Customer/${STAFF_ID}` })).status).toBe(200);
  });

  test("a subject that is not exactly a Customer GID (a bare number, padded, another GID, another case, a suffix, empty) is refused exactly like no token", async () => {
    await setUpShop();
    const mine = await order();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const expected = await unauthenticated(mine.shopifyId);
    const subjects = [
      "7001",
      ` ${ANA}`,
      `${ANA} `,
      `${ANA}\n`,
      "gid://shopify/customer/7001",
      "gid://shopify/CustomerAccount/7001",
      `${ANA}/1`,
      `${ANA}?x=1`,
      "gid://shopify/Customer/",
      "gid://shopify/Customer/-7001",
      "",
    ];
    for (const customer of subjects) expect({ customer, seen: await seen(await call(extensionRequest(mine.shopifyId, { customer }))) }).toEqual({ customer, seen: expected });
    expect((await ask(mine.shopifyId)).status).toBe(200);
  });
});

describe("the customer-account endpoint: each customer sees only their own orders in their own shop", () => {
  test("the customer's own eligible order: eligible, with the portal link prefilled as the Storefront page set it", async () => {
    await setUpShop();
    const mine = await order();
    const answer = await ask(mine.shopifyId);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.body).toMatchObject({ order: { id: mine.shopifyId, name: mine.name }, eligibility: { eligible: true }, status: null });
    expect(answer.body.portalUrl).toBe(`${PORTAL}?order=${encodeURIComponent(mine.name)}`);
  });

  test("another customer's order in the same shop is not found (and says nothing about it)", async () => {
    await setUpShop();
    const bens = await order({ customerId: BEN });
    const guest = await order({ customerId: null });
    expect(await ask(bens.shopifyId)).toMatchObject({ status: 404, body: { error: "Order not found." } });
    expect((await ask(guest.shopifyId)).status).toBe(404);
    expect((await ask(bens.shopifyId, { customer: BEN })).status).toBe(200);
  });

  test("a token from another shop cannot read this shop's orders, even for the same customer id and order id", async () => {
    await setUpShop();
    const mine = await order();
    expect((await ask(mine.shopifyId, { shop: OTHER_SHOP })).status).toBe(404);
  });

  test("an order that cannot be returned says why and carries no link", async () => {
    await setUpShop();
    const unfulfilled = await order({ fulfilledAt: null });
    expect((await ask(unfulfilled.shopifyId)).body).toMatchObject({ eligibility: { eligible: false, reason: "not_fulfilled" }, portalUrl: null });
    const old = await order({ placedAt: new Date(Date.now() - 40 * 86_400_000) });
    expect((await ask(old.shopifyId)).body).toMatchObject({ eligibility: { eligible: false, reason: "window_closed" }, portalUrl: null });
  });

  test("before go-live nothing is offered", async () => {
    await setUpShop(DEMO_SHOP, { live: false });
    const mine = await order();
    expect((await ask(mine.shopifyId)).body).toMatchObject({ eligibility: { eligible: false, reason: "not_live" }, portalUrl: null });
  });

  test("the return's status comes from the tracking the app stored, test returns left out", async () => {
    await setUpShop();
    const mine = await order();
    const key = mine.name.replace("#", "");
    await db.returnShipment.createMany({
      data: [
        { shop: DEMO_SHOP, consignmentNo: "SEKO-LIVE-1", trackingNo: "TRK1", orderNo: key, orderKey: key, status: "RT", lastEventAt: "2026-11-28 09:00:00" },
        { shop: DEMO_SHOP, consignmentNo: "SEKO-TEST-1", orderNo: key, orderKey: key, status: "RDBTC", lastEventAt: "2026-11-29 09:00:00" },
        // Same order number in another shop: never this customer's return.
        { shop: OTHER_SHOP, consignmentNo: "SEKO-OTHER-1", orderNo: key, orderKey: key, status: "RP", lastEventAt: "2026-11-30 09:00:00" },
      ],
    });
    await db.testReturn.create({
      data: {
        shop: DEMO_SHOP,
        orderId: mine.id,
        orderName: mine.name,
        items: "[]",
        reason: "Too small",
        returnOption: "refund",
        originCountry: "NZ",
        state: "labelled",
        connote: "SEKO-TEST-1",
        createdBy: "101",
      },
    });
    expect((await ask(mine.shopifyId)).body.status).toEqual({ code: "RT", label: "Return in Transit", lastEventAt: "2026-11-28 09:00:00", trackingNo: "TRK1", trackingUrl: null });
  });

  test("rate limited per customer: the 31st request in a minute is refused with Retry-After; another customer is unaffected", async () => {
    const mine = await order({ fulfilledAt: null });
    const bens = await order({ customerId: BEN, fulfilledAt: null });
    for (let i = 0; i < 30; i++) expect((await ask(mine.shopifyId)).status).toBe(200);
    const refused = await ask(mine.shopifyId);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect((await ask(bens.shopifyId, { customer: BEN })).status).toBe(200);
  });

  test("an order id that is not an order GID is refused", async () => {
    expect((await ask("gid://shopify/Customer/1")).status).toBe(400);
  });
});

describe("the customer-account endpoint: orders the backfill imported, no webhook since", () => {
  syncTestHooks();

  test("every order in the return window answers its own customer, and only them: ownership comes with the bulk export", async () => {
    await installShop(DEMO_SHOP);
    await setUpShop();
    await startBackfill(DEMO_SHOP);
    await drainJobs({ shop: DEMO_SHOP });
    expect(await db.orderSyncState.findUniqueOrThrow({ where: { shop: DEMO_SHOP } })).toMatchObject({ status: "done" });

    // setUpShop's window: 30 days from the order date.
    const store = shopifyStore(DEMO_SHOP).data;
    const inWindow = store.orders.filter((o) => Date.parse(o.createdAt) > Date.now() - 30 * 86_400_000);
    const owned = inWindow.filter((o) => o.customerId);
    expect(owned.length).toBeGreaterThan(10);
    const answers = [];
    for (const o of owned) {
      const answer = await ask(o.id, { customer: o.customerId! });
      answers.push({ order: o.id, status: answer.status, answered: answer.body?.order?.id });
    }
    expect(answers).toEqual(owned.map((o) => ({ order: o.id, status: 200, answered: o.id })));

    // A fulfilled order to New Zealand: "Start a return" shows, with the portal link.
    const returnable = owned.find((o) => o.fulfillments.some((f) => f.status === "SUCCESS") && !o.cancelledAt && o.shippingAddress.countryCodeV2 === "NZ")!;
    expect((await ask(returnable.id, { customer: returnable.customerId! })).body).toMatchObject({ order: { name: returnable.name }, eligibility: { eligible: true } });
    // Another customer of the same shop, and a guest order, are still not found.
    const someoneElse = store.customers.find((c) => c.id !== returnable.customerId)!;
    expect((await ask(returnable.id, { customer: someoneElse.id })).status).toBe(404);
    const guest = store.orders.find((o) => !o.customerId);
    if (guest) expect((await ask(guest.id, { customer: returnable.customerId! })).status).toBe(404);
  });
});
