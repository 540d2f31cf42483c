import { http } from "msw";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { server } from "#tests/mocks/node";
import { configureSekoWebhook, playReturnTimeline, postTrackingEvents, SEKO_TEST_KEYS, sekoFaults, sekoState, sekoWebhook, trackingEvent } from "#tests/mocks/seko";
import { DEMO_SHOP } from "#tests/setup/config";
import { readPdf } from "#tests/setup/pdf";
import { adminRequest } from "#tests/setup/requests";
import { getGuide } from "~/guide/guide.server";
import { connect } from "~/seko/connection.server";
import { rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import { db } from "~/utils/db.server";
import * as detail from "./app.steps.test-returns.$id/route";
import * as labelFile from "./app.steps.test-returns.$id_.label";
import * as labelCosts from "./app.steps.test-returns.label-costs/route";
import * as page from "./app.steps.test-returns._index";
import { loader as settingsLoader } from "./app.settings/route";
import { action as trackingAction } from "./seko.tracking.$token";

const OTHER_SHOP = "other-returns-store.myshopify.com";
const PATH = "/app/steps/test-returns";

function unwrap(result: unknown): { status: number; body: Record<string, any> } {
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const { data, init } = result as { data: Record<string, any>; init?: { status?: number } };
    return { status: init?.status ?? 200, body: data };
  }
  return { status: 200, body: result as Record<string, any> };
}

async function post(route: { action: (args: any) => Promise<unknown> }, path: string, fields: Record<string, string>, params: Record<string, string> = {}, userId = "101") {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  try {
    return unwrap(await route.action({ request: adminRequest(path, { shop: DEMO_SHOP, userId, init: { method: "POST", body } }), params, context: {} }));
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: { text: await thrown.text() } };
    return unwrap(thrown);
  }
}

const load = async (search = "") => page.loader({ request: adminRequest(`${PATH}${search}`, { shop: DEMO_SHOP }), params: {}, context: {} });
const loadDetail = (id: string) => detail.loader({ request: adminRequest(`${PATH}/${id}`, { shop: DEMO_SHOP }), params: { id }, context: {} });

async function configureStep1(shop = DEMO_SHOP) {
  const row = (section: string, answers: unknown) => ({ shop, form: "onboarding", section, answers: JSON.stringify(answers), savedBy: "101" });
  await db.onboardingSection.createMany({
    data: [
      row("policy", { returnReasons: "Too small\nFaulty", reviewReasons: "Faulty", returnOptions: ["refund", "credit"] }),
      row("countries", {
        countryFees: [
          { country: "NZ", paidBy: "retailer", currency: "NZD" },
          { country: "AU", paidBy: "customer", amount: 8, currency: "NZD" },
        ],
      }),
    ],
  });
}

let orderCount = 0;
async function syncedOrder(shop: string, country: string, overrides: { name?: string; processedAt?: Date; fulfillmentStatus?: string } = {}) {
  orderCount++;
  return db.order.create({
    data: {
      shop,
      shopifyId: `gid://shopify/Order/${9000 + orderCount}`,
      name: overrides.name ?? `#${1000 + orderCount}`,
      email: `customer${orderCount}@example.com`,
      customerName: `Customer ${orderCount}`,
      shippingAddress: JSON.stringify({ name: `Customer ${orderCount}`, address1: "12 Queen Street", city: country === "NZ" ? "Auckland" : "Sydney", zip: "1010", countryCode: country }),
      shipCountry: country,
      currency: "NZD",
      processedAt: overrides.processedAt ?? new Date("2026-11-20T10:00:00Z"),
      shopifyUpdatedAt: new Date("2026-11-20T10:00:00Z"),
      fulfillmentStatus: overrides.fulfillmentStatus ?? "FULFILLED",
      lineItems: {
        create: [
          { shopifyId: `gid://shopify/LineItem/${orderCount}1`, sku: "TEE-BLK-M", title: "Tee", variantTitle: "Black / M", quantity: 2, price: "35.00" },
          { shopifyId: `gid://shopify/LineItem/${orderCount}2`, sku: "CAP-RED", title: "Cap", quantity: 1, price: "20.00" },
        ],
      },
    },
    include: { lineItems: { orderBy: { shopifyId: "asc" } } },
  });
}

