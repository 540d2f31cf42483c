/**
 * What writing one SEKO return into Shopify should do next, without I/O (docs/returns-in-shopify.md).
 * The `return-mirror` job (./mirror.server.ts) reads a consignment's stored tracking events, the
 * order's returnable lines and the return as Shopify has it, and these functions say what is
 * missing: so a duplicate, a retry or an event out of order changes nothing twice.
 *
 * - {@link summarise}: SEKO's events → the return's furthest status and its items (one Return
 *   Created event per line item: the quantity of a SKU is the number of its events).
 * - {@link matchLines}: items → Shopify's returnable fulfillment line items by SKU (or variant),
 *   never guessed: anything that does not fit is unmatched, with the reason.
 * - {@link nextSteps}: the return's reverse delivery, then what the merchant chose for a parcel
 *   delivered back (leave, restock, refund); a rejection (RR) leaves the return open for staff.
 */
import { advance, RETURN_STATUSES, type ReturnStatusCode } from "~/seko/return-statuses";

/** The row's `state` (prisma/schema.prisma, ShopifyReturn). */
export type MirrorState = "waiting" | "unmatched" | "failed" | "open" | "in_transit" | "received" | "processed" | "rejected" | "closed";

export type OnDelivered = "leave" | "restock" | "refund";

/** A stored TrackingEvent, as much as the plan reads. */
export type StoredEvent = {
  code: string;
  eventAt: string;
  itemNo: string | null;
  returnReason: string | null;
  returnAction: string | null;
  trackingNo: string | null;
  orderNo: string | null;
  orderKey: string | null;
  label: string;
  /** When the app stored it (the receiver's clock, not SEKO's). */
  receivedAt?: Date;
};

export type RequestedItem = { itemNo: string; quantity: number; reasonText: string | null; action: string | null };

export type ConsignmentSummary = {
  status: ReturnStatusCode | null;
  /** An RC event is stored: the return exists in SEKO. */
  created: boolean;
  items: RequestedItem[];
  /** RC events that named no item. */
  itemless: number;
  trackingNo: string | null;
  orderNo: string | null;
  orderKey: string | null;
  /** SEKO's reason on its RR (rejected) event. */
  rejectedReason: string | null;
  /** When the app first heard the parcel was delivered back (RDBTC), if it has. */
  deliveredBackAt: Date | null;
};

const sku = (value: string | null | undefined) => (value ?? "").trim().toUpperCase();

/** The consignment's events folded into one return, the same whatever order and however often they arrived. */
export function summarise(events: readonly StoredEvent[]): ConsignmentSummary {
  const sorted = [...events].sort((a, b) => (a.eventAt === b.eventAt ? a.code.localeCompare(b.code) : a.eventAt < b.eventAt ? -1 : 1));
  let status: ReturnStatusCode | null = null;
  const items = new Map<string, RequestedItem>();
  let itemless = 0;
  let created = false;
  const first = <K extends keyof StoredEvent>(key: K) => sorted.find((event) => event[key])?.[key] ?? null;
  for (const event of sorted) {
    status = advance(status, event.code);
    if (event.code !== "RC") continue;
    created = true;
    const key = sku(event.itemNo);
    if (!key) {
      itemless++;
      continue;
    }
    const item = items.get(key) ?? { itemNo: event.itemNo!.trim(), quantity: 0, reasonText: null, action: null };
    item.quantity++;
    item.reasonText ??= event.returnReason?.trim() || null;
    item.action ??= event.returnAction?.trim() || null;
    items.set(key, item);
  }
  const rejection = sorted.find((event) => event.code === "RR");
  const deliveredBack = sorted
    .filter((event) => event.code === "RDBTC" && event.receivedAt)
    .map((event) => event.receivedAt!.getTime())
    .sort((a, b) => a - b)[0];
  return {
    status,
    created,
    items: [...items.values()].sort((a, b) => a.itemNo.localeCompare(b.itemNo)),
    itemless,
    // The number the parcel travels under: from a transit event when there is one (SEKO's RC event may carry another).
    trackingNo: [...sorted].reverse().find((event) => event.trackingNo && event.code !== "RC")?.trackingNo ?? first("trackingNo"),
    orderNo: first("orderNo"),
    orderKey: first("orderKey"),
    rejectedReason: rejection ? rejection.returnReason?.trim() || (rejection.label !== RETURN_STATUSES.RR.label ? rejection.label : null) : null,
    deliveredBackAt: deliveredBack === undefined ? null : new Date(deliveredBack),
  };
}

