/**
 * The Returns API mutations of the simulated Shopify, on the returns ./return-resolvers.ts reads:
 * returnCreate, reverseDeliveryCreateWithShipping, reverseFulfillmentOrderDispose, returnProcess,
 * returnClose and returnDeclineRequest. Each validates its whole input first and changes nothing
 * when it answers `userErrors` (ReturnUserError: code from ReturnErrorCode, field as the input
 * path with list indexes as strings, message). Customer notifications are not modelled.
 *
 * Shopify documents the mutations, their arguments and the error codes, not the exact messages:
 * the messages here are the fake's own, the codes and fields follow the documentation cited per
 * mutation. What Shopify does not say (does returnProcess close the return?) is chosen the strict
 * way and noted: here a return stays OPEN until returnClose.
 */
import { nextDemoGid, type DemoDisposition, type DemoOrder, type DemoRefund, type DemoReturn, type DemoReturnLineItem } from "../../fixtures/demo-store";
import { orderTransactions, visibleOrders } from "./order-resolvers";
import type { Ctx, Obj } from "./resolver-context";
import {
  findReturn,
  findReverseFulfillmentOrder,
  findReverseFulfillmentOrderLineItem,
  fulfillmentLineItemId,
  RETURN_REASON_DEFINITIONS,
  returnableQuantities,
  returnView,
  reverseDeliveryPayloadView,
  rfoLineItemPayloadView,
} from "./return-resolvers";

type UserError = { code: string; field: string[] | null; message: string };
const err = (code: string, field: string[] | null, message: string): UserError => ({ code, field, message });

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Shopify's updated_at only moves forward (as tests/fixtures/demo-store.ts `touch`). */
function touch(order: DemoOrder, nowMs: number) {
  const at = Math.max(nowMs, Date.parse(order.updatedAt) + 1000);
  order.updatedAt = iso(at);
  return iso(at);
}

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
};

const disposed = (line: { dispositions: DemoDisposition[] }) => line.dispositions.reduce((n, d) => n + d.quantity, 0);

type DisposeInput = { reverseFulfillmentOrderLineItemId: string; quantity: number; dispositionType: DemoDisposition["type"]; locationId?: string | null };

/**
 * Checks dispositions against their reverse fulfillment order line items: the line exists on an
 * OPEN return, quantity > 0 and within what is left to dispose (counting earlier inputs of the same
 * call), RESTOCKED names an active location of the store (the input's documented rule).
 */
function checkDispositions(ctx: Ctx, inputs: readonly DisposeInput[], path: string[], returnId?: string, pending = new Map<string, number>()): UserError[] {
  const errors: UserError[] = [];
  inputs.forEach((input, i) => {
    const at = [...path, String(i)];
    const found = findReverseFulfillmentOrderLineItem(ctx, input.reverseFulfillmentOrderLineItemId);
    if (!found || (returnId && found.ret.id !== returnId)) {
      errors.push(err("NOT_FOUND", [...at, "reverseFulfillmentOrderLineItemId"], "Reverse fulfillment order line item does not exist."));
      return;
    }
    if (found.ret.status !== "OPEN") {
      errors.push(err("INVALID_STATE", [...at, "reverseFulfillmentOrderLineItemId"], `The return is ${found.ret.status.toLowerCase()}: only an open return's items can be disposed.`));
      return;
    }
    if (input.quantity <= 0) errors.push(err("GREATER_THAN", [...at, "quantity"], "Quantity must be greater than 0."));
    const left = found.line.totalQuantity - disposed(found.line) - (pending.get(found.line.id) ?? 0);
    if (input.quantity > left) errors.push(err("LESS_THAN_OR_EQUAL_TO", [...at, "quantity"], `Quantity must be less than or equal to ${left}, the quantity left to dispose.`));
    pending.set(found.line.id, (pending.get(found.line.id) ?? 0) + Math.max(0, input.quantity));
    if (input.dispositionType === "RESTOCKED" && !input.locationId) {
      errors.push(err("BLANK", [...at, "locationId"], "A location is required when the disposition type is RESTOCKED."));
    } else if (input.locationId && !ctx.runtime.data.locations.some((l) => l.id === input.locationId && l.isActive)) {
      errors.push(err("NOT_FOUND", [...at, "locationId"], "Location does not exist."));
    }
  });
  return errors;
}

