/**
 * Data for previews and checks: a believable return built from the shop's
 * details and, when there is one, a real synced order (its name, date,
 * customer's first name and line items). Pure.
 */
import type { TemplateData } from "./variables";
import { TRACKING_STATUSES, type TrackingStatusCode } from "./statuses";

export type ShopDetails = { name: string; email: string; url: string; portalUrl: string };

/** The parts of a synced order a sample uses (app/notifications/templates.server.ts reads them). */
export type SampleOrder = {
  name: string;
  createdAt: string;
  customerName: string | null;
  items: Array<{ title: string; quantity: number; imageUrl: string | null }>;
};

const SAMPLE_ITEMS = [
  { title: "Linen shirt - Medium / Sand", quantity: 1, image: null },
  { title: "Canvas tote", quantity: 2, image: null },
];

export function sampleData(shop: ShopDetails, options: { order?: SampleOrder | null; status?: TrackingStatusCode; now?: Date } = {}): TemplateData {
  const now = options.now ?? new Date();
  const order = options.order;
  const status = TRACKING_STATUSES.find((candidate) => candidate.code === (options.status ?? "RC"))!;
  const reference = "SR-10452";
  return {
    shop: { name: shop.name, email: shop.email, url: shop.url },
    order: {
      name: order?.name ?? "#1001",
      created_at: order?.createdAt ?? new Date(now.getTime() - 9 * 86_400_000).toISOString(),
    },
    customer: { first_name: order?.customerName?.trim().split(/\s+/)[0] || "Alex" },
    return: {
      reference,
      reason: "Wrong size",
      items: order?.items.length ? order.items.map((item) => ({ title: item.title, quantity: item.quantity, image: item.imageUrl })) : SAMPLE_ITEMS,
      label_url: `${shop.portalUrl.replace(/\/$/, "")}/label/${reference}`,
      tracking_url: `${shop.portalUrl.replace(/\/$/, "")}/track/${reference}`,
      status_code: status.code,
      status_label: status.label,
      status_date: now.toISOString(),
    },
    portal_url: shop.portalUrl,
  };
}
