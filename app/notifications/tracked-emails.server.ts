/**
 * Step 8's "what the customer would get": when SEKO's tracking events arrive
 * for a test return (before go-live), the email each status would send,
 * rendered with that return's own data. Nothing is sent to a customer.
 */
import { db } from "~/utils/db.server";
import { DEFAULT_LOCALE } from "./defaults";
import type { NotificationContext } from "./label-email.server";
import { sampleData } from "./sample";
import { isTrackingStatus, TRACKING_STATUSES } from "./statuses";
import { DEFAULT_SCOPE, latestTemplates, renderEmail, resolveTemplate, type RenderedEmail } from "./templates.server";

export type TrackedEmail = {
  eventId: string;
  connote: string;
  orderName: string | null;
  code: string;
  label: string;
  eventAt: string;
  enabled: boolean;
  email: RenderedEmail | null;
  problem: string | null;
};

type TestReturnItem = { title?: unknown; quantity?: unknown };

/** The latest return-status events of the shop's test returns, each with the email its status would send. */
export async function trackedEmails(shop: string, context: NotificationContext, limit = 10): Promise<TrackedEmail[]> {
  const events = await db.trackingEvent.findMany({
    where: { shop, kind: "return", code: { in: TRACKING_STATUSES.map((status) => status.code) } },
    orderBy: { receivedAt: "desc" },
    take: limit,
    select: { id: true, consignmentNo: true, orderNo: true, code: true, eventAt: true, returnReason: true },
  });
  if (!events.length) return [];
  const [returns, rows] = await Promise.all([
    db.testReturn.findMany({
      where: { shop, connote: { in: [...new Set(events.map((event) => event.consignmentNo))] } },
      select: { connote: true, orderName: true, reason: true, items: true, trackingUrl: true, createdAt: true },
    }),
    latestTemplates(
      shop,
      TRACKING_STATUSES.map((status) => status.code),
    ),
  ]);
  const out: TrackedEmail[] = [];
  for (const event of events) {
    if (!isTrackingStatus(event.code)) continue;
    const status = TRACKING_STATUSES.find((candidate) => candidate.code === event.code)!;
    const test = returns.find((candidate) => candidate.connote === event.consignmentNo);
    let items: TestReturnItem[] = [];
    try {
      items = test ? (JSON.parse(test.items) as TestReturnItem[]) : [];
    } catch {
      items = [];
    }
    const data = sampleData(context.shop, {
      status: event.code,
      order: {
        name: test?.orderName ?? event.orderNo ?? "#1001",
        createdAt: (test?.createdAt ?? new Date()).toISOString(),
        customerName: null,
        items: items.map((item) => ({ title: String(item.title ?? "Item"), quantity: Number(item.quantity ?? 1) || 1, imageUrl: null })),
      },
    });
    data.return.reference = event.consignmentNo;
    data.return.reason = event.returnReason ?? test?.reason ?? data.return.reason;
    data.return.status_date = event.eventAt.replace(" ", "T");
    if (test?.trackingUrl) data.return.tracking_url = test.trackingUrl;
    const template = resolveTemplate(rows, { kind: event.code, scope: DEFAULT_SCOPE, locale: DEFAULT_LOCALE }, context.branding);
    const rendered = await renderEmail(template, data, context.currency);
    out.push({
      eventId: event.id,
      connote: event.consignmentNo,
      orderName: test?.orderName ?? event.orderNo,
      code: event.code,
      label: status.label,
      eventAt: event.eventAt,
      enabled: template.enabled,
      email: rendered.ok ? rendered.email : null,
      problem: rendered.ok ? null : (Object.values(rendered.problems).flat()[0]?.message ?? "does not render"),
    });
  }
  return out;
}
