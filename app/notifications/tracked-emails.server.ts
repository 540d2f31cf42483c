/**
 * Step 8's "what the customer would get": when SEKO's tracking events arrive
 * for a test return (before go-live), the email each status would send,
 * rendered with that return's own data (its synced order's customer and date,
 * its items, its consignment); the same emails for one test return's page.
 * Nothing is sent to a customer.
 */
import { db } from "~/utils/db.server";
import { DEFAULT_LOCALE } from "./defaults";
import type { NotificationContext } from "./label-email.server";
import { sampleData } from "./sample";
import { statusEmails } from "./status-emails.server";
import { isTrackingStatus, TRACKING_STATUSES, type TrackingStatusCode } from "./statuses";
import type { TemplateData } from "./variables";
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

type TestReturnItem = { lineItemId?: unknown; title?: unknown; quantity?: unknown };

/** A test return as its emails read it (a stored row, or the view of one with its items parsed). */
export type TestReturnForEmail = { orderId: string; orderName: string; reason: string; items: unknown; connote: string | null; trackingUrl: string | null; createdAt: Date | string };

/** What the synced order behind a test return adds: the order's date, the customer's name, each line's image. */
type OrderFacts = { createdAt: string; customerName: string | null; images: Map<string, string | null> };

function itemsOf(value: unknown): TestReturnItem[] {
  try {
    const list: unknown = typeof value === "string" ? JSON.parse(value) : value;
    return Array.isArray(list) ? list.filter((item): item is TestReturnItem => typeof item === "object" && item !== null) : [];
  } catch {
    return [];
  }
}

async function ordersOf(shop: string, ids: string[]): Promise<Map<string, OrderFacts>> {
  if (!ids.length) return new Map();
  const rows = await db.order.findMany({
    where: { shop, id: { in: [...new Set(ids)] } },
    select: { id: true, orderCreatedAt: true, processedAt: true, customerName: true, lineItems: { select: { id: true, imageUrl: true } } },
  });
  return new Map(
    rows.map((row) => [
      row.id,
      { createdAt: (row.orderCreatedAt ?? row.processedAt).toISOString(), customerName: row.customerName, images: new Map(row.lineItems.map((line) => [line.id, line.imageUrl])) },
    ]),
  );
}

type EventFacts = { consignmentNo: string; eventAt: string; returnReason: string | null };

/**
 * The data a test return's status email renders with: its own order (name, date, the customer's
 * first name), the items it returns, its reason, its consignment as the reference and its
 * tracking link. The sample (sample.ts) fills only what the order does not say.
 */
function testReturnData(context: NotificationContext, test: TestReturnForEmail, order: OrderFacts | undefined, status: TrackingStatusCode, event?: EventFacts): TemplateData {
  const data = sampleData(context.shop, {
    status,
    order: {
      name: test.orderName,
      createdAt: order?.createdAt ?? new Date(test.createdAt).toISOString(),
      customerName: order?.customerName ?? null,
      items: itemsOf(test.items).map((item) => ({
        title: String(item.title ?? "Item"),
        quantity: Number(item.quantity ?? 1) || 1,
        imageUrl: order?.images.get(String(item.lineItemId)) ?? null,
      })),
    },
  });
  data.return.reference = event?.consignmentNo ?? test.connote ?? data.return.reference;
  data.return.reason = event?.returnReason ?? test.reason;
  if (event) data.return.status_date = event.eventAt.replace(" ", "T");
  if (test.trackingUrl) data.return.tracking_url = test.trackingUrl;
  return data;
}

/** One status's email for one test return: on or off, and its subject as the customer would read it (null when it does not render). */
export type TestReturnStatusEmail = { enabled: boolean; subject: string | null };

/**
 * Every status's email for one test return, rendered with that return's data (`reachedAt`: when
 * SEKO reported each status, as the email's status date): what its page shows next to each status.
 */
export async function testReturnStatusEmails(shop: string, context: NotificationContext, test: TestReturnForEmail, reachedAt: Record<string, string | null>) {
  const [emails, orders] = await Promise.all([statusEmails(shop, context), ordersOf(shop, [test.orderId])]);
  const out: Record<string, TestReturnStatusEmail> = {};
  for (const { code, template } of emails) {
    const at = reachedAt[code];
    const data = testReturnData(context, test, orders.get(test.orderId), code, at && test.connote ? { consignmentNo: test.connote, eventAt: at, returnReason: null } : undefined);
    const rendered = await renderEmail(shop, template, data, context.currency);
    out[code] = { enabled: template.enabled, subject: rendered.ok ? rendered.email.subject : null };
  }
  return out;
}

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
      select: { connote: true, orderId: true, orderName: true, reason: true, items: true, trackingUrl: true, createdAt: true },
    }),
    latestTemplates(
      shop,
      TRACKING_STATUSES.map((status) => status.code),
    ),
  ]);
  const orders = await ordersOf(
    shop,
    returns.map((test) => test.orderId),
  );
  const out: TrackedEmail[] = [];
  for (const event of events) {
    if (!isTrackingStatus(event.code)) continue;
    const status = TRACKING_STATUSES.find((candidate) => candidate.code === event.code)!;
    const test = returns.find((candidate) => candidate.connote === event.consignmentNo);
    const data = test
      ? testReturnData(context, test, orders.get(test.orderId), event.code, event)
      : sampleData(context.shop, { status: event.code, order: { name: event.orderNo ?? "#1001", createdAt: new Date().toISOString(), customerName: null, items: [] } });
    if (!test) {
      data.return.reference = event.consignmentNo;
      data.return.reason = event.returnReason ?? data.return.reason;
      data.return.status_date = event.eventAt.replace(" ", "T");
    }
    const template = resolveTemplate(rows, { kind: event.code, scope: DEFAULT_SCOPE, locale: DEFAULT_LOCALE }, context.branding);
    const rendered = await renderEmail(shop, template, data, context.currency);
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