/** Records checked dispositions; a restock puts the units back in the variant's stock. Closes a reverse fulfillment order once all of it is disposed. */
function applyDispositions(ctx: Ctx, inputs: readonly DisposeInput[], at: string) {
  const touched = [];
  for (const input of inputs) {
    const found = findReverseFulfillmentOrderLineItem(ctx, input.reverseFulfillmentOrderLineItemId)!;
    found.line.dispositions.push({
      id: nextDemoGid(ctx.runtime.data, "ReverseFulfillmentOrderDisposition"),
      type: input.dispositionType,
      quantity: input.quantity,
      locationId: input.locationId ?? null,
      createdAt: at,
    });
    if (input.dispositionType === "RESTOCKED") {
      const orderLine = found.order.lineItems.find((li) => fulfillmentLineItemId(li.id) === found.line.fulfillmentLineItemId);
      const entry = orderLine?.variantId ? ctx.index.variants.get(orderLine.variantId) : undefined;
      if (entry) entry.variant.inventoryQuantity += input.quantity;
    }
    if (found.rfo.lineItems.every((l) => disposed(l) >= l.totalQuantity)) found.rfo.status = "CLOSED";
    touched.push(found);
  }
  return touched;
}

type ReturnInput = {
  orderId: string;
  returnLineItems: { fulfillmentLineItemId: string; quantity: number; returnReason?: string | null; returnReasonDefinitionId?: string | null; returnReasonNote?: string | null }[];
  exchangeLineItems?: unknown[] | null;
};

// https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/returnCreate: opens the return at once with one reverse fulfillment order.
function returnCreate(args: { returnInput: ReturnInput }, ctx: Ctx) {
  const input = args.returnInput;
  const order = visibleOrders(ctx).find((o) => o.id === input.orderId);
  if (!order) return { return: null, userErrors: [err("NOT_FOUND", ["returnInput", "orderId"], "Order does not exist.")] };
  const errors: UserError[] = [];
  if (input.returnLineItems.length === 0) errors.push(err("BLANK", ["returnInput", "returnLineItems"], "Return line items can't be blank."));
  if (input.exchangeLineItems?.length) errors.push(err("FEATURE_NOT_ENABLED", ["returnInput", "exchangeLineItems"], "Exchanges are not supported by this store."));
  const returnable = returnableQuantities(order);
  const asked = new Map<string, number>();
  input.returnLineItems.forEach((line, i) => {
    const at = ["returnInput", "returnLineItems", String(i)];
    if (!returnable.has(line.fulfillmentLineItemId)) {
      errors.push(err("NOT_FOUND", [...at, "fulfillmentLineItemId"], "Fulfillment line item does not exist on this order."));
      return;
    }
    if (line.quantity <= 0) errors.push(err("GREATER_THAN", [...at, "quantity"], "Quantity must be greater than 0."));
    const total = (asked.get(line.fulfillmentLineItemId) ?? 0) + Math.max(0, line.quantity);
    asked.set(line.fulfillmentLineItemId, total);
    const can = returnable.get(line.fulfillmentLineItemId)!;
    if (total > can) errors.push(err("LESS_THAN_OR_EQUAL_TO", [...at, "quantity"], `Quantity must be less than or equal to ${can}, the returnable quantity of this fulfillment line item.`));
    if (line.returnReasonDefinitionId && !RETURN_REASON_DEFINITIONS.some((d) => d.id === line.returnReasonDefinitionId)) {
      errors.push(err("NOT_FOUND", [...at, "returnReasonDefinitionId"], "Return reason definition does not exist."));
    }
    if (line.returnReasonNote && line.returnReasonNote.length > 255) errors.push(err("TOO_LONG", [...at, "returnReasonNote"], "Return reason note is too long (maximum is 255 characters)."));
  });
  if (errors.length) return { return: null, userErrors: errors };

  const data = ctx.runtime.data;
  const at = touch(order, ctx.nowMs);
  const lineItems: DemoReturnLineItem[] = input.returnLineItems.map((line) => {
    const definition = RETURN_REASON_DEFINITIONS.find((d) => d.id === line.returnReasonDefinitionId);
    return {
      id: nextDemoGid(data, "ReturnLineItem"),
      fulfillmentLineItemId: line.fulfillmentLineItemId,
      quantity: line.quantity,
      returnReason: line.returnReason ?? definition?.reason ?? "UNKNOWN",
      returnReasonDefinitionId: definition?.id ?? RETURN_REASON_DEFINITIONS.find((d) => d.reason === line.returnReason)?.id ?? null,
      returnReasonNote: line.returnReasonNote ?? "",
      customerNote: null,
      processedQuantity: 0,
      refundedQuantity: 0,
    };
  });
  const ret: DemoReturn = {
    id: nextDemoGid(data, "Return"),
    name: `${order.name}-R${(order.returns?.length ?? 0) + 1}`,
    status: "OPEN",
    createdAt: at,
    closedAt: null,
    decline: null,
    lineItems,
    reverseFulfillmentOrders: [
      {
        id: nextDemoGid(data, "ReverseFulfillmentOrder"),
        status: "OPEN",
        lineItems: lineItems.map((line) => ({
          id: nextDemoGid(data, "ReverseFulfillmentOrderLineItem"),
          returnLineItemId: line.id,
          fulfillmentLineItemId: line.fulfillmentLineItemId,
          totalQuantity: line.quantity,
          dispositions: [],
        })),
        reverseDeliveries: [],
      },
    ],
  };
  (order.returns ??= []).push(ret);
  // Shopify: a return on an archived order unarchives it.
  order.closedAt = null;
  return { return: returnView(order, ret, ctx), userErrors: [] };
}

