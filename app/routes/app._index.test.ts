import { describe, expect, test } from "vitest";
import { signSessionToken } from "#tests/demo/session-token";
import { DEMO_API_KEY, DEMO_SHOP } from "#tests/setup/config";
import { adminRequest, APP_URL } from "#tests/setup/requests";
import { authenticateTrackingDelivery, rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import { staffLabel } from "~/utils/staff.server";
import { sessionStorage, unauthenticated } from "~/shopify.server";
import { db } from "~/utils/db.server";
import { loader } from "./app._index";

const load = (request: Request) => loader({ request, params: {}, context: {} });

async function responseOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("expected a thrown Response");
}

describe("Home, as the first page after install", () => {
  test("exchanges the session token for an expiring offline token, stores it encrypted, records the shop", async () => {
    const data = await load(adminRequest("/app", { shop: DEMO_SHOP }));
    expect(data.shopName).toBe("Demo Returns Store");
    expect(data.guide.total).toBe(10);

    const row = await db.session.findUniqueOrThrow({ where: { id: `offline_${DEMO_SHOP}` } });
    expect(row.expires).toBeInstanceOf(Date);
    expect(row.refreshToken).toBeTruthy();
    expect(row.accessToken).not.toMatch(/^shpat_/);
    expect(await db.shop.findUnique({ where: { shop: DEMO_SHOP } })).toMatchObject({ uninstalledAt: null });
  });

  test("an expired offline token is refreshed, not exchanged again", async () => {
    await load(adminRequest("/app", { shop: DEMO_SHOP }));
    const session = (await sessionStorage!.loadSession(`offline_${DEMO_SHOP}`))!;
    const firstToken = session.accessToken;
    session.expires = new Date(Date.now() - 1000);
    await sessionStorage!.storeSession(session);

    // Pages call Shopify with the person's online token; the offline token is refreshed where it is used.
    const data = await load(adminRequest("/app", { shop: DEMO_SHOP }));
    expect(data.shopName).toBe("Demo Returns Store");
    await unauthenticated.admin(DEMO_SHOP);
    const refreshed = (await sessionStorage!.loadSession(`offline_${DEMO_SHOP}`))!;
    expect(refreshed.accessToken).not.toBe(firstToken);
    expect(refreshed.expires!.getTime()).toBeGreaterThan(Date.now());
  });

  test("a session token signed with another secret is refused with 401 and a retry hint", async () => {
    const forged = signSessionToken({ shop: DEMO_SHOP, apiKey: DEMO_API_KEY, apiSecret: "someone-elses-secret" });
    const request = new Request(`${APP_URL}/app`, { headers: { authorization: `Bearer ${forged}` } });
    const response = await responseOf(load(request));
    expect(response.status).toBe(401);
    expect(response.headers.get("X-Shopify-Retry-Invalid-Session-Request")).toBe("1");
    expect(await db.session.count()).toBe(0);
  });

  test("an expired session token on a document load goes to the bounce page for a fresh one", async () => {
    const stale = signSessionToken({ shop: DEMO_SHOP, apiKey: DEMO_API_KEY, apiSecret: "demo-seko-returns-client-secret", now: Date.now() - 120_000 });
    const host = Buffer.from(`admin.shopify.com/store/demo-returns-store`).toString("base64");
    const request = new Request(`${APP_URL}/app?embedded=1&shop=${DEMO_SHOP}&host=${host}&id_token=${stale}`);
    const response = await responseOf(load(request));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/auth\/session-token\?.*shopify-reload=/);
  });
});

