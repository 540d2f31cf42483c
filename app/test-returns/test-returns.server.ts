/**
 * Step 9's test returns: stored per shop, labelled through SEKO's test
 * environment, voided, reviewed, and followed through the tracking events the
 * receiver stored (docs/test-returns.md). SEKO calls never run inside a
 * database transaction: the row is written before the call and updated after.
 * "Check status" is in status-check.server.ts, the label cost by country in
 * label-costs.server.ts.
 */
import type { TestReturn } from "@prisma/client";
import { sekoClients } from "~/seko/connection.server";
import type { ReturnLabelRequest } from "~/seko/schemas";
import type { OrderForReturn } from "~/shopify/order-search.server";
import { recordActivity } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import { withLease } from "~/utils/leases.server";
import { log } from "~/utils/logger.server";
import {
  currentStatusLabel,
  DECISIONS,
  itemsAlreadyReturned,
  returnedQuantities,
  STATE_LABELS,
  timeline,
  type Decision,
  type ReturnedQuantities,
  type LabelCostConfirmation,
  type TestReturnFact,
  type TestReturnState,
  type Timeline,
} from "./test-returns";
import { RETURN_ACTION, type ReturnSettings } from "~/return-settings/return-settings";
import { LABEL_COSTS_FORM } from "./label-costs.server";

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
  const events = row.connote ? await db.trackingEvent.findMany({ where: { shop, consignmentNo: row.connote }, select: { code: true, label: true, kind: true, eventAt: true, receivedAt: true } }) : [];
  const view = toView(row);
  const track = timeline(events.map((event) => ({ ...event, receivedAt: event.receivedAt.toISOString() })));
  // The page's status follows the timeline: a label SEKO delivered back is no longer just "Label created".
  return { ...view, stateLabel: currentStatusLabel(view.state, track.current), timeline: track };
}

/** Per line of the order, what the shop's open (not voided) test returns on it already hold. */
export async function returnedOnOrder(shop: string, orderId: string): Promise<ReturnedQuantities> {
  const rows = await db.testReturn.findMany({ where: { shop, orderId, state: { not: "voided" } }, select: { state: true, items: true } });
  return returnedQuantities(rows.map((row) => ({ state: row.state, items: parseItems(row.items) })));
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

/** `errors`: the form's items another test return took meanwhile, by field (the route answers them like the form's own check). */
export type ActionResult = { ok: true; id: string; state: TestReturnState } | { ok: false; id?: string; message: string; errors?: Record<string, string[]> };

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
      return {
        lineItemId: line.id,
        sku: line.sku || line.id,
        title: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
        quantity: item.quantity,
        unitValue: Number(line.price) || 0,
      };
    });
  const held = config.reviewReasons.some((reason) => reason.toLowerCase() === input.reason.toLowerCase());
  const data = {
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
  };
  // Checked again under the order's lease: two submissions at once both pass the form's check, and only one may hold the items.
  const created = await withLease(shop, `test-return:${input.order.id}`, async () => {
    const taken = itemsAlreadyReturned(input.order, input.items, await returnedOnOrder(shop, input.order.id));
    return Object.keys(taken).length ? { taken } : { row: await db.testReturn.create({ data }) };
  });
  if (!created) return { ok: false, message: "Another test return on this order is being created right now: wait a moment, then check the list before trying again.", errors: {} };
  if ("taken" in created) return { ok: false, message: "Not created: another test return of this order took these items a moment ago.", errors: created.taken };
  const { row } = created;
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
export async function decideTestReturn(shop: string, id: string, decision: Decision, by: string, label: { order: OrderForReturn | null; destination: ReturnAddress }): Promise<ActionResult> {
  const state: TestReturnState = decision === "reject" ? "rejected" : decision === "accept_no_label" ? "no_label" : "failed";
  const claimed = await db.testReturn.updateMany({
    where: { id, shop, state: "on_hold", decision: null },
    data: {
      decision,
      decidedBy: by,
      decidedAt: new Date(),
      state,
      error: DECISIONS[decision].printsLabel ? "The label was being created when the app stopped: check SEKO before trying again." : null,
    },
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

/** What step 9's rule reads: every test return with its furthest status, and the latest label-cost confirmation. */
export async function testReturnRecords(shop: string): Promise<{ returns: TestReturnFact[]; labelCosts: LabelCostConfirmation | null }> {
  const [rows, confirmation] = await Promise.all([
    db.testReturn.findMany({ where: { shop }, orderBy: { createdAt: "asc" } }),
    db.onboardingSubmission.findFirst({ where: { shop, form: LABEL_COSTS_FORM }, orderBy: { version: "desc" } }),
  ]);
  const connotes = rows.flatMap((row) => (row.connote ? [row.connote] : []));
  const shipments = connotes.length ? await db.returnShipment.findMany({ where: { shop, consignmentNo: { in: connotes } }, select: { consignmentNo: true, status: true } }) : [];
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