type DeliveryArgs = {
  reverseFulfillmentOrderId: string;
  reverseDeliveryLineItems: { reverseFulfillmentOrderLineItemId: string; quantity: number }[];
  trackingInput?: { number?: string | null; url?: string | null } | null;
  labelInput?: { fileUrl: string } | null;
  notifyCustomer?: boolean | null;
};

// https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/reverseDeliveryCreateWithShipping
function reverseDeliveryCreateWithShipping(args: DeliveryArgs, ctx: Ctx) {
  const found = findReverseFulfillmentOrder(ctx, args.reverseFulfillmentOrderId);
  if (!found) return { reverseDelivery: null, userErrors: [err("NOT_FOUND", ["reverseFulfillmentOrderId"], "Reverse fulfillment order does not exist.")] };
  const { order, ret, rfo } = found;
  if (ret.status !== "OPEN" || rfo.status !== "OPEN") {
    return {
      reverseDelivery: null,
      userErrors: [
        err(
          "INVALID_STATE",
          ["reverseFulfillmentOrderId"],
          `The reverse fulfillment order is ${rfo.status === "OPEN" ? `on a ${ret.status.toLowerCase()} return` : rfo.status.toLowerCase()}: a reverse delivery needs an open one.`,
        ),
      ],
    };
  }
  const errors: UserError[] = [];
  if (args.reverseDeliveryLineItems.length === 0) errors.push(err("BLANK", ["reverseDeliveryLineItems"], "Reverse delivery line items can't be blank."));
  const asked = new Map<string, number>();
  args.reverseDeliveryLineItems.forEach((item, i) => {
    const at = ["reverseDeliveryLineItems", String(i)];
    const line = rfo.lineItems.find((l) => l.id === item.reverseFulfillmentOrderLineItemId);
    if (!line) {
      errors.push(err("NOT_FOUND", [...at, "reverseFulfillmentOrderLineItemId"], "Reverse fulfillment order line item does not exist on this reverse fulfillment order."));
      return;
    }
    if (item.quantity <= 0) errors.push(err("GREATER_THAN", [...at, "quantity"], "Quantity must be greater than 0."));
    const delivered = rfo.reverseDeliveries
      .flatMap((d) => d.lineItems)
      .filter((d) => d.reverseFulfillmentOrderLineItemId === line.id)
      .reduce((n, d) => n + d.quantity, 0);
    const total = (asked.get(line.id) ?? 0) + Math.max(0, item.quantity);
    asked.set(line.id, total);
    const left = line.totalQuantity - delivered;
    if (total > left) errors.push(err("LESS_THAN_OR_EQUAL_TO", [...at, "quantity"], `Quantity must be less than or equal to ${left}, the quantity not yet in a reverse delivery.`));
  });
  if (args.trackingInput?.url && !isHttpUrl(args.trackingInput.url)) errors.push(err("INVALID", ["trackingInput", "url"], "Tracking URL is invalid."));
  if (args.labelInput && !isHttpUrl(args.labelInput.fileUrl)) errors.push(err("INVALID", ["labelInput", "fileUrl"], "Label file URL is invalid."));
  if (errors.length) return { reverseDelivery: null, userErrors: errors };

  const data = ctx.runtime.data;
  const at = touch(order, ctx.nowMs);
  const tracking =
    args.trackingInput && (args.trackingInput.number || args.trackingInput.url) ? { number: args.trackingInput.number ?? null, url: args.trackingInput.url ?? null, carrierName: null } : null;
  const delivery = {
    id: nextDemoGid(data, "ReverseDelivery"),
    createdAt: at,
    lineItems: args.reverseDeliveryLineItems.map((item) => ({
      id: nextDemoGid(data, "ReverseDeliveryLineItem"),
      reverseFulfillmentOrderLineItemId: item.reverseFulfillmentOrderLineItemId,
      quantity: item.quantity,
    })),
    tracking,
    labelUrl: args.labelInput?.fileUrl ?? null,
  };
  rfo.reverseDeliveries.push(delivery);
  return { reverseDelivery: reverseDeliveryPayloadView(ctx, delivery.id), userErrors: [] };
}

