import { DEFAULT_BASE_URLS } from "../../app/seko/config";
import { advanceReturn, RETURN_TIMELINE, SEKO_DELIVERY_RETRIES, sekoEventTime, sekoState, sekoWebhook, type FakeLabel } from "./seko";
import { labelContent, labelPdf } from "./seko-label";
import { sendStatusEmail } from "./seko-status-emails";

/**
 * Live returns at the simulated SEKO: what happens when a customer starts a return in SEKO's
 * returns portal (tests/demo/returns-portal.ts) on a real order. SEKO makes an INBOUND consignment
 * with a label, as OmniReturns does for the app's test returns (./seko.ts, printShipment), and then
 * plays that consignment's tracking statuses through the merchant's tracking webhook with the
 * credentials the merchant gave OmniRPS (`sekoWebhook`), one status per step, each delivery as
 * `advanceReturn` sends it (RC and RP carry OrderNo, ItemNo, ReturnReason and ReturnAction per item).
 *
 * Two demo switches: `stopAfter` leaves the return without news after that status (a parcel lost in
 * transit, for Home's stuck list), and `startedDaysAgo` dates its events in the past (SEKO's EventDT),
 * so a return "without news for N days" exists at once instead of N days later.
 */

/** The reasons and actions the portal offers when SEKO holds none for the retailer. */
export const PORTAL_RETURN_REASONS = ["Too small", "Too big", "Faulty", "Not as described", "Changed my mind"] as const;
export const PORTAL_RETURN_ACTIONS = ["Refund", "Exchange", "Store credit"] as const;

export type LiveReturnItem = { sku: string; title: string; quantity: number; reason: string };

export type LiveReturnRequest = {
  /** The order number as SEKO stores it from the order upload: without "#". */
  orderNumber: string;
  customer: { name: string; email: string; address: { street: string; city: string; postCode: string; countryCode: string } };
  /** Where the parcel goes back to: the retailer. */
  retailer: { name: string; address: { street: string; city: string; postCode: string; countryCode: string } };
  items: LiveReturnItem[];
  action: string;
  /** A code of RETURN_TIMELINE after which SEKO sends nothing more; null or absent: the whole timeline. */
  stopAfter?: string | null;
  /** 0 (default): each status is dated when it is sent. More: the events are dated from that many days ago, an hour apart. */
  startedDaysAgo?: number;
  /** Time between statuses; default the webhook's own step (the demo's DEMO_SEKO_STEP_MS), else 5 s. */
  stepMs?: number;
};

export type LiveReturn = { connote: string; orderNumber: string; email: string; label: FakeLabel; plannedCodes: string[] };

const liveReturns: LiveReturn[] = [];
const timers = new Set<ReturnType<typeof setTimeout>>();

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The returns customers started in the portal, newest last. */
export function portalReturns(): readonly LiveReturn[] {
  return liveReturns;
}

export function stopLiveReturns() {
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
}

export function resetLiveReturns() {
  stopLiveReturns();
  liveReturns.length = 0;
}

/** The statuses SEKO will send for a return stopped after `stopAfter` (the whole timeline without). */
export function plannedCodes(stopAfter?: string | null): string[] {
  const end = stopAfter ? RETURN_TIMELINE.indexOf(stopAfter as (typeof RETURN_TIMELINE)[number]) : -1;
  return end >= 0 ? RETURN_TIMELINE.slice(0, end + 1) : [...RETURN_TIMELINE];
}

function shipmentRequest(request: LiveReturnRequest) {
  const address = (a: LiveReturnRequest["customer"]["address"]) => ({ StreetAddress: a.street, City: a.city, PostCode: a.postCode, CountryCode: a.countryCode });
  return {
    DeliveryReference: request.orderNumber,
    ShipType: "INBOUND",
    Origin: { Name: request.customer.name, Email: request.customer.email, Address: address(request.customer.address) },
    Destination: { Name: request.retailer.name, Address: address(request.retailer.address) },
    Packages: [{ Kg: 1, Name: "RETURN" }],
    Commodities: request.items.map((item) => ({ SKU: item.sku, Description: item.title, Units: item.quantity, Reason: item.reason, ReturnAction: request.action })),
    Outputs: ["LABEL_PDF_100X150"],
  };
}

/** A customer's return in SEKO's portal: the consignment and its label now, its statuses over time. */
export function startLiveReturn(request: LiveReturnRequest, now = new Date()): LiveReturn {
  if (request.items.length === 0) throw new Error("A return needs at least one item");
  const connote = `SEKO${sekoState.nextConnote++}`;
  const body = shipmentRequest(request);
  const codes = plannedCodes(request.stopAfter);
  const daysAgo = Math.max(0, Math.min(90, Math.floor(request.startedDaysAgo ?? 0)));
  const label: FakeLabel = {
    connote,
    system: "omnireturns",
    host: new URL(DEFAULT_BASE_URLS.omnireturns.production).host,
    deliveryReference: request.orderNumber,
    shipType: "INBOUND",
    skus: request.items.map((item) => item.sku),
    deleted: false,
    request: body,
    // Backdated: every planned status already happened at SEKO, an hour apart from `daysAgo` days back;
    // they still reach the webhook one step apart, as SEKO catches up.
    events: daysAgo > 0 ? codes.map((code, index) => ({ code, at: sekoEventTime(new Date(now.getTime() - daysAgo * DAY_MS + index * HOUR_MS)) })) : [{ code: "RC", at: sekoEventTime(now) }],
    posted: [],
  };
  sekoState.labels.push(label);
  const created: LiveReturn = { connote, orderNumber: request.orderNumber, email: request.customer.email, label, plannedCodes: codes };
  liveReturns.push(created);
  schedule(created, request.stepMs ?? sekoWebhook.current?.stepMs ?? 5000);
  return created;
}

/** The return label's PDF, as OmniReturns prints it. */
export function liveReturnLabelPdf(connote: string) {
  const found = liveReturns.find((item) => item.connote === connote);
  return found ? labelPdf(labelContent(found.label.request, connote, 0)) : null;
}

function schedule(item: LiveReturn, stepMs: number) {
  const tick = (attempt = 0) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const code = item.plannedCodes.find((candidate) => !item.label.posted.includes(candidate));
      if (!code || item.label.deleted) return;
      const retry = (why: string) => {
        console.warn(`simulated SEKO: ${why} (${code} for ${item.connote})`);
        if (attempt < SEKO_DELIVERY_RETRIES) tick(attempt + 1);
      };
      if (!sekoWebhook.current) return retry("no tracking webhook is set in OmniRPS yet: paste the app's tracking webhook at /__simulated-seko/webhook");
      advanceReturn(item.connote, code).then(
        (answer) => {
          // SEKO recorded the status: the customer's email for it, when one was handed over (./seko-status-emails.ts).
          if (answer) void sendStatusEmail(item, code);
          if (answer?.delivered) return tick();
          retry(answer ? `the tracking webhook answered ${answer.status}: ${answer.body.slice(0, 300)}` : "the return could not advance");
        },
        (error: unknown) => retry(`could not deliver to the tracking webhook: ${String(error)}`),
      );
    }, stepMs);
    timers.add(timer);
  };
  tick();
}
