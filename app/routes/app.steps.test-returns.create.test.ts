import { beforeEach, expect, test, vi } from "vitest";
import { SEKO_TEST_KEYS, sekoState } from "#tests/mocks/seko";
import { DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { connect } from "~/seko/connection.server";
import { db } from "~/utils/db.server";
import * as detail from "./app.steps.test-returns.$id/route";
import * as page from "./app.steps.test-returns._index";

const PATH = "/app/steps/test-returns";

function unwrap(result: unknown): { status: number; body: Record<string, any> } {
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const { data, init } = result as { data: Record<string, any>; init?: { status?: number } };
    return { status: init?.status ?? 200, body: data };
  }
  return { status: 200, body: result as Record<string, any> };
}

async function post(route: { action: (args: any) => Promise<unknown> }, path: string, fields: Record<string, string>, params: Record<string, string> = {}) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return unwrap(await route.action({ request: adminRequest(path, { shop: DEMO_SHOP, userId: "101", init: { method: "POST", body } }), params, context: {} }));
}

beforeEach(async () => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  const row = (section: string, answers: unknown) => ({ shop: DEMO_SHOP, form: "onboarding", section, answers: JSON.stringify(answers), savedBy: "101" });
  await db.onboardingSection.createMany({
    data: [
      row("policy", { returnReasons: "Too small\nFaulty", reviewReasons: "Faulty", returnOptions: ["refund"] }),
      row("countries", { countryFees: [{ country: "NZ", paidBy: "retailer", currency: "NZD" }] }),
    ],
  });
  expect(await connect(DEMO_SHOP, { system: "omnireturns", environment: "test", accessKey: SEKO_TEST_KEYS.omnireturns }, "101")).toEqual({ ok: true });
  expect(await connect(DEMO_SHOP, { system: "omniparcel", environment: "test", accessKey: SEKO_TEST_KEYS.omniparcel }, "101")).toEqual({ ok: true });
});

const syncedOrder = () =>
  db.order.create({
    data: {
      shop: DEMO_SHOP,
      shopifyId: "gid://shopify/Order/8101",
      name: "#1081",
      customerName: "Sam Lee",
      shippingAddress: JSON.stringify({ address1: "12 Queen Street", city: "Auckland", zip: "1010", countryCode: "NZ" }),
      shipCountry: "NZ",
      currency: "NZD",
      processedAt: new Date("2026-11-20T10:00:00Z"),
      shopifyUpdatedAt: new Date("2026-11-20T10:00:00Z"),
      lineItems: {
        create: [
          { shopifyId: "gid://shopify/LineItem/81011", sku: "TEE", title: "Tee", quantity: 2, price: "35.00" },
          { shopifyId: "gid://shopify/LineItem/81012", sku: "CAP", title: "Cap", quantity: 1, price: "20.00" },
        ],
      },
    },
    include: { lineItems: { orderBy: { shopifyId: "asc" } } },
  });

test("an item already in an open test return of the order is refused beyond its quantity, with what to do; voiding that return frees it", async () => {
  const order = await syncedOrder();
  const [tee, cap] = order.lineItems;
  const create = (teeCount: number, capCount: number, reason = "Too small") =>
    post(page, PATH, {
      intent: "create",
      orderId: order.id,
      "items[0].lineItemId": tee!.id,
      "items[0].quantity": String(teeCount),
      "items[1].lineItemId": cap!.id,
      "items[1].quantity": String(capCount),
      reason,
      returnOption: "refund",
      originCountry: "NZ",
    });

  const first = await create(1, 1);
  expect(first).toMatchObject({ status: 200, body: { ok: true } });
  // A held return (no label yet) holds its items too.
  expect(await create(1, 0, "Faulty")).toMatchObject({ status: 200, body: { ok: true } });
  const labels = sekoState.labels.length;

  const twice = await create(1, 1);
  expect(twice.status).toBe(400);
  expect(twice.body.errors).toEqual({
    "items[0].quantity": ["Already in an open test return of this order: void its label to return it again, or choose another item."],
    "items[1].quantity": ["Already in an open test return of this order: void its label to return it again, or choose another item."],
  });
  expect(await db.testReturn.count({ where: { shop: DEMO_SHOP } })).toBe(2);
  expect(sekoState.labels).toHaveLength(labels);

  // The page says what the order's open test returns hold.
  const loaded = await page.loader({ request: adminRequest(`${PATH}?order=${order.id}`, { shop: DEMO_SHOP }), params: {}, context: {} });
  expect(loaded.returned).toEqual({ [tee!.id]: 2, [cap!.id]: 1 });

  // Voided, the first return's items can be returned again.
  expect(await post(detail, `${PATH}/${first.body.id}`, { intent: "void" }, { id: first.body.id })).toMatchObject({ status: 200, body: { ok: true } });
  expect(await create(1, 1)).toMatchObject({ status: 200, body: { ok: true } });
  expect((await create(1, 0)).body.errors).toEqual({ "items[0].quantity": ["Already in an open test return of this order: void its label to return it again, or choose another item."] });
});

test("two 'Create test return' submissions at once for the same item: one return and one label, the other refused with what to do", async () => {
  const order = await syncedOrder();
  const [, cap] = order.lineItems;
  const labels = sekoState.labels.length;
  const create = () =>
    post(page, PATH, { intent: "create", orderId: order.id, "items[0].lineItemId": cap!.id, "items[0].quantity": "1", reason: "Too small", returnOption: "refund", originCountry: "NZ" });

  // Both pass the form's check before either is stored; the order's lease lets one in at a time.
  const results = await Promise.all([create(), create(), create()]);
  const won = results.filter((result) => result.status === 200);
  const refused = results.filter((result) => result.status !== 200);
  expect(won).toHaveLength(1);
  expect(won[0]!.body).toMatchObject({ ok: true });
  expect(refused).toHaveLength(2);
  for (const result of refused) {
    expect([400, 409]).toContain(result.status);
    expect(result.body.errors).toEqual({ "items[0].quantity": ["Already in an open test return of this order: void its label to return it again, or choose another item."] });
  }
  expect(refused.some((result) => result.status === 409 && result.body.message === "Not created: another test return of this order took these items a moment ago.")).toBe(true);
  expect(await db.testReturn.count({ where: { shop: DEMO_SHOP, orderId: order.id } })).toBe(1);
  expect(sekoState.labels).toHaveLength(labels + 1);
  expect(await db.syncLock.count({ where: { shop: DEMO_SHOP } })).toBe(0);
});