// https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/reverseFulfillmentOrderDispose
// (locationId "is required when the disposition type is RESTOCKED": .../input-objects/ReverseFulfillmentOrderDisposeInput)
function reverseFulfillmentOrderDispose(args: { dispositionInputs: DisposeInput[] }, ctx: Ctx) {
  const errors = checkDispositions(ctx, args.dispositionInputs, ["dispositionInputs"]);
  if (errors.length) return { reverseFulfillmentOrderLineItems: null, userErrors: errors };
  const touched = applyDispositions(ctx, args.dispositionInputs, iso(ctx.nowMs));
  for (const { order } of touched) touch(order, ctx.nowMs);
  const unique = [...new Map(touched.map((t) => [t.line.id, t])).values()];
  return { reverseFulfillmentOrderLineItems: unique.map((t) => rfoLineItemPayloadView(t.order, t.line, ctx)), userErrors: [] };
}

type ProcessInput = {
  returnId: string;
  returnLineItems?: { id: string; quantity: number; dispositions?: DisposeInput[] | null }[] | null;
  exchangeLineItems?: unknown[] | null;
  financialTransfer?: {
    issueRefund?: {
      orderTransactions: { parentId: string; transactionAmount: { amount: string; currencyCode: string } }[];
      allowOverRefunding?: boolean | null;
      refundMethods?: unknown[] | null;
    } | null;
  } | null;
  refundShipping?: unknown;
  refundDuties?: unknown[] | null;
  note?: string | null;
  notifyCustomer?: boolean | null;
};

/** What the customer paid, less what was refunded, in the order's presentment currency. */
function refundableAmount(order: DemoOrder) {
  const refunded = order.refunds.reduce((n, r) => n + Number(r.amount), 0);
  return Math.max(0, Number(order.totalPrice) - refunded) * order.presentmentRate;
}

