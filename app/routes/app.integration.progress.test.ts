import { expect, test } from "vitest";
import { signSessionToken } from "#tests/demo/session-token";
import { server } from "#tests/mocks/node";
import { shopifyStore } from "#tests/mocks/shopify";
import { DEMO_API_KEY, DEMO_SHOP } from "#tests/setup/config";
import { installShop, ordersWithinDays, syncTestHooks } from "#tests/setup/order-sync";
import { adminRequest, APP_URL } from "#tests/setup/requests";
import { drainJobs } from "~/job-handlers.server";
import { action, loader as pageLoader } from "./app.integration/route";
import { loader } from "./app.integration.progress";

const SHOP = DEMO_SHOP;
const OTHER_SHOP = "other-returns-store.myshopify.com";
const progress = (shop: string) => loader({ request: adminRequest("/app/integration/progress", { shop }), params: {}, context: {} });
const startSync = (shop: string) =>
  action({ request: adminRequest("/app/integration", { shop, init: { method: "POST", body: new URLSearchParams({ intent: "start-sync" }) } }), params: {}, context: {} });

syncTestHooks();

async function thrownBy(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (thrown) {
    return thrown;
  }
  throw new Error("expected the request to be refused");
}

test("reports the sync state of the session's shop, in the page's shape, without calling Shopify", async () => {
  await installShop(SHOP);
  await installShop(OTHER_SHOP);
  await startSync(SHOP);
  const page = await pageLoader({ request: adminRequest("/app/integration", { shop: SHOP }), params: {}, context: {} });

  const calls: string[] = [];
  const count = ({ request }: { request: Request }) => calls.push(request.url);
  server.events.on("request:start", count);
  const queued = await progress(SHOP);
  server.events.removeListener("request:start", count);
  expect(calls).toEqual([]);
  expect(queued).toEqual({ ...page.sync, progress: { ...page.sync.progress } });
  expect(Object.keys(queued).sort()).toEqual(
    ["attempts", "bulkObjectCount", "bulkStatus", "finishedAt", "lastError", "lastReconciledAt", "ordersStored", "phase", "progress", "since", "startedAt", "status"].sort(),
  );
  expect(queued.status).toBe("queued");

  await drainJobs({ shop: SHOP });
  const expected = ordersWithinDays(shopifyStore(SHOP).data.orders, 60).length;
  expect(await progress(SHOP)).toMatchObject({ status: "done", ordersStored: expected, progress: { ingested: expected, fraction: 1 } });
  // Another shop's sync is not this shop's business.
  expect(await progress(OTHER_SHOP)).toMatchObject({ status: "idle", ordersStored: 0, startedAt: null, progress: { ingested: 0 } });
});

test("is authenticated like the admin pages: no or a forged session token gets no sync state", async () => {
  await installShop(SHOP);
  await startSync(SHOP);
  const forged = signSessionToken({ shop: SHOP, apiKey: DEMO_API_KEY, apiSecret: "someone-elses-secret" });
  const refused = await thrownBy(loader({ request: new Request(`${APP_URL}/app/integration/progress`, { headers: { authorization: `Bearer ${forged}` } }), params: {}, context: {} }));
  expect(refused).toBeInstanceOf(Response);
  expect((refused as Response).status).toBe(401);

  const anonymous = await thrownBy(loader({ request: new Request(`${APP_URL}/app/integration/progress`), params: {}, context: {} }));
  expect(anonymous).toBeInstanceOf(Response);
  expect((anonymous as Response).status).not.toBe(200);
  expect(await (anonymous as Response).text()).not.toContain("queued");
});
