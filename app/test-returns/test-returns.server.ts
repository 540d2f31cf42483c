/**
 * Step 9's test returns: stored per shop, labelled through SEKO's test
 * environment, voided, reviewed, and followed through the tracking events the
 * receiver stored (docs/test-returns.md). SEKO calls never run inside a
 * database transaction: the row is written before the call and updated after.
 */
import type { TestReturn } from "@prisma/client";
import { sekoClients } from "~/seko/connection.server";
import type { SekoError } from "~/seko/errors";
import type { ReturnLabelRequest } from "~/seko/schemas";
import { parseTrackingWebhook } from "~/seko/tracking";
import { storeTrackingEvents } from "~/seko/tracking-receiver.server";
import type { OrderForReturn } from "~/shopify/order-search.server";
import { recordActivity } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import { log } from "~/utils/logger.server";
import { createSubmission } from "~/outbox/submissions.server";
import { loadFormState } from "~/forms/form-state.server";
import { DECISIONS, STATE_LABELS, timeline, type Decision, type LabelCostConfirmation, type LabelCostRow, type Parcel, type TestReturnFact, type TestReturnState, type Timeline } from "./test-returns";
import { RETURN_ACTION, returnSettings, type ReturnSettings } from "~/return-settings/return-settings";

export const LABEL_COSTS_FORM = "label-costs";

/** Where labels go back to: the shop's own address (SEKO routes RPS-processed parcels through its hub). */
export type ReturnAddress = { name: string; street: string; city: string; postcode?: string; countryCode: string };

type Item = { lineItemId: string; sku: string; title: string; quantity: number; unitValue: number };

export type TestReturnView = {
  id: string;
  orderId: string;
  orderName: string;
  items: Item[];
  reason: string;
  needsReview: boolean;
  returnOption: string;
  originCountry: string;
  state: TestReturnState;
  stateLabel: string;
  decision: Decision | null;
  decisionLabel: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  system: string | null;
  connote: string | null;
  trackingUrl: string | null;
  cost: number | null;
  error: string | null;
  createdBy: string;
  createdAt: string;
  voidedAt: string | null;
  voidedBy: string | null;
  checkedAt: string | null;
  hasLabel: boolean;
};

function parseItems(text: string): Item[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as Item[]) : [];
  } catch {
    return [];
  }
}

function toView(row: TestReturn): TestReturnView {
  const decision = row.decision && row.decision in DECISIONS ? (row.decision as Decision) : null;
  return {
    id: row.id,
    orderId: row.orderId,
    orderName: row.orderName,
    items: parseItems(row.items),
    reason: row.reason,
    needsReview: row.needsReview,
    returnOption: row.returnOption,
    originCountry: row.originCountry,
    state: row.state as TestReturnState,
    stateLabel: STATE_LABELS[row.state as TestReturnState] ?? row.state,
    decision,
    decisionLabel: decision ? DECISIONS[decision].label : null,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    system: row.system,
    connote: row.connote,
    trackingUrl: row.trackingUrl,
    cost: row.cost,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    voidedAt: row.voidedAt?.toISOString() ?? null,
    voidedBy: row.voidedBy,
    checkedAt: row.checkedAt?.toISOString() ?? null,
    hasLabel: Boolean(row.labelData),
  };
}