async function connectTestKeys() {
  expect(await connect(DEMO_SHOP, { system: "omnireturns", environment: "test", accessKey: SEKO_TEST_KEYS.omnireturns }, "101")).toEqual({ ok: true });
  expect(await connect(DEMO_SHOP, { system: "omniparcel", environment: "test", accessKey: SEKO_TEST_KEYS.omniparcel }, "101")).toEqual({ ok: true });
}

type SyncedOrder = Awaited<ReturnType<typeof syncedOrder>>;
const createFields = (order: SyncedOrder, overrides: Record<string, string> = {}) => ({
  intent: "create",
  orderId: order.id,
  "items[0].lineItemId": order.lineItems[0]!.id,
  "items[0].quantity": "1",
  "items[1].lineItemId": order.lineItems[1]!.id,
  "items[1].quantity": "0",
  reason: "Too small",
  returnOption: "refund",
  originCountry: order.shipCountry!,
  ...overrides,
});

/** SEKO's webhook, answered by the app's real receiver route: the simulated SEKO reaches it over (intercepted) HTTP. */
async function useReceiver() {
  const credentials = await rotateTrackingCredentials(DEMO_SHOP, "101");
  server.use(http.post(`${new URL(credentials.url).origin}/seko/tracking/:token`, ({ request, params }) => trackingAction({ request, params: { token: String(params.token) }, context: {} })));
  configureSekoWebhook({ url: credentials.url, username: credentials.username, password: credentials.password });
}

/** A live return's event, straight from SEKO (no test return behind it). */
async function playTrackingFor(consignmentNo: string) {
  const webhook = sekoWebhook.current!;
  const answer = await postTrackingEvents(webhook.url, [trackingEvent({ ConsignmentNo: consignmentNo, Code: "RC" })], webhook);
  expect(answer.status).toBe(200);
}

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

describe("step 9: the order picker", () => {
  test("searches, filters by country, fulfilment and date, and pages the shop's own orders", async () => {
    await configureStep1();
    for (let index = 0; index < 22; index++) await syncedOrder(DEMO_SHOP, index % 2 ? "AU" : "NZ", { processedAt: new Date(Date.UTC(2026, 10, 1 + index)) });
    const special = await syncedOrder(DEMO_SHOP, "AU", { name: "#7777", fulfillmentStatus: "UNFULFILLED", processedAt: new Date("2026-10-05T00:00:00Z") });
    await syncedOrder(OTHER_SHOP, "NZ", { name: "#7778" });

    const first = await load();
    expect(first.search).toMatchObject({ total: 23, page: 1, pages: 2, countries: ["AU", "NZ"] });
    expect(first.search.orders).toHaveLength(20);
    expect((await load("?page=2")).search.orders).toHaveLength(3);
    expect((await load("?q=7777")).search.orders.map((order) => order.id)).toEqual([special.id]);
    // Another shop's order is never found, whatever the search.
    expect((await load("?q=7778")).search.total).toBe(0);
    expect((await load("?country=AU")).search.total).toBe(12);
    expect((await load("?fulfilment=unfulfilled")).search.orders.map((order) => order.name)).toEqual(["#7777"]);
    expect((await load("?from=2026-11-20&to=2026-11-21")).search.total).toBe(2);
    // A malformed filter is ignored, not an error.
    expect((await load("?country=australia&page=-3")).search).toMatchObject({ total: 23, page: 1 });
  });

  test("choosing another shop's order shows nothing", async () => {
    const foreign = await syncedOrder(OTHER_SHOP, "NZ");
    expect((await load(`?order=${foreign.id}`)).chosen).toBeNull();
  });
});

