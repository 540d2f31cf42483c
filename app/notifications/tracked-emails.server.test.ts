import { afterAll, expect, test } from "vitest";
import { DEMO_SHOP } from "#tests/setup/config";
import { db } from "~/utils/db.server";
import { notificationContext } from "./label-email.server";
import { stopRenderers } from "./renderer.server";
import { sampleData } from "./sample";
import { saveTemplate } from "./templates.server";
import { trackedEmails } from "./tracked-emails.server";

afterAll(() => stopRenderers());

test("what customers would have received is rendered with the test return's own order: the customer's name, the items returned, the consignment", async () => {
  const order = await db.order.create({
    data: {
      shop: DEMO_SHOP,
      shopifyId: "gid://shopify/Order/7101",
      name: "#1066",
      customerName: "Priya Natarajan",
      currency: "NZD",
      processedAt: new Date("2026-11-18T10:00:00Z"),
      shopifyUpdatedAt: new Date("2026-11-18T10:00:00Z"),
      lineItems: { create: [{ shopifyId: "gid://shopify/LineItem/71011", title: "Wool coat", quantity: 1, price: "240.00", imageUrl: "https://cdn.example/coat.png" }] },
    },
    include: { lineItems: true },
  });
  await db.testReturn.create({
    data: {
      shop: DEMO_SHOP,
      orderId: order.id,
      orderName: order.name,
      items: JSON.stringify([{ lineItemId: order.lineItems[0]!.id, sku: "COAT", title: "Wool coat", quantity: 1, unitValue: 240 }]),
      reason: "Too small",
      returnOption: "refund",
      originCountry: "NZ",
      state: "labelled",
      connote: "SEKO7770001",
      createdBy: "101",
    },
  });
  await db.trackingEvent.create({
    data: { shop: DEMO_SHOP, dedupeKey: "SEKO7770001-RC", consignmentNo: "SEKO7770001", code: "RC", kind: "return", label: "Return Created", eventAt: "2026-11-30 09:00:00", raw: "{}" },
  });
  const sample = sampleData({ name: "Demo", email: "", url: "https://demo.example", portalUrl: "https://demo.example/apps/returns" });
  const saved = await saveTemplate(
    DEMO_SHOP,
    { kind: "RC", scope: "default", locale: "default" },
    {
      subject: "Your return {{ return.reference }}",
      html: "<p>Hi {{ customer.first_name }}, order {{ order.name }} of {{ order.created_at | date: '%Y-%m-%d' }}</p>{% for item in return.items %}<p>{{ item.quantity }} × {{ item.title }} {{ item.image }}</p>{% endfor %}",
      text: "Hi {{ customer.first_name }}",
      mode: "raw",
      form: null,
      enabled: true,
    },
    "101",
    sample,
  );
  expect(saved.ok).toBe(true);

  const [entry] = await trackedEmails(DEMO_SHOP, await notificationContext(DEMO_SHOP));
  expect(entry).toMatchObject({ code: "RC", orderName: "#1066", enabled: true, email: { subject: "Your return SEKO7770001", text: "Hi Priya" } });
  expect(entry!.email!.html).toContain("Hi Priya, order #1066 of 2026-11-18");
  expect(entry!.email!.html).toContain("1 × Wool coat https://cdn.example/coat.png");
  // None of the sample's stand-ins.
  expect(entry!.email!.html).not.toMatch(/Alex|Linen shirt|Canvas tote|SR-10452/);
});
