import { afterAll, expect, test } from "vitest";
import { DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { stopRenderers } from "~/notifications/renderer.server";
import { saveTemplate } from "~/notifications/templates.server";
import { sampleData } from "~/notifications/sample";
import { db } from "~/utils/db.server";
import { loader } from "./route";

afterAll(() => stopRenderers());

const CONNOTE = "SEKO5550001";

/** A labelled test return of two shirts on Jamie Rivera's synced order, and SEKO's statuses for it. */
async function deliveredReturn(codes: [string, string, string][]) {
  const order = await db.order.create({
    data: {
      shop: DEMO_SHOP,
      shopifyId: "gid://shopify/Order/7001",
      name: "#1042",
      customerName: "Jamie Rivera",
      currency: "NZD",
      processedAt: new Date("2026-11-20T10:00:00Z"),
      shopifyUpdatedAt: new Date("2026-11-20T10:00:00Z"),
      lineItems: { create: [{ shopifyId: "gid://shopify/LineItem/70011", title: "Linen shirt", quantity: 2, price: "60.00" }] },
    },
    include: { lineItems: true },
  });
  const items = [{ lineItemId: order.lineItems[0]!.id, sku: "SHIRT", title: "Linen shirt", quantity: 2, unitValue: 60 }];
  const item = await db.testReturn.create({
    data: {
      shop: DEMO_SHOP,
      orderId: order.id,
      orderName: order.name,
      items: JSON.stringify(items),
      reason: "Too small",
      returnOption: "refund",
      originCountry: "NZ",
      state: "labelled",
      connote: CONNOTE,
      createdBy: "101",
    },
  });
  for (const [code, label, eventAt] of codes) {
    await db.trackingEvent.create({ data: { shop: DEMO_SHOP, dedupeKey: `${CONNOTE}-${code}`, consignmentNo: CONNOTE, code, kind: "return", label, eventAt, raw: "{}" } });
  }
  return item;
}

const load = (id: string) => loader({ request: adminRequest(`/app/steps/test-returns/${id}`, { shop: DEMO_SHOP }), params: { id }, context: {} });

test("the page's status follows the timeline: a label SEKO reported delivered back reads so, not 'Label created'", async () => {
  const item = await deliveredReturn([]);
  expect((await load(item.id)).item.stateLabel).toBe("Label created");
  for (const [code, label, at] of [
    ["RC", "Return Created", "2026-11-30 09:00:00"],
    ["RT", "Return in Transit", "2026-11-30 15:00:00"],
    ["RDBTC", "Delivered Back To Retailer", "2026-12-02 11:00:00"],
  ]) {
    await db.trackingEvent.create({ data: { shop: DEMO_SHOP, dedupeKey: `${CONNOTE}-${code}`, consignmentNo: CONNOTE, code: code!, kind: "return", label: label!, eventAt: at!, raw: "{}" } });
  }
  const view = await load(item.id);
  expect(view.item.timeline.current).toBe("RDBTC");
  expect(view.item.stateLabel).toBe("Delivered Back To Retailer");
});

test("each status's email stands next to it as this return's customer would read it, never as raw Liquid", async () => {
  const item = await deliveredReturn([["RC", "Return Created", "2026-11-30 09:00:00"]]);
  const sample = sampleData({ name: "Demo", email: "", url: "https://demo.example", portalUrl: "https://demo.example/apps/returns" });
  const saved = await saveTemplate(
    DEMO_SHOP,
    { kind: "RT", scope: "default", locale: "default" },
    {
      subject: "{{ customer.first_name }}, {{ return.items.size }} item(s) of {{ order.name }} ({{ return.reference }})",
      html: "<p>{{ return.status_label }}</p>",
      text: "{{ return.status_label }}",
      mode: "raw",
      form: null,
      enabled: true,
    },
    "101",
    sample,
  );
  expect(saved.ok).toBe(true);

  const { notifications } = await load(item.id);
  expect(notifications.RC).toEqual({ enabled: false, subject: `Your return ${CONNOTE}: Return Created` });
  expect(notifications.RT).toEqual({ enabled: true, subject: `Jamie, 1 item(s) of #1042 (${CONNOTE})` });
  expect(JSON.stringify(notifications)).not.toContain("{{");
});