// https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/returnProcess (2025-07+): confirms
// quantities of return line items, their dispositions, and optionally a refund (financialTransfer).
function returnProcess(args: { input: ProcessInput }, ctx: Ctx) {
  const input = args.input;
  const found = findReturn(ctx, input.returnId);
  if (!found) return { return: null, userErrors: [err("NOT_FOUND", ["input", "returnId"], "Return does not exist.")] };
  const { order, ret } = found;
  if (ret.status !== "OPEN") return { return: null, userErrors: [err("INVALID_STATE", ["input", "returnId"], `The return is ${ret.status.toLowerCase()}: only an open return can be processed.`)] };
  const errors: UserError[] = [];
  const lines = input.returnLineItems ?? [];
  const refund = input.financialTransfer?.issueRefund ?? null;
  if (!lines.length && !refund) errors.push(err("BLANK", ["input", "returnLineItems"], "Return line items can't be blank."));
  if (input.exchangeLineItems?.length) errors.push(err("FEATURE_NOT_ENABLED", ["input", "exchangeLineItems"], "Exchanges are not supported by this store."));
  const allDispositions: DisposeInput[] = [];
  // Quantities disposed by earlier lines of this call, so two lines cannot dispose the same units twice.
  const pending = new Map<string, number>();
  lines.forEach((line, i) => {
    const at = ["input", "returnLineItems", String(i)];
    const own = ret.lineItems.find((l) => l.id === line.id);
    if (!own) {
      errors.push(err("NOT_FOUND", [...at, "id"], "Return line item does not exist on this return."));
      return;
    }
    if (line.quantity <= 0) errors.push(err("GREATER_THAN", [...at, "quantity"], "Quantity must be greater than 0."));
    const unprocessed = own.quantity - own.processedQuantity;
    if (line.quantity > unprocessed) errors.push(err("LESS_THAN_OR_EQUAL_TO", [...at, "quantity"], `Quantity must be less than or equal to ${unprocessed}, the unprocessed quantity.`));
    const dispositions = line.dispositions ?? [];
    const rfoLineIds = ret.reverseFulfillmentOrders
      .flatMap((rfo) => rfo.lineItems)
      .filter((l) => l.returnLineItemId === own.id)
      .map((l) => l.id);
    dispositions.forEach((d, j) => {
      if (!rfoLineIds.includes(d.reverseFulfillmentOrderLineItemId))
        errors.push(err("INVALID", [...at, "dispositions", String(j), "reverseFulfillmentOrderLineItemId"], "The disposition is not for this return line item."));
    });
    if (dispositions.reduce((n, d) => n + d.quantity, 0) > line.quantity) errors.push(err("LESS_THAN_OR_EQUAL_TO", [...at, "dispositions"], "Dispositions can't exceed the quantity processed."));
    errors.push(...checkDispositions(ctx, dispositions, [...at, "dispositions"], ret.id, pending));
    allDispositions.push(...dispositions);
  });
  let refundTotal = 0;
  if (refund) {
    const sales = orderTransactions(order).filter((t) => t.kind === "SALE" || t.kind === "CAPTURE");
    const path = ["input", "financialTransfer", "issueRefund", "orderTransactions"];
    if (!refund.orderTransactions.length) errors.push(err("BLANK", path, "Order transactions can't be blank."));
    refund.orderTransactions.forEach((t, i) => {
      if (!sales.some((s) => s.id === t.parentId)) errors.push(err("NOT_FOUND", [...path, String(i), "parentId"], "Parent transaction does not exist or is not a sale or capture of this order."));
      if (t.transactionAmount.currencyCode !== order.presentmentCurrencyCode) {
        errors.push(err("INVALID", [...path, String(i), "transactionAmount", "currencyCode"], `The amount must be in the order's presentment currency, ${order.presentmentCurrencyCode}.`));
      }
      const amount = Number(t.transactionAmount.amount);
      if (!(amount > 0)) errors.push(err("GREATER_THAN", [...path, String(i), "transactionAmount", "amount"], "Amount must be greater than 0."));
      refundTotal += amount > 0 ? amount : 0;
    });
    const available = refundableAmount(order);
    if (!refund.allowOverRefunding && refundTotal > available + 0.005) {
      errors.push(
        err(
          "INVALID",
          path,
          `The refund of ${refundTotal.toFixed(2)} ${order.presentmentCurrencyCode} is more than the ${available.toFixed(2)} ${order.presentmentCurrencyCode} that can still be refunded on this order.`,
        ),
      );
    }
  }
  if (errors.length) return { return: null, userErrors: errors };

  const at = touch(order, ctx.nowMs);
  applyDispositions(ctx, allDispositions, at);
  for (const line of lines) ret.lineItems.find((l) => l.id === line.id)!.processedQuantity += line.quantity;
  if (refund && refundTotal > 0) {
    const data = ctx.runtime.data;
    const amountShop = Math.round((refundTotal / order.presentmentRate) * 100) / 100;
    const record: DemoRefund = {
      id: nextDemoGid(data, "Refund"),
      createdAt: at,
      note: input.note ?? null,
      amount: amountShop.toFixed(2),
      returnId: ret.id,
      lineItems: lines.map((line) => {
        const own = ret.lineItems.find((l) => l.id === line.id)!;
        own.refundedQuantity += line.quantity;
        const orderLine = order.lineItems.find((li) => fulfillmentLineItemId(li.id) === own.fulfillmentLineItemId)!;
        const restocked = (line.dispositions ?? []).some((d) => d.dispositionType === "RESTOCKED");
        const subtotal = Number(orderLine.originalUnitPrice) * line.quantity;
        return {
          id: nextDemoGid(data, "RefundLineItem"),
          lineItemId: orderLine.id,
          quantity: line.quantity,
          restockType: restocked ? "RETURN" : "NO_RESTOCK",
          subtotal: subtotal.toFixed(2),
          totalTax: "0.00",
        };
      }),
    };
    order.refunds.push(record);
    const refunded = order.refunds.reduce((n, r) => n + Number(r.amount), 0);
    order.displayFinancialStatus = refunded >= Number(order.totalPrice) - 0.005 ? "REFUNDED" : "PARTIALLY_REFUNDED";
  }
  return { return: returnView(order, ret, ctx), userErrors: [] };
}