describe("step 9: a test return", () => {
  test("creates the label in SEKO's test environment, tagged as a test, and shows it with its consignment and tracking link", async () => {
    await configureStep1();
    await connectTestKeys();
    const order = await syncedOrder(DEMO_SHOP, "NZ");
    const created = await post(page, PATH, createFields(order));
    expect(created).toMatchObject({ status: 200, body: { ok: true } });

    const label = sekoState.labels.at(-1)!;
    expect(label).toMatchObject({ system: "omnireturns", host: "test.omniparcelreturns.com", shipType: "INBOUND", deliveryReference: order.name.slice(1), skus: ["TEE-BLK-M"] });
    expect(label.request).toMatchObject({ Reference2: "TEST RETURN", Origin: { Address: { CountryCode: "NZ" } }, Commodities: [{ Units: 1, Reason: "Too small", ReturnAction: "Refund" }] });

    const view = await loadDetail(created.body.id);
    expect(view.item).toMatchObject({ state: "labelled", connote: label.connote, trackingUrl: `https://track.omnirps.com/?connote=${label.connote}`, cost: 12.5, hasLabel: true });
    const file = await labelFile.loader({ request: adminRequest(`${PATH}/${created.body.id}/label`, { shop: DEMO_SHOP }), params: { id: created.body.id }, context: {} });
    expect(file.headers.get("content-type")).toBe("application/pdf");
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    // The file SEKO printed, served as it came: one 100 × 150 mm page naming the consignment and the order.
    const pdf = await readPdf(bytes);
    expect(pdf).toMatchObject({ pages: 1, width: expect.closeTo(283.46, 1), height: expect.closeTo(425.2, 1) });
    expect(pdf.text.split("\n")).toEqual(expect.arrayContaining([label.connote, `Reference ${order.name.slice(1)}`, "RETURN TO"]));
    expect(file.headers.get("content-disposition")).toBe(`inline; filename="${label.connote}.pdf"`);
    // Whatever SEKO calls the consignment, the header stays one well-formed line.
    await db.testReturn.update({ where: { id: created.body.id }, data: { connote: 'SK"12\r\nX-Evil: 1' } });
    const odd = await labelFile.loader({ request: adminRequest(`${PATH}/${created.body.id}/label`, { shop: DEMO_SHOP }), params: { id: created.body.id }, context: {} });
    expect(odd.headers.get("content-disposition")).toBe('inline; filename="SK_12__X-Evil__1.pdf"');
    const entry = await db.onboardingActivity.findFirstOrThrow({ where: { shop: DEMO_SHOP, kind: "test-return.created" } });
    expect(entry).toMatchObject({ actor: "101", action: `Created a test return on ${order.name}` });
  });

  test("SEKO's refusal is kept on the return, with a retry that works once SEKO does", async () => {
    await configureStep1();
    await connectTestKeys();
    const order = await syncedOrder(DEMO_SHOP, "AU");
    sekoFaults.next("errors_in_200", { endpoint: "omnireturns.printshipment" });
    const created = await post(page, PATH, createFields(order));
    expect(created.status).toBe(502);
    expect(created.body.message).toMatch(/PostCode is not valid/);
    const failed = await db.testReturn.findFirstOrThrow({ where: { id: created.body.id } });
    expect(failed).toMatchObject({ state: "failed", connote: null });

    const retried = await post(detail, `${PATH}/${failed.id}`, { intent: "retry" }, { id: failed.id });
    expect(retried).toMatchObject({ status: 200, body: { ok: true } });
    expect(await db.testReturn.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ state: "labelled", error: null });
  });

  test("refuses quantities beyond the order and reasons step 1 does not list, creating nothing", async () => {
    await configureStep1();
    await connectTestKeys();
    const order = await syncedOrder(DEMO_SHOP, "NZ");
    const refused = await post(page, PATH, createFields(order, { "items[0].quantity": "3", reason: "Wrong colour" }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toMatchObject({ "items[0].quantity": ["At most 2 can be returned"], reason: ["Choose one of the return reasons from step 1"] });
    expect(await db.testReturn.count()).toBe(0);
    expect(sekoState.labels).toHaveLength(0);
  });

  test("without a test connection nothing is sent and the merchant is told where to connect", async () => {
    await configureStep1();
    const order = await syncedOrder(DEMO_SHOP, "NZ");
    const created = await post(page, PATH, createFields(order));
    expect(created.body.message).toMatch(/Connect SEKO's test environment in Settings/);
    expect((await load()).testKeys).toEqual([]);
  });

  test("the timeline advances as SEKO posts events to the receiver; statusv2 adds what SEKO knows; voiding deletes the label at SEKO", async () => {
    await configureStep1();
    await connectTestKeys();
    await useReceiver();
    const order = await syncedOrder(DEMO_SHOP, "NZ");
    const { body } = await post(page, PATH, createFields(order));
    const connote = sekoState.labels.at(-1)!.connote;

    const answers = await playReturnTimeline(connote, ["RC", "RT", "RDTPF"]);
    expect(answers.map((answer) => answer?.status)).toEqual([200, 200, 200]);
    let view = await loadDetail(body.id);
    expect(view.item.timeline.current).toBe("RDTPF");
    // Each status stands next to the customer email it would send (step 8; none are switched on here).
    expect(Object.keys(view.notifications).sort()).toEqual(["DS", "RC", "RDBTC", "RDTPF", "RE", "RP", "RR", "RT"]);
    expect(view.notifications.RC).toMatchObject({ enabled: false, subject: expect.any(String) });
    expect(view.item.timeline.track.filter((status) => status.reachedAt).map((status) => status.code)).toEqual(["RC", "RT", "RDTPF"]);

    // Settings' latest events tag the test return's events as such; a live return's stay untagged.
    await playTrackingFor("SEKO9990001");
    const settings = await settingsLoader({ request: adminRequest("/app/settings", { shop: DEMO_SHOP }), params: {}, context: {} });
    expect(settings.events.filter((event) => event.consignmentNo === connote).every((event) => event.test)).toBe(true);
    expect(settings.events.find((event) => event.consignmentNo === "SEKO9990001")).toMatchObject({ test: false });

    // A manual check reads statusv2; events already delivered by the webhook are not stored twice.
    const checked = await post(detail, `${PATH}/${body.id}`, { intent: "check" }, { id: body.id });
    expect(checked).toMatchObject({ status: 200, body: { ok: true } });
    expect(sekoState.requestsTo("omniparcel.statusv2").at(-1)!.body).toEqual([connote]);
    // A second check at once is held back (statusv2 allows 100 calls a minute per account).
    const again = await post(detail, `${PATH}/${body.id}`, { intent: "check" }, { id: body.id });
    expect(again).toMatchObject({ status: 400, body: { ok: false, message: "Checked a moment ago: try again in a few seconds." } });
    expect(sekoState.requestsTo("omniparcel.statusv2")).toHaveLength(1);

    const voided = await post(detail, `${PATH}/${body.id}`, { intent: "void" }, { id: body.id });
    expect(voided).toMatchObject({ status: 200, body: { ok: true } });
    expect(sekoState.labels.find((label) => label.connote === connote)!.deleted).toBe(true);
    view = await loadDetail(body.id);
    expect(view.item).toMatchObject({ state: "voided", voidedBy: expect.any(String) });
    // SEKO plays nothing more for a voided label.
    expect(await playReturnTimeline(connote, ["DS"])).toEqual([null]);
  });

  test("a reason that needs review holds the return without a label until the merchant decides; the decision and who made it are kept", async () => {
    await configureStep1();
    await connectTestKeys();
    await useReceiver();
    const order = await syncedOrder(DEMO_SHOP, "AU");
    const { body } = await post(page, PATH, createFields(order, { reason: "Faulty" }));
    expect(await db.testReturn.findUniqueOrThrow({ where: { id: body.id } })).toMatchObject({ state: "on_hold", needsReview: true, connote: null });
    expect(sekoState.labels).toHaveLength(0);
    expect((await getGuide(DEMO_SHOP)).steps.find((step) => step.id === "test-returns")!.note).toMatch(/faulty-item flow/);

    const decided = await post(detail, `${PATH}/${body.id}`, { intent: "decide", decision: "accept_free" }, { id: body.id }, "202");
    expect(decided).toMatchObject({ status: 200, body: { ok: true } });
    const row = await db.testReturn.findUniqueOrThrow({ where: { id: body.id } });
    expect(row).toMatchObject({ decision: "accept_free", decidedBy: "202", state: "labelled" });
    expect(await db.onboardingActivity.findFirst({ where: { shop: DEMO_SHOP, kind: "test-return.decided", actor: "202" } })).not.toBeNull();

    // Deciding twice is refused: the first decision stands.
    const twice = await post(detail, `${PATH}/${body.id}`, { intent: "decide", decision: "reject" }, { id: body.id });
    expect(twice.body).toMatchObject({ ok: false, message: "This return is not on hold any more." });

    await playReturnTimeline(row.connote!, ["RC", "RT", "RDTPF", "DS", "RR"]);
    expect((await loadDetail(body.id)).item.timeline.current).toBe("RR");
  });

  test("rejecting or accepting without a label ends the return here, with no label at SEKO", async () => {
    await configureStep1();
    await connectTestKeys();
    const order = await syncedOrder(DEMO_SHOP, "NZ");
    const rejected = (await post(page, PATH, createFields(order, { reason: "Faulty" }))).body.id;
    const kept = (await post(page, PATH, createFields(order, { reason: "Faulty" }))).body.id;
    await post(detail, `${PATH}/${rejected}`, { intent: "decide", decision: "reject" }, { id: rejected });
    await post(detail, `${PATH}/${kept}`, { intent: "decide", decision: "accept_no_label" }, { id: kept });
    expect((await db.testReturn.findMany({ orderBy: { createdAt: "asc" } })).map((row) => [row.state, row.connote])).toEqual([
      ["rejected", null],
      ["no_label", null],
    ]);
    expect(sekoState.labels).toHaveLength(0);
  });

  test("another shop's test return is not found", async () => {
    await configureStep1(OTHER_SHOP);
    const order = await syncedOrder(OTHER_SHOP, "NZ");
    const foreign = await db.testReturn.create({
      data: { shop: OTHER_SHOP, orderId: order.id, orderName: order.name, items: "[]", reason: "Too small", returnOption: "refund", originCountry: "NZ", state: "on_hold", createdBy: "1" },
    });
    await expect(loadDetail(foreign.id)).rejects.toMatchObject({ status: 404 });
    await db.testReturn.update({ where: { id: foreign.id }, data: { labelData: Buffer.from("%PDF-1.4").toString("base64"), labelOutput: "LABEL_PDF_100X150", connote: "SEKO1" } });
    await expect(labelFile.loader({ request: adminRequest(`${PATH}/${foreign.id}/label`, { shop: DEMO_SHOP }), params: { id: foreign.id }, context: {} })).rejects.toMatchObject({ status: 404 });
    expect((await post(detail, `${PATH}/${foreign.id}`, { intent: "decide", decision: "reject" }, { id: foreign.id })).status).toBe(404);
    expect(await db.testReturn.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ state: "on_hold", decision: null });
  });
});

describe("step 9: the checklist ticks itself", () => {
  test("a labelled return from each country, each reason and a decided held return tick their items", async () => {
    await configureStep1();
    await connectTestKeys();
    const nz = await syncedOrder(DEMO_SHOP, "NZ");
    const au = await syncedOrder(DEMO_SHOP, "AU");
    let checklist = (await load()).checklist;
    expect(checklist.map((item) => item.done)).toEqual([false, false, false, false]);

    await post(page, PATH, createFields(nz));
    await post(page, PATH, createFields(au, { reason: "Faulty" }));
    checklist = (await load()).checklist;
    expect(checklist.find((item) => item.id === "countries")).toMatchObject({ done: false, missing: "No label yet from AU." });
    expect(checklist.find((item) => item.id === "reasons")!.done).toBe(true);

    const held = await db.testReturn.findFirstOrThrow({ where: { state: "on_hold" } });
    await post(detail, `${PATH}/${held.id}`, { intent: "decide", decision: "accept_paid" }, { id: held.id });
    const after = await load();
    expect(after.checklist.map((item) => [item.id, item.done])).toEqual([
      ["countries", true],
      ["reasons", true],
      ["faulty", true],
      ["label-costs", false],
    ]);
    expect(after.fact).toMatchObject({ status: "in_progress", note: "Still to do: label cost by country confirmed." });
  });
});

describe("label cost by country", () => {
  const COSTS = `${PATH}/label-costs`;
  const loadCosts = (search = "") => labelCosts.loader({ request: adminRequest(`${COSTS}${search}`, { shop: DEMO_SHOP }), params: {}, context: {} });

  test("quotes SEKO's cheapest rate per offered country for the parcel, with who pays, the effective cost and warnings", async () => {
    await configureStep1();
    await connectTestKeys();
    await syncedOrder(DEMO_SHOP, "NZ");
    await syncedOrder(DEMO_SHOP, "AU");
    const view = await loadCosts("?length=40&width=30&height=20&kg=2.5");
    expect(view.parcel).toEqual({ length: 40, width: 30, height: 20, kg: 2.5 });
    expect(view.rows.map((row) => [row.country, row.rate?.cost, row.paidBy, row.customerPrice, row.effectiveCost, row.warnings])).toEqual([
      ["NZ", 9.8, "retailer", null, 9.8, []],
      ["AU", 9.8, "customer", 8, 1.8, ["The customer pays 8.00 NZD, less than the label costs (9.80 NZD)."]],
    ]);
    const asked = sekoState.requestsTo("omniparcel.availablerates").slice(-2);
    expect(asked.map((request) => (request.body as any).Origin.Address.CountryCode)).toEqual(["NZ", "AU"]);
    expect((asked[0]!.body as any).Packages).toEqual([{ Length: 40, Width: 30, Height: 20, Kg: 2.5, Type: "Box" }]);
  });

  test("a country SEKO will not quote is warned about, and the other countries keep their rates", async () => {
    await configureStep1();
    await connectTestKeys();
    await syncedOrder(DEMO_SHOP, "NZ");
    await syncedOrder(DEMO_SHOP, "AU");
    sekoFaults.next("rejected", { endpoint: "omniparcel.availablerates" });
    const view = await loadCosts();
    expect(view.rows[0]).toMatchObject({ country: "NZ", rate: null, effectiveCost: null });
    expect(view.rows[0]!.warnings[0]).toMatch(/^No rate from SEKO/);
    expect(view.rows[1]).toMatchObject({ country: "AU", effectiveCost: 1.8 });
  });

  test("a country with a labelled test return is quoted from that return's address, though no synced order ships there", async () => {
    await configureStep1();
    await connectTestKeys();
    const order = await syncedOrder(DEMO_SHOP, "NZ");
    // No synced order ships to AU: the only route from there is this test return's label.
    expect(await post(page, PATH, createFields(order, { originCountry: "AU" }))).toMatchObject({ status: 200, body: { ok: true } });
    const view = await loadCosts();
    expect(view.rows.map((row) => [row.country, row.rate?.cost ?? null, row.warnings.some((warning) => warning.includes("no synced order ships there"))])).toEqual([
      ["NZ", 9.8, false],
      ["AU", 9.8, false],
    ]);
    const fromAu = sekoState
      .requestsTo("omniparcel.availablerates")
      .filter((request) => (request.body as any)?.Origin?.Address?.CountryCode === "AU")
      .at(-1);
    expect((fromAu!.body as any).Origin.Address).toMatchObject({ StreetAddress: "12 Queen Street", City: "Auckland", CountryCode: "AU" });
  });

  test("a country with neither a synced order nor a test label says what to do", async () => {
    await configureStep1();
    await connectTestKeys();
    await syncedOrder(DEMO_SHOP, "NZ");
    const view = await loadCosts();
    expect(view.rows[1]).toMatchObject({ country: "AU", rate: null, effectiveCost: null });
    expect(view.rows[1]!.warnings).toEqual([
      "No rate from SEKO: no synced order ships there and no test return has a label from there, so there is no address to quote from: create a test return from this country",
    ]);
  });

  test("an invalid parcel keeps the default and says why", async () => {
    await configureStep1();
    await connectTestKeys();
    const view = await loadCosts("?kg=-1");
    expect(view.errors).toEqual({ kg: "Enter more than 0" });
    expect(view.parcel.kg).toBeGreaterThan(0);
  });

  test("confirming stores a new version each time, quoted again on the server, and ticks the checklist", async () => {
    await configureStep1();
    await connectTestKeys();
    await syncedOrder(DEMO_SHOP, "NZ");
    await syncedOrder(DEMO_SHOP, "AU");
    const fields = { intent: "confirm", length: "30", width: "25", height: "10", kg: "1" };
    expect(await post(labelCosts, COSTS, fields)).toMatchObject({ status: 200, body: { ok: true, message: "Label costs confirmed (version 1)." } });
    expect(await post(labelCosts, COSTS, fields)).toMatchObject({ body: { message: "Label costs confirmed (version 2)." } });
    const latest = await db.onboardingSubmission.findFirstOrThrow({ where: { shop: DEMO_SHOP, form: "label-costs" }, orderBy: { version: "desc" } });
    const payload = JSON.parse(latest.payload);
    expect(payload.rows.map((row: any) => [row.country, row.effectiveCost])).toEqual([
      ["NZ", 9.8],
      ["AU", 1.8],
    ]);
    expect(payload.parcel).toEqual({ length: 30, width: 25, height: 10, kg: 1 });
    expect((await load()).checklist.find((item) => item.id === "label-costs")).toMatchObject({ done: true });
    expect(await db.onboardingActivity.count({ where: { shop: DEMO_SHOP, kind: "label-costs.confirmed" } })).toBe(2);
  });
});
