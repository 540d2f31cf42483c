/**
 * The customer-account extension (extensions/customer-account-returns/) rendered with Preact against
 * a fake of the `shopify` global its targets receive (order id or order signal, session token,
 * i18n from its own locale files, close, requireLogin, authentication state) and a minimal DOM. Its
 * one network call reaches the app's real endpoint (the route's loader, through msw at the app's
 * address) with a real signed session token, so what renders is what the app answers.
 */
import fs from "node:fs";
import path from "node:path";
import { http } from "msw";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { signSessionToken } from "#tests/demo/session-token";
import { server } from "#tests/mocks/node";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { RETURNS_LIMIT } from "~/customer-account/request.server";
import * as storefront from "~/routes/app.storefront";
import * as endpoint from "~/routes/customer-account.returns";
import { db } from "~/utils/db.server";
import { APP_URL, RETURNS_ENDPOINT } from "../../extensions/customer-account-returns/src/app-url";
import renderMenuItem from "../../extensions/customer-account-returns/src/MenuItem";
import renderReturnAction from "../../extensions/customer-account-returns/src/ReturnAction";
import renderStatusBlock from "../../extensions/customer-account-returns/src/StatusBlock";
import { type FakeElement, installFakeDocument } from "./fake-dom";

const EXTENSION_DIR = path.resolve("extensions/customer-account-returns");
const ANA = "gid://shopify/Customer/7001";
const PORTAL = "https://returns.example-seko.test/demo";

type Messages = { [key: string]: string | Messages };
function translator(locale: string) {
  const file = path.join(EXTENSION_DIR, "locales", `${locale === "en" ? "en.default" : locale}.json`);
  const messages = JSON.parse(fs.readFileSync(file, "utf8")) as Messages;
  return (key: string, options: Record<string, string> = {}) => {
    const found = key.split(".").reduce<string | Messages | undefined>((node, part) => (typeof node === "object" ? node[part] : undefined), messages);
    if (typeof found !== "string") throw new Error(`No translation for ${key} in ${locale}`);
    return found.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => options[name] ?? "");
  };
}

function signal<T>(value: T) {
  const listeners = new Set<(next: T) => void>();
  return {
    value,
    subscribe(listener: (next: T) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next: T) {
      this.value = next;
      for (const listener of listeners) listener(next);
    },
  };
}

/** The parts of the target APIs the extension reads, shaped as @shopify/ui-extensions types them. */
function fakeShopify(orderId: string, options: { locale?: string; customer?: string; authenticated?: boolean } = {}) {
  const locale = options.locale ?? "en";
  return {
    orderId,
    order: signal<{ id: string } | undefined>({ id: orderId }),
    authenticationState: signal(options.authenticated === false ? "pre_authenticated" : "fully_authenticated"),
    sessionToken: { get: async () => signSessionToken({ shop: DEMO_SHOP, apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, userId: options.customer ?? ANA }) },
    i18n: {
      translate: translator(locale),
      formatDate: (date: Date, format?: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, format).format(date),
    },
    close: vi.fn(),
    requireLogin: vi.fn(async () => {}),
  };
}

let dom: ReturnType<typeof installFakeDocument>;
const calls: string[] = [];
beforeEach(() => {
  RETURNS_LIMIT.reset();
  calls.length = 0;
  dom = installFakeDocument();
  // Only the app's own endpoint answers; it is the app's real route.
  server.use(
    http.all(`${RETURNS_ENDPOINT}`, ({ request }) => {
      calls.push(request.url);
      return (request.method === "GET" ? endpoint.loader : endpoint.action)({ request, params: {}, context: {} });
    }),
  );
});
afterEach(() => {
  dom.uninstall();
  delete (globalThis as Record<string, unknown>).shopify;
});

async function mount(entry: () => Promise<void>, api: ReturnType<typeof fakeShopify>) {
  (globalThis as Record<string, unknown>).shopify = api;
  await entry();
}