describe("Home, when a finished step stops holding", () => {
  const stepOf = (data: Awaited<ReturnType<typeof load>>, id: string) => data.guide.steps.find((step) => step.id === id)!;

  test("step 3 is credited to the merchant who connected, and reopens with the reason once Production is chosen", async () => {
    await db.sekoCredential.create({ data: { shop: DEMO_SHOP, system: "omnirps", environment: "test", secret: "x", status: "connected", checkedAt: new Date() } });
    await db.onboardingActivity.create({ data: { shop: DEMO_SHOP, kind: "seko.connected", actor: "42", action: "Connected OmniRPS (Test)", detail: null } });
    let data = await load(adminRequest("/app", { shop: DEMO_SHOP }));
    expect(stepOf(data, "seko-accounts")).toMatchObject({ status: "done", completedBy: staffLabel("42") });
    expect(stepOf(data, "seko-accounts").reopened).toBeUndefined();

    await db.sekoSettings.create({ data: { shop: DEMO_SHOP, environment: "production" } });
    data = await load(adminRequest("/app", { shop: DEMO_SHOP }));
    expect(stepOf(data, "seko-accounts")).toMatchObject({ status: "in_progress", reopened: "no Production connection to OmniRPS yet" });
  });

  test("step 6 is done only with every member's login created, and reopens when someone is added", async () => {
    const base = { shop: DEMO_SHOP, timeZone: "Pacific/Auckland", addedBy: "42", omniReturnsRole: "retailer-manager" };
    await db.teamMemberRequest.create({
      data: { ...base, name: "Ana", email: "ana@demo-returns.example", status: "created", requestedAt: new Date(), createdInSekoAt: new Date() },
    });
    expect(stepOf(await load(adminRequest("/app", { shop: DEMO_SHOP })), "system-access").status).toBe("done");

    await db.teamMemberRequest.create({ data: { ...base, name: "Ben", email: "ben@demo-returns.example", createdAt: new Date(Date.now() + 1000) } });
    const step = stepOf(await load(adminRequest("/app", { shop: DEMO_SHOP })), "system-access");
    expect(step).toMatchObject({ status: "in_progress", reopened: "Ben was added and has no SEKO login yet" });
  });
});

describe("Home, when SEKO's tracking deliveries are refused", () => {
  test("shows how many were refused, why and when, for this shop only, until SEKO's next delivery is accepted", async () => {
    const OTHER = "other-store.myshopify.com";
    const credentials = await rotateTrackingCredentials(DEMO_SHOP, "42");
    await rotateTrackingCredentials(OTHER, "42");
    const token = new URL(credentials.url).pathname.split("/").pop()!;
    expect((await load(adminRequest("/app", { shop: DEMO_SHOP }))).trackingRefusals).toBeNull();

    await authenticateTrackingDelivery(token, new Headers({ Username: credentials.username, Password: "wrong" }));
    const data = await load(adminRequest("/app", { shop: DEMO_SHOP }));
    expect(data.trackingRefusals).toEqual({ count: 1, reason: "wrong username or password", lastAt: expect.any(String) });
    expect((await load(adminRequest("/app", { shop: OTHER }))).trackingRefusals).toBeNull();

    await authenticateTrackingDelivery(token, new Headers({ Username: credentials.username, Password: credentials.password }));
    expect((await load(adminRequest("/app", { shop: DEMO_SHOP }))).trackingRefusals).toBeNull();
  });
});

describe("Home shows the next action", () => {
  test("every step carries its action, and the next step is one the merchant can move", async () => {
    const data = await load(adminRequest("/app", { shop: DEMO_SHOP }));
    for (const step of data.guide.steps) expect(data.actions[step.id], step.id).toMatchObject({ url: expect.stringMatching(/^\/app\//), label: expect.any(String) });
    expect(data.guide.nextStepId).toBe("onboarding-form");
    expect(data.actions["test-returns"]).toEqual({ url: "/app/steps/test-returns", label: "Start test returns" });
    expect(data.actions["go-live"]).toEqual({ url: "/app/steps/go-live", label: "Start go-live" });
    expect(data.watch).toEqual({ refusals: null, health: null });
  });

  test("after go-live, what to watch carries setup health: the returns link gone from the live theme", async () => {
    await db.goLive.upsert({ where: { shop: DEMO_SHOP }, create: { shop: DEMO_SHOP, liveAt: new Date(), storefrontPlaced: false }, update: { liveAt: new Date(), storefrontPlaced: false } });
    const data = await load(adminRequest("/app", { shop: DEMO_SHOP }));
    expect(data.overview).not.toBeNull();
    expect(data.watch.refusals).toBeNull();
    expect(data.watch.health).toMatch(/^returns are live, but .*the returns link is no longer in your live theme$/);
  });
});