export async function listTestReturns(shop: string, take = 100): Promise<TestReturnView[]> {
  const rows = await db.testReturn.findMany({ where: { shop }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
  return rows.map(toView);
}

export async function getTestReturn(shop: string, id: string): Promise<(TestReturnView & { timeline: Timeline }) | null> {
  const row = await db.testReturn.findFirst({ where: { id, shop } });
  if (!row) return null;
  const events = row.connote
    ? await db.trackingEvent.findMany({ where: { shop, consignmentNo: row.connote }, select: { code: true, label: true, kind: true, eventAt: true, receivedAt: true } })
    : [];
  return { ...toView(row), timeline: timeline(events.map((event) => ({ ...event, receivedAt: event.receivedAt.toISOString() }))) };
}

/** The label file for the browser: the bytes and their type; null when the return is not the shop's or has none. */
export async function testReturnLabel(shop: string, id: string) {
  const row = await db.testReturn.findFirst({ where: { id, shop }, select: { labelData: true, labelOutput: true, connote: true } });
  if (!row?.labelData || !row.labelOutput) return null;
  const kind = /_(PDF|PNG|ZPL)_/.exec(row.labelOutput)?.[1] ?? "PDF";
  const type = kind === "PNG" ? "image/png" : kind === "ZPL" ? "text/plain" : "application/pdf";
  // SEKO's consignment number names the file; anything but letters, digits, "-" and "_" is replaced so the
  // Content-Disposition header stays well formed whatever SEKO sent.
  const name = (row.connote ?? "label").replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64) || "label";
  return { body: Buffer.from(row.labelData, "base64"), type, filename: `${name}.${kind.toLowerCase()}` };
}

/** Consignments of test returns: every live figure leaves them out. */
export async function testConsignments(shop: string): Promise<string[]> {
  const rows = await db.testReturn.findMany({ where: { shop, connote: { not: null } }, select: { connote: true } });
  return rows.flatMap((row) => (row.connote ? [row.connote] : []));
}

export type CreateInput = {
  order: OrderForReturn;
  items: { lineItemId: string; quantity: number }[];
  reason: string;
  returnOption: string;
  originCountry: string;
};

export type ActionResult = { ok: true; id: string; state: TestReturnState } | { ok: false; id?: string; message: string };

/**
 * Stores the test return, then (unless its reason needs review, which holds
 * it for a decision) asks SEKO's test environment for the label.
 */
export async function createTestReturn(shop: string, input: CreateInput, config: ReturnSettings, destination: ReturnAddress, by: string): Promise<ActionResult> {
  const lines = new Map(input.order.lines.map((line) => [line.id, line]));
  const items: Item[] = input.items
    .filter((item) => item.quantity > 0)
    .map((item) => {
      const line = lines.get(item.lineItemId)!;
      return { lineItemId: line.id, sku: line.sku || line.id, title: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title, quantity: item.quantity, unitValue: Number(line.price) || 0 };
    });
  const held = config.reviewReasons.some((reason) => reason.toLowerCase() === input.reason.toLowerCase());
  const row = await db.testReturn.create({
    data: {
      shop,
      orderId: input.order.id,
      orderName: input.order.name,
      items: JSON.stringify(items),
      reason: input.reason,
      needsReview: held,
      returnOption: input.returnOption,
      originCountry: input.originCountry,
      state: held ? "on_hold" : "failed",
      error: held ? null : "The label was being created when the app stopped: check SEKO before trying again.",
      createdBy: by,
    },
  });
  await recordActivity(shop, {
    kind: "test-return.created",
    actor: by,
    action: `Created a test return on ${input.order.name}`,
    detail: `From ${input.originCountry}, reason "${input.reason}"${held ? ": on hold for review" : ""}`,
  });
  if (held) return { ok: true, id: row.id, state: "on_hold" };
  return printLabel(shop, row.id, input.order, destination);
}

function returnLabelRequest(row: TestReturn, order: OrderForReturn, destination: ReturnAddress): ReturnLabelRequest {
  const address = order.address;
  const items = parseItems(row.items);
  const kg = Math.max(0.1, Math.round(items.reduce((sum, item) => sum + item.quantity * 0.5, 0) * 100) / 100);
  return {
    Origin: {
      Name: order.customerName || address?.name || "Test customer",
      Address: {
        StreetAddress: address?.address1 || "1 Test Street",
        Suburb: address?.address2 || undefined,
        City: address?.city || "Test city",
        PostCode: address?.zip || undefined,
        CountryCode: row.originCountry,
      },
      Email: order.email ?? undefined,
    },
    Destination: {
      Name: destination.name,
      Address: { StreetAddress: destination.street, City: destination.city, PostCode: destination.postcode, CountryCode: destination.countryCode },
    },
    Packages: [{ Length: 30, Width: 25, Height: 10, Kg: kg, Type: "Box" }],
    Commodities: items.map((item) => ({
      Description: item.title,
      Units: item.quantity,
      UnitValue: item.unitValue,
      UnitKg: 0.5,
      Currency: order.currency,
      SKU: item.sku,
      itemSKU: item.sku,
      Reason: row.reason,
      ReturnAction: RETURN_ACTION[row.returnOption] ?? row.returnOption,
    })),
    DeliveryReference: order.name.replace(/^#/, ""),
    // Tagged for SEKO too: whoever reads the consignment sees it is a test.
    Reference2: "TEST RETURN",
    Outputs: ["LABEL_PDF_100X150"],
    ShipType: "INBOUND",
    RPSProcessing: true,
    SendTrackingEmail: false,
  };
}

const NO_TEST_KEYS = "Connect SEKO's test environment in Settings (an OmniReturns or OmniParcel test key) to create test labels.";

/** Asks SEKO's test environment for the label of a stored test return and records the outcome. */
export async function printLabel(shop: string, id: string, order: OrderForReturn, destination: ReturnAddress): Promise<ActionResult> {
  const row = await db.testReturn.findFirst({ where: { id, shop } });
  if (!row) return { ok: false, message: "No such test return" };
  const clients = await sekoClients(shop, "test");
  const request = returnLabelRequest(row, order, destination);
  const system = clients.omnireturns ? "omnireturns" : clients.omniparcel ? "omniparcel" : null;
  if (!system) {
    await db.testReturn.update({ where: { id }, data: { state: "failed", error: NO_TEST_KEYS } });
    return { ok: false, id, message: NO_TEST_KEYS };
  }
  const result = clients.omnireturns ? await clients.omnireturns.createReturnLabel(request) : await clients.omniparcel!.printShipment(request);
  if (!result.ok) {
    await db.testReturn.update({ where: { id }, data: { state: "failed", system, error: result.error.message } });
    log.warn("test return: label failed", { shop, id, kind: result.error.kind, correlationId: result.error.correlationId });
    return { ok: false, id, message: result.error.message };
  }
  const label = result.value.labels[0]!;
  const [output, files] = Object.entries(label.files).find(([, list]) => list.length > 0) ?? [null, []];
  await db.testReturn.update({
    where: { id },
    data: {
      state: "labelled",
      system,
      connote: label.connote,
      trackingUrl: label.trackingUrl ?? null,
      cost: label.cost ?? null,
      labelOutput: output,
      labelData: files[0] ?? null,
      error: output ? null : "SEKO created the consignment but sent no label file.",
    },
  });
  return { ok: true, id, state: "labelled" };
}

/**
 * The merchant's decision on a held return (the faulty-item flow): accepting
 * with a label creates it; accepting without one or rejecting ends it here.
 * Only a held return can be decided, once; the decision and who made it are kept.
 */
export async function decideTestReturn(
  shop: string,
  id: string,
  decision: Decision,
  by: string,
  label: { order: OrderForReturn | null; destination: ReturnAddress },
): Promise<ActionResult> {
  const state: TestReturnState = decision === "reject" ? "rejected" : decision === "accept_no_label" ? "no_label" : "failed";
  const claimed = await db.testReturn.updateMany({
    where: { id, shop, state: "on_hold", decision: null },
    data: { decision, decidedBy: by, decidedAt: new Date(), state, error: DECISIONS[decision].printsLabel ? "The label was being created when the app stopped: check SEKO before trying again." : null },
  });
  if (claimed.count === 0) return { ok: false, message: "This return is not on hold any more." };
  const row = await db.testReturn.findFirstOrThrow({ where: { id, shop } });
  await recordActivity(shop, { kind: "test-return.decided", actor: by, action: `${DECISIONS[decision].label}: test return on ${row.orderName}`, detail: `Reason "${row.reason}"` });
  if (!DECISIONS[decision].printsLabel) return { ok: true, id, state };
  if (!label.order) {
    await db.testReturn.update({ where: { id }, data: { error: "The order is no longer in the app." } });
    return { ok: false, id, message: "The order is no longer in the app." };
  }
  return printLabel(shop, id, label.order, label.destination);
}

/** Voids the label with SEKO (test environment), then marks the return voided. */
export async function voidTestReturn(shop: string, id: string, by: string): Promise<ActionResult> {
  const row = await db.testReturn.findFirst({ where: { id, shop } });
  if (!row) return { ok: false, message: "No such test return" };
  if (row.state !== "labelled" || !row.connote) return { ok: false, id, message: "Only a return with a label can be voided." };
  const { omniparcel } = await sekoClients(shop, "test");
  if (!omniparcel) return { ok: false, id, message: "Voiding a label needs the OmniParcel test key (Settings)." };
  const result = await omniparcel.deleteLabels([row.connote]);
  if (!result.ok) return { ok: false, id, message: result.error.message };
  await db.testReturn.update({ where: { id }, data: { state: "voided", voidedAt: new Date(), voidedBy: by } });
  await recordActivity(shop, { kind: "test-return.voided", actor: by, action: `Voided the test label ${row.connote}`, detail: `Test return on ${row.orderName}` });
  return { ok: true, id, state: "voided" };
}

/** How long one return's "Check status" waits before asking SEKO again: statusv2 allows 100 calls a minute per account. */
export const CHECK_INTERVAL_MS = 10_000;

/**
 * Asks statusv2 for the label's events and stores them as the receiver does
 * (same dedupe key), so the timeline reads one source whichever way events came.
 */
export async function checkTestReturnStatus(shop: string, id: string, now = new Date()): Promise<ActionResult & { stored?: number }> {
  const row = await db.testReturn.findFirst({ where: { id, shop } });
  if (!row?.connote) return { ok: false, message: "This return has no label to track." };
  if (row.checkedAt && now.getTime() - row.checkedAt.getTime() < CHECK_INTERVAL_MS) {
    return { ok: false, id, message: "Checked a moment ago: try again in a few seconds." };
  }
  const { omniparcel } = await sekoClients(shop, "test");
  if (!omniparcel) return { ok: false, id, message: "Checking the status needs the OmniParcel test key (Settings)." };
  await db.testReturn.update({ where: { id }, data: { checkedAt: now } });
  const result = await omniparcel.trackingStatus([row.connote]);
  if (!result.ok) return { ok: false, id, message: describe(result.error) };
  const events = result.value
    .filter((status) => status.connote === row.connote)
    .flatMap((status) =>
      status.events
        .filter((event) => event.code)
        .map((event) => ({ ConsignmentNo: row.connote, OrderNo: row.orderName, Code: event.code, Status: event.description, EventDT: event.at })),
    );
  const parsed = parseTrackingWebhook(events, now);
  if (!parsed.ok) return { ok: false, id, message: parsed.reason };
  const stored = await storeTrackingEvents(shop, parsed.value);
  return { ok: true, id, state: row.state as TestReturnState, stored: stored.stored };
}

function describe(error: SekoError) {
  return error.kind === "rate_limited" ? "SEKO's tracking limit (100 checks a minute) is reached: try again in a minute." : error.message;
}

/** What step 9's rule reads: every test return with its furthest status, and the latest label-cost confirmation. */
export async function testReturnRecords(shop: string): Promise<{ returns: TestReturnFact[]; labelCosts: LabelCostConfirmation | null }> {
  const [rows, confirmation] = await Promise.all([
    db.testReturn.findMany({ where: { shop }, orderBy: { createdAt: "asc" } }),
    db.onboardingSubmission.findFirst({ where: { shop, form: LABEL_COSTS_FORM }, orderBy: { version: "desc" } }),
  ]);
  const connotes = rows.flatMap((row) => (row.connote ? [row.connote] : []));
  const shipments = connotes.length
    ? await db.returnShipment.findMany({ where: { shop, consignmentNo: { in: connotes } }, select: { consignmentNo: true, status: true } })
    : [];
  const status = new Map(shipments.map((shipment) => [shipment.consignmentNo, shipment.status]));
  let labelCosts: LabelCostConfirmation | null = null;
  if (confirmation) {
    const payload = JSON.parse(confirmation.payload) as { rows?: { country: string }[] };
    labelCosts = {
      version: confirmation.version,
      confirmedAt: confirmation.submittedAt.toISOString(),
      confirmedBy: confirmation.submittedBy,
      countries: (payload.rows ?? []).map((row) => row.country),
    };
  }
  return {
    returns: rows.map((row) => ({
      originCountry: row.originCountry,
      reason: row.reason,
      needsReview: row.needsReview,
      state: row.state as TestReturnState,
      decision: row.decision,
      decidedBy: row.decidedBy,
      labelled: Boolean(row.connote),
      status: row.connote ? (status.get(row.connote) ?? null) : null,
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy,
    })),
    labelCosts,
  };
}

/** A synced order's address in each country, to quote a return from (SEKO rates need a real origin). */
async function originsByCountry(shop: string, countries: string[]) {
  const origins = new Map<string, { name: string; street: string; city: string; postcode?: string }>();
  for (const country of countries) {
    const order = await db.order.findFirst({ where: { shop, shipCountry: country, shippingAddress: { not: null } }, orderBy: { processedAt: "desc" }, select: { shippingAddress: true, customerName: true } });
    try {
      const address = order?.shippingAddress ? (JSON.parse(order.shippingAddress) as { name?: string; address1?: string; city?: string; zip?: string }) : null;
      if (address?.address1 && address.city) origins.set(country, { name: order?.customerName || address.name || "Customer", street: address.address1, city: address.city, postcode: address.zip || undefined });
    } catch {
      // An unreadable address is the same as none: that country gets no quote.
    }
  }
  return origins;
}

export type QuotedCountry = { country: string; rate: { cost: number; carrierName: string; deliveryType: string } | null; error?: string };

/**
 * SEKO's cheapest available rate, per offered country, for `parcel` from a
 * customer address there back to the shop. Asked one country at a time: a
 * failure in one leaves the others' rates.
 */
export async function quoteLabelCosts(shop: string, countries: string[], parcel: Parcel, destination: ReturnAddress): Promise<QuotedCountry[]> {
  const stored = await sekoClients(shop);
  const omniparcel = stored.omniparcel ?? (await sekoClients(shop, "test")).omniparcel;
  if (!omniparcel) return countries.map((country) => ({ country, rate: null, error: "connect an OmniParcel key in Settings to get SEKO's rates" }));
  const origins = await originsByCountry(shop, countries);
  const quotes: QuotedCountry[] = [];
  for (const country of countries) {
    const origin = origins.get(country);
    if (!origin) {
      quotes.push({ country, rate: null, error: "no synced order ships there, so there is no address to quote from" });
      continue;
    }
    const result = await omniparcel.availableRates({
      Origin: { Name: origin.name, Address: { StreetAddress: origin.street, City: origin.city, PostCode: origin.postcode, CountryCode: country } },
      Destination: { Name: destination.name, Address: { StreetAddress: destination.street, City: destination.city, PostCode: destination.postcode, CountryCode: destination.countryCode } },
      Packages: [{ Length: parcel.length, Width: parcel.width, Height: parcel.height, Kg: parcel.kg }],
      ShipType: "INBOUND",
    });
    if (!result.ok) {
      quotes.push({ country, rate: null, error: result.error.message });
      continue;
    }
    const cheapest = [...result.value.available].sort((a, b) => a.cost - b.cost)[0];
    quotes.push({ country, rate: cheapest ? { cost: cheapest.cost, carrierName: cheapest.carrierName, deliveryType: cheapest.deliveryType } : null, error: cheapest ? undefined : result.value.rejected[0]?.reason });
  }
  return quotes;
}

/** Stores the table as the next version of the "label-costs" submission and sends it to SEKO like the others. */
export async function confirmLabelCosts(shop: string, table: { parcel: Parcel; rows: LabelCostRow[] }, by: string, byLabel: string) {
  const summary = table.rows
    .map((row) =>
      [
        `${row.country}: `,
        row.rate ? `SEKO ${row.rate.cost.toFixed(2)} ${row.rateCurrency} (${row.rate.carrierName} ${row.rate.deliveryType})` : "no rate",
        row.paidBy === "customer" ? `, customer pays ${(row.customerPrice ?? 0).toFixed(2)} ${row.customerCurrency}` : ", free to the customer",
        row.effectiveCost !== null ? `, costs the retailer ${row.effectiveCost.toFixed(2)} ${row.rateCurrency} per return` : "",
        row.warnings.length ? ` (${row.warnings.join(" ")})` : "",
      ].join(""),
    )
    .join("\n");
  const result = await createSubmission(shop, LABEL_COSTS_FORM, by, (version, submittedAt) => ({
    documentName: "Label cost by country",
    summaryText: `Parcel ${table.parcel.length} x ${table.parcel.width} x ${table.parcel.height} cm, ${table.parcel.kg} kg.\n${summary}\nConfirmed by ${byLabel}.`,
    version,
    shop,
    submittedAt: submittedAt.toISOString(),
    confirmedBy: byLabel,
    parcel: table.parcel,
    rows: table.rows,
  }));
  await recordActivity(shop, { kind: "label-costs.confirmed", actor: by, action: `Confirmed the label costs (version ${result.version})`, detail: table.rows.map((row) => row.country).join(", ") });
  return result;
}