let orders = 0;
async function liveShopWithOrder(overrides: { fulfilledAt?: Date | null } = {}) {
  const row = (section: string, answers: unknown) => ({ shop: DEMO_SHOP, form: "onboarding", section, answers: JSON.stringify(answers), savedBy: "101" });
  if (!(await db.goLive.findUnique({ where: { shop: DEMO_SHOP } }))) {
    await db.onboardingSection.createMany({ data: [row("policy", { returnWindowDays: 30 }), row("countries", { countryFees: [{ country: "NZ", paidBy: "retailer", currency: "NZD" }] })] });
    await db.goLive.create({ data: { shop: DEMO_SHOP, liveAt: new Date() } });
    const body = new URLSearchParams({ intent: "save", portalUrl: PORTAL, orderParam: "order", emailParam: "" });
    await storefront.action({ request: adminRequest("/app/storefront", { shop: DEMO_SHOP, init: { method: "POST", body } }), params: {}, context: {} });
  }
  orders++;
  const placedAt = new Date(Date.now() - 3 * 86_400_000);
  return db.order.create({
    data: {
      shop: DEMO_SHOP,
      shopifyId: `gid://shopify/Order/${8000 + orders}`,
      name: `#${2000 + orders}`,
      customerId: ANA,
      shipCountry: "NZ",
      currency: "NZD",
      processedAt: placedAt,
      orderCreatedAt: placedAt,
      shopifyUpdatedAt: placedAt,
      fulfilledAt: overrides.fulfilledAt === undefined ? placedAt : overrides.fulfilledAt,
    },
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("the order action: Start a return", () => {
  test.each([
    ["en", "Start a return"],
    ["fr", "Effectuer un retour"],
    ["ja", "返品を開始"],
  ])("an order that can be returned shows the button in the customer's language (%s)", async (locale, label) => {
    const order = await liveShopWithOrder();
    await mount(renderMenuItem, fakeShopify(order.shopifyId, { locale }));
    await vi.waitFor(() => expect(dom.body.findAll("s-button").map((button) => button.textContent)).toEqual([label]));
    // It opens the action modal (no href of its own), and only the app's endpoint was called.
    expect(dom.body.findAll("s-button")[0]!.getAttribute("href")).toBeNull();
    expect(calls).toEqual([`${RETURNS_ENDPOINT}?order=${encodeURIComponent(order.shopifyId)}`]);
  });

  test("an order that cannot be returned (not fulfilled) shows nothing", async () => {
    const order = await liveShopWithOrder({ fulfilledAt: null });
    await mount(renderMenuItem, fakeShopify(order.shopifyId));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await settle();
    expect(dom.body.childNodes).toHaveLength(0);
  });

  test("another customer's order shows nothing (the app answers not found)", async () => {
    const order = await liveShopWithOrder();
    await mount(renderMenuItem, fakeShopify(order.shopifyId, { customer: "gid://shopify/Customer/7002" }));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await settle();
    expect(dom.body.childNodes).toHaveLength(0);
  });

  test("the action modal says where the return continues and sends the customer to the prefilled portal", async () => {
    const order = await liveShopWithOrder();
    const api = fakeShopify(order.shopifyId);
    await mount(renderReturnAction, api);
    const modal = () => dom.body.findAll("s-customer-account-action")[0] as FakeElement;
    await vi.waitFor(() => expect(modal().findAll("s-button")).toHaveLength(2));
    expect(modal().getAttribute("heading")).toBe("Start a return");
    expect(modal().textContent).toContain("Your return continues on our returns portal");
    expect(modal().textContent).toMatch(/Start your return by \w+ \d+, \d{4}\./);
    const [go, cancel] = modal().findAll("s-button");
    expect(go!.getAttribute("slot")).toBe("primary-action");
    expect(go!.getAttribute("href")).toBe(`${PORTAL}?order=${encodeURIComponent(order.name)}`);
    expect(go!.getAttribute("target")).toBe("_blank");
    expect(cancel!.getAttribute("slot")).toBe("secondary-actions");
    cancel!.click();
    expect(api.close).toHaveBeenCalledTimes(1);
  });
});

describe("the order status block: the return's status", () => {
  test("shows the latest return status, its date and tracking number, in the customer's language", async () => {
    const order = await liveShopWithOrder();
    const key = order.name.replace("#", "");
    await db.returnShipment.create({ data: { shop: DEMO_SHOP, consignmentNo: "SEKO-1", trackingNo: "TRK1", orderNo: key, orderKey: key, status: "RT", lastEventAt: "2026-11-28 09:15:00" } });
    await mount(renderStatusBlock, fakeShopify(order.shopifyId, { locale: "de" }));
    await vi.waitFor(() => expect(dom.body.findAll("s-section")).toHaveLength(1));
    const section = dom.body.findAll("s-section")[0]!;
    expect(section.getAttribute("heading")).toBe("Deine Rücksendung");
    expect(section.findAll("s-text").map((text) => text.textContent)).toEqual(["Unterwegs zu uns", "Aktualisiert am 28. November 2026", "Sendungsnummer: TRK1"]);
  });

  test("nothing when the order has no return (a test return does not count)", async () => {
    const order = await liveShopWithOrder();
    const key = order.name.replace("#", "");
    await db.returnShipment.create({ data: { shop: DEMO_SHOP, consignmentNo: "SEKO-TEST", orderNo: key, orderKey: key, status: "RP", lastEventAt: "2026-11-28 09:15:00" } });
    await db.testReturn.create({
      data: {
        shop: DEMO_SHOP,
        orderId: order.id,
        orderName: order.name,
        items: "[]",
        reason: "Too small",
        returnOption: "refund",
        originCountry: "NZ",
        state: "labelled",
        connote: "SEKO-TEST",
        createdBy: "101",
      },
    });
    await mount(renderStatusBlock, fakeShopify(order.shopifyId));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await settle();
    expect(dom.body.childNodes).toHaveLength(0);
  });

  test("a buyer who is not logged in is asked to log in first (requireLogin), and nothing is fetched until then", async () => {
    const order = await liveShopWithOrder();
    const key = order.name.replace("#", "");
    await db.returnShipment.create({ data: { shop: DEMO_SHOP, consignmentNo: "SEKO-2", orderNo: key, orderKey: key, status: "RDBTC", lastEventAt: "2026-11-29 10:00:00" } });
    const api = fakeShopify(order.shopifyId, { authenticated: false });
    await mount(renderStatusBlock, api);
    await vi.waitFor(() => expect(dom.body.findAll("s-button").map((button) => button.textContent)).toEqual(["Log in"]));
    expect(calls).toEqual([]);
    dom.body.findAll("s-button")[0]!.click();
    expect(api.requireLogin).toHaveBeenCalledTimes(1);

    // Once logged in, the block follows the authentication state and shows the status.
    api.authenticationState.set("fully_authenticated");
    await vi.waitFor(() => expect(dom.body.findAll("s-text")[0]?.textContent).toBe("Delivered back to the store"));
    expect(calls).toHaveLength(1);
  });
});

describe("the extension's configuration", () => {
  test("calls the app at the address shopify.app.toml gives, and speaks the theme extension's languages with the same keys", () => {
    const toml = fs.readFileSync("shopify.app.toml", "utf8");
    expect(APP_URL).toBe(/^application_url\s*=\s*"([^"]+)"/m.exec(toml)?.[1]);
    const locales = (dir: string) =>
      fs
        .readdirSync(path.join(dir, "locales"))
        .filter((name) => !name.includes("schema"))
        .sort();
    expect(locales(EXTENSION_DIR)).toEqual(locales("extensions/returns-link"));
    const keys = (file: string, prefix = ""): string[] => {
      const walk = (node: Messages, at: string): string[] => Object.entries(node).flatMap(([key, value]) => (typeof value === "string" ? [`${at}${key}`] : walk(value, `${at}${key}.`)));
      return walk(JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, "locales", file), "utf8")) as Messages, prefix).sort();
    };
    for (const file of locales(EXTENSION_DIR)) expect(keys(file), file).toEqual(keys("en.default.json"));
  });

  test("shopify.extension.toml: api_version 2026-07, the three targets with their modules, network access", () => {
    const toml = fs.readFileSync(path.join(EXTENSION_DIR, "shopify.extension.toml"), "utf8");
    expect(toml).toMatch(/^api_version = "2026-07"$/m);
    const targets = [...toml.matchAll(/module = "\.\/(src\/\w+\.tsx)"\ntarget = "([\w.-]+)"/g)].map((match) => [match[2], match[1]]);
    expect(targets).toEqual([
      ["customer-account.order.action.menu-item.render", "src/MenuItem.tsx"],
      ["customer-account.order.action.render", "src/ReturnAction.tsx"],
      ["customer-account.order-status.block.render", "src/StatusBlock.tsx"],
    ]);
    for (const [, module] of targets) expect(fs.existsSync(path.join(EXTENSION_DIR, module!)), module).toBe(true);
    expect(toml).toMatch(/\[extensions\.capabilities\]\nnetwork_access = true/);
  });
});