// https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/returnClose: "Indicates a return is complete".
function returnClose(args: { id: string }, ctx: Ctx) {
  const found = findReturn(ctx, args.id);
  if (!found) return { return: null, userErrors: [err("NOT_FOUND", ["id"], "Return does not exist.")] };
  const { order, ret } = found;
  if (ret.status !== "OPEN") return { return: null, userErrors: [err("INVALID_STATE", ["id"], `The return is ${ret.status.toLowerCase()}: only an open return can be closed.`)] };
  ret.status = "CLOSED";
  ret.closedAt = touch(order, ctx.nowMs);
  for (const rfo of ret.reverseFulfillmentOrders) if (rfo.status === "OPEN") rfo.status = "CLOSED";
  return { return: returnView(order, ret, ctx), userErrors: [] };
}

// https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/returnDeclineRequest: declines a customer's
// return request (status REQUESTED, from returnRequest); returnCreate's returns are OPEN, already approved,
// so declining one is INVALID_STATE.
function returnDeclineRequest(args: { input: { id: string; declineReason: NonNullable<DemoReturn["decline"]>["reason"]; declineNote?: string | null; notifyCustomer?: boolean | null } }, ctx: Ctx) {
  const found = findReturn(ctx, args.input.id);
  if (!found) return { return: null, userErrors: [err("NOT_FOUND", ["input", "id"], "Return does not exist.")] };
  const { order, ret } = found;
  if (ret.status !== "REQUESTED") return { return: null, userErrors: [err("INVALID_STATE", ["input", "id"], `The return is ${ret.status.toLowerCase()}: only a requested return can be declined.`)] };
  ret.status = "DECLINED";
  ret.decline = { reason: args.input.declineReason, note: args.input.declineNote ?? null };
  for (const rfo of ret.reverseFulfillmentOrders) rfo.status = "CANCELED";
  touch(order, ctx.nowMs);
  return { return: returnView(order, ret, ctx), userErrors: [] };
}

/** The Returns API mutations, for the schema's root value (./graphql.ts). */
export const returnMutationRootFields: Record<string, (args: never, ctx: Ctx) => Obj> = {
  returnCreate,
  reverseDeliveryCreateWithShipping,
  reverseFulfillmentOrderDispose,
  returnProcess,
  returnClose,
  returnDeclineRequest,
};