/** Shopify's return reasons (the ReturnReason enum's values; a reason definition's handle is the value in kebab case). */
export const RETURN_REASONS = ["COLOR", "DEFECTIVE", "NOT_AS_DESCRIBED", "OTHER", "SIZE_TOO_LARGE", "SIZE_TOO_SMALL", "STYLE", "UNKNOWN", "UNWANTED", "WRONG_ITEM"] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/** First match wins: "wrong size sent" is the wrong item, not a size. */
const REASON_WORDS: [RegExp, ReturnReason][] = [
  [/\bwrong\b|\bincorrect (item|product)|not what i ordered|sent (me )?the wrong/, "WRONG_ITEM"],
  [/faulty|defect|broken|damaged|not working|stopped working|\btorn\b|\bripped\b|quality/, "DEFECTIVE"],
  [/not as (described|pictured|shown|advertised)|different (from|to) (the )?(picture|photo|description|website)|misdescribed/, "NOT_AS_DESCRIBED"],
  [/too (small|tight|short|narrow)|smaller|size.*small|runs small|doesn'?t fit.*small/, "SIZE_TOO_SMALL"],
  [/too (big|large|loose|long|wide)|bigger|larger|size.*(large|big)|runs (large|big)/, "SIZE_TOO_LARGE"],
  [/colou?r/, "COLOR"],
  [/\bstyle\b|don'?t like (the )?look|not my style/, "STYLE"],
  [/change[ds]? (of |my )?mind|no longer (want|need)|unwanted|don'?t (want|need)|not needed|ordered (by mistake|twice)|better price/, "UNWANTED"],
];

/** SEKO's reason text (free text, the retailer's own list) → Shopify's closest reason; OTHER when none fits, UNKNOWN when SEKO gave none. */
export function returnReasonFor(text: string | null | undefined): ReturnReason {
  const value = (text ?? "").trim().toLowerCase();
  if (!value) return "UNKNOWN";
  return REASON_WORDS.find(([words]) => words.test(value))?.[1] ?? "OTHER";
}

/** The handle of the reason definition for a reason ("SIZE_TOO_SMALL" → "size-too-small"). */
export const reasonHandle = (reason: ReturnReason) => reason.toLowerCase().replace(/_/g, "-");

/** Shopify keeps a line's note to 255 characters. */
export const NOTE_MAX_CHARS = 255;

/**
 * The note on each line of the return: the consignment number first (the marker the job finds its
 * return by when the answer to returnCreate was lost), then SEKO's reason and action as sent.
 */
export function lineNote(consignmentNo: string, item: Pick<RequestedItem, "reasonText" | "action">) {
  const said = [item.reasonText ?? "no reason given", item.action ? `(${item.action})` : null].filter(Boolean).join(" ");
  return `${noteMarker(consignmentNo)} ${said}`.slice(0, NOTE_MAX_CHARS);
}

export const noteMarker = (consignmentNo: string) => `SEKO return ${consignmentNo}:`;

/** The order's return this job created before (its lines carry the consignment's marker), if any. */
export function findMarkedReturn<T extends { notes: readonly string[]; status: string }>(returns: readonly T[], consignmentNo: string): T | null {
  const marker = noteMarker(consignmentNo);
  return returns.find((item) => item.notes.some((note) => note.startsWith(marker))) ?? null;
}

export type ReturnableLine = { fulfillmentLineItemId: string; sku: string | null; variantId: string | null; variantSku: string | null; quantity: number };
export type MatchedLine = { sku: string; fulfillmentLineItemId: string; quantity: number; returnReason: ReturnReason; note: string };
export type LineMatch = { ok: true; lines: MatchedLine[] } | { ok: false; reasons: string[] };

const legacy = (gid: string | null) => (gid ? gid.slice(gid.lastIndexOf("/") + 1) : null);

/** Does SEKO's item number name this line: its SKU, its variant's SKU, or its variant's id? */
function names(itemNo: string, line: ReturnableLine) {
  const key = sku(itemNo);
  return key === sku(line.sku) || key === sku(line.variantSku) || (line.variantId !== null && (itemNo.trim() === line.variantId || itemNo.trim() === legacy(line.variantId)));
}

/**
 * The return's lines: each item's quantity taken from the returnable line items that carry its SKU
 * (or variant), in Shopify's order. Every item must fit, or nothing is matched: a return that
 * leaves out what SEKO says came back would be a guess.
 */
export function matchLines(consignmentNo: string, orderName: string, summary: Pick<ConsignmentSummary, "items" | "itemless">, returnable: readonly ReturnableLine[]): LineMatch {
  const reasons: string[] = [];
  if (summary.itemless)
    reasons.push(`SEKO's ${RETURN_STATUSES.RC.label} event${summary.itemless === 1 ? "" : "s"} named no item (SKU) for ${summary.itemless} line${summary.itemless === 1 ? "" : "s"}.`);
  if (!summary.items.length && !summary.itemless) reasons.push("SEKO's return names no items.");
  const left = new Map(returnable.map((line) => [line.fulfillmentLineItemId, line.quantity]));
  const lines: MatchedLine[] = [];
  for (const item of summary.items) {
    const candidates = returnable.filter((line) => names(item.itemNo, line));
    if (!candidates.length) {
      reasons.push(`No item with SKU ${item.itemNo} on order ${orderName} can be returned: it is not on the order, not fulfilled yet, or already returned.`);
      continue;
    }
    const available = candidates.reduce((sum, line) => sum + (left.get(line.fulfillmentLineItemId) ?? 0), 0);
    if (available < item.quantity) {
      reasons.push(`SEKO reports ${item.quantity} of SKU ${item.itemNo} returned; Shopify allows ${available} more to be returned on order ${orderName}.`);
      continue;
    }
    let wanted = item.quantity;
    const returnReason = returnReasonFor(item.reasonText);
    for (const line of candidates) {
      const take = Math.min(wanted, left.get(line.fulfillmentLineItemId) ?? 0);
      if (take <= 0) continue;
      left.set(line.fulfillmentLineItemId, (left.get(line.fulfillmentLineItemId) ?? 0) - take);
      lines.push({ sku: item.itemNo, fulfillmentLineItemId: line.fulfillmentLineItemId, quantity: take, returnReason, note: lineNote(consignmentNo, item) });
      wanted -= take;
    }
  }
  return reasons.length ? { ok: false, reasons } : { ok: true, lines };
}

/** Items SEKO reported after the return was made in Shopify: said on the row, never added (a return's lines are fixed). */
export function itemsNotInReturn(summary: Pick<ConsignmentSummary, "items">, lines: readonly Pick<MatchedLine, "sku" | "quantity">[]): string[] {
  const had = new Map<string, number>();
  for (const line of lines) had.set(sku(line.sku), (had.get(sku(line.sku)) ?? 0) + line.quantity);
  return summary.items.filter((item) => item.quantity > (had.get(sku(item.itemNo)) ?? 0)).map((item) => `${item.quantity - (had.get(sku(item.itemNo)) ?? 0)} × ${item.itemNo}`);
}

/** A return as Shopify has it (app/shopify/returns.server.ts `readReturn`). */
export type ReturnSnapshot = {
  status: string;
  lines: { id: string; quantity: number; processableQuantity: number; total: { amount: string; currencyCode: string } | null }[];
  reverseFulfillmentOrders: { id: string; lines: { id: string; totalQuantity: number; disposed: number }[]; deliveries: string[] }[];
};

export type Step =
  | { kind: "deliver"; reverseFulfillmentOrderId: string; lineItems: { reverseFulfillmentOrderLineItemId: string; quantity: number }[]; trackingNumber: string }
  | { kind: "restock"; lines: { reverseFulfillmentOrderLineItemId: string; quantity: number }[]; locationId: string }
  | { kind: "process"; lines: { id: string; quantity: number; total: { amount: string; currencyCode: string } | null }[] };

export type Plan = { steps: Step[]; state: MirrorState; reason: string | null };

const IN_TRANSIT = (status: ReturnStatusCode | null) => status !== null && status !== "RC" && status !== "RR";

/** What is left to do on a return that exists in Shopify, and the state it is in once done. */
export function nextSteps(
  consignmentNo: string,
  summary: Pick<ConsignmentSummary, "status" | "trackingNo" | "rejectedReason"> & Partial<Pick<ConsignmentSummary, "deliveredBackAt">>,
  snapshot: ReturnSnapshot,
  /** `chosenAt`: when the setting was last saved; a restock or refund applies only to parcels delivered back after it. */
  setting: { onDelivered: OnDelivered; restockLocationId: string | null; chosenAt?: Date | null },
): Plan {
  if (snapshot.status !== "OPEN") {
    // Staff closed, declined or cancelled it in Shopify: theirs from now on.
    return { steps: [], state: "closed", reason: `The return is ${snapshot.status.toLowerCase()} in Shopify; nothing more is written to it.` };
  }
  const steps: Step[] = [];
  if (IN_TRANSIT(summary.status)) {
    for (const order of snapshot.reverseFulfillmentOrders) {
      if (order.deliveries.length) continue;
      const lineItems = order.lines.filter((line) => line.totalQuantity > 0).map((line) => ({ reverseFulfillmentOrderLineItemId: line.id, quantity: line.totalQuantity }));
      if (lineItems.length) steps.push({ kind: "deliver", reverseFulfillmentOrderId: order.id, lineItems, trackingNumber: summary.trackingNo ?? consignmentNo });
    }
  }
  if (summary.status === "RR") {
    return { steps, state: "rejected", reason: `SEKO rejected the return${summary.rejectedReason ? `: ${summary.rejectedReason}` : ""}. It is left open in Shopify for staff to decline or close.` };
  }
  if (summary.status !== "RDBTC") return { steps, state: IN_TRANSIT(summary.status) ? "in_transit" : "open", reason: null };
  // A parcel already back when the merchant chose to restock or refund (the setting turned on later, or
  // changed) may have been handled by hand meanwhile: the choice is for parcels that arrive after it.
  if (setting.onDelivered !== "leave" && summary.deliveredBackAt && setting.chosenAt && summary.deliveredBackAt < setting.chosenAt) {
    return {
      steps,
      state: "received",
      reason: "Delivered back before Settings chose to restock or refund parcels that are back, so the app does neither: left for staff to process in Shopify.",
    };
  }
  if (setting.onDelivered === "restock") {
    if (!setting.restockLocationId) return { steps, state: "received", reason: "Delivered back; no restock location is chosen in Settings, so the items are left for staff." };
    const lines = snapshot.reverseFulfillmentOrders.flatMap((order) =>
      order.lines.filter((line) => line.totalQuantity > line.disposed).map((line) => ({ reverseFulfillmentOrderLineItemId: line.id, quantity: line.totalQuantity - line.disposed })),
    );
    if (lines.length) steps.push({ kind: "restock", lines, locationId: setting.restockLocationId });
    return { steps, state: "received", reason: null };
  }
  if (setting.onDelivered === "refund") {
    const lines = snapshot.lines.filter((line) => line.processableQuantity > 0).map((line) => ({ id: line.id, quantity: line.processableQuantity, total: perUnit(line) }));
    if (lines.length) steps.push({ kind: "process", lines });
    return { steps, state: "processed", reason: null };
  }
  return { steps, state: "received", reason: "Delivered back to you; left for staff to process in Shopify (Settings: leave it for staff)." };
}

/**
 * Whether the row already shows all the summary asks of Shopify, so the job need not ask Shopify at
 * all (a DS scan after the reverse delivery, SEKO's repeat of a status): open for RC,
 * the reverse delivery made for a status in transit, the parcel's end handled for the end statuses,
 * or closed by staff. A failed or unmatched row is never settled.
 */
export function alreadyWritten(summary: Pick<ConsignmentSummary, "status">, row: { state: string; returnId: string | null; reverseDeliveryId: string | null }): boolean {
  if (!row.returnId) return false;
  if (row.state === "closed") return true;
  switch (summary.status) {
    case "RC":
      return row.state === "open";
    case "RDBTC":
      return row.state === "received" || row.state === "processed";
    case "RR":
      return row.state === "rejected";
    case null:
      return false;
    default:
      return row.state === "in_transit" && row.reverseDeliveryId !== null;
  }
}

/** A line's price for the units to process, from its total for all its units. */
function perUnit(line: ReturnSnapshot["lines"][number]) {
  if (!line.total || line.quantity <= 0) return null;
  const cents = Math.round((toCents(line.total.amount) * line.processableQuantity) / line.quantity);
  return { amount: fromCents(cents), currencyCode: line.total.currencyCode };
}

const toCents = (amount: string) => Math.round(Number(amount) * 100);
const fromCents = (cents: number) => (cents / 100).toFixed(2);

export type Transaction = { id: string; kind: string; status: string; maximumRefundable: { amount: string; currencyCode: string } | null };
export type RefundPlan = { ok: true; transactions: { parentId: string; transactionAmount: { amount: string; currencyCode: string } }[] } | { ok: false; reason: string };

/**
 * The refund to the original payment for these lines: their price, taken from the order's
 * successful sales and captures in turn, up to what each can still refund. No refund is invented:
 * a line without a price, another currency, or more than the payments hold is a reason instead.
 */
export function refundPlan(lines: readonly { total: { amount: string; currencyCode: string } | null }[], transactions: readonly Transaction[]): RefundPlan {
  if (lines.some((line) => !line.total)) return { ok: false, reason: "Shopify gave no price for a returned line, so no refund was made; process the return in Shopify." };
  const currencies = new Set(lines.map((line) => line.total!.currencyCode));
  if (currencies.size > 1) return { ok: false, reason: "The returned lines are priced in more than one currency, so no refund was made; process the return in Shopify." };
  const currency = [...currencies][0];
  const total = lines.reduce((sum, line) => sum + toCents(line.total!.amount), 0);
  let owed = total;
  if (owed === 0 || !currency) return { ok: true, transactions: [] };
  const payments = transactions.filter((t) => (t.kind === "SALE" || t.kind === "CAPTURE") && t.status === "SUCCESS" && t.maximumRefundable && toCents(t.maximumRefundable.amount) > 0);
  if (payments.some((t) => t.maximumRefundable!.currencyCode !== currency)) {
    return { ok: false, reason: `The order was paid in another currency than the returned items' (${currency}), so no refund was made; process the return in Shopify.` };
  }
  const result: { parentId: string; transactionAmount: { amount: string; currencyCode: string } }[] = [];
  for (const payment of payments) {
    if (owed <= 0) break;
    const take = Math.min(owed, toCents(payment.maximumRefundable!.amount));
    result.push({ parentId: payment.id, transactionAmount: { amount: fromCents(take), currencyCode: currency } });
    owed -= take;
  }
  if (owed > 0) {
    return {
      ok: false,
      reason: `The order's payments can refund ${fromCents(total - owed)} ${currency} of the ${fromCents(total)} ${currency} the items cost, so no refund was made; process the return in Shopify.`,
    };
  }
  return { ok: true, transactions: result };
}
