/**
 * Shopify returns on the simulated store: what an order can still return (`returnableFulfillments`),
 * its returns (`Order.returns`, `return`, `node`/`nodes`), their reverse fulfillment orders and
 * reverse deliveries, and the return reason library (`returnReasonDefinitions`). The mutations that
 * change them are in ./return-mutations.ts. Returns live on the order (`DemoOrder.returns`,
 * tests/fixtures/demo-store.ts), so a test or the demo's admin order page reads them there too.
 *
 * A fulfillment's line items are the order's shippable lines, ids `gid://shopify/FulfillmentLineItem/<line id>`
 * (the same ids `Fulfillment.fulfillmentLineItems` answers, ./order-resolvers.ts).
 */
import type { DemoOrder, DemoReturn, DemoReturnLineItem, DemoReverseDelivery, DemoReverseFulfillmentOrder, DemoReverseFulfillmentOrderLineItem } from "../../fixtures/demo-store";
import { connection, positional, type ConnectionArgs } from "./connections";
import { orderView, visibleOrders } from "./order-resolvers";
import { legacyId, numericId, type Ctx, type Obj } from "./resolver-context";
import { locationView } from "./shop-resolvers";

/** The fake's return reason library: one definition per value of the deprecated ReturnReason enum, named as the enum's docs say it displays. */
export const RETURN_REASON_DEFINITIONS: readonly { id: string; handle: string; name: string; reason: string }[] = [
  ["COLOR", "color", "Color"],
  ["DEFECTIVE", "defective", "Damaged or defective"],
  ["NOT_AS_DESCRIBED", "not-as-described", "Item not as described"],
  ["OTHER", "other", "Other"],
  ["SIZE_TOO_LARGE", "size-too-large", "Size was too large"],
  ["SIZE_TOO_SMALL", "size-too-small", "Size was too small"],
  ["STYLE", "style", "Style"],
  ["UNKNOWN", "unknown", "Unknown"],
  ["UNWANTED", "unwanted", "Customer changed their mind"],
  ["WRONG_ITEM", "wrong-item", "Received the wrong item"],
].map(([reason, handle, name], index) => ({ id: `gid://shopify/ReturnReasonDefinition/${index + 1}`, handle: handle!, name: name!, reason: reason! }));

export const fulfillmentLineItemId = (lineItemId: string) => `gid://shopify/FulfillmentLineItem/${legacyId(lineItemId)}`;

/** Returns that still hold their items: a declined or canceled one gives them back. */
const holdsItems = (r: DemoReturn) => r.status !== "DECLINED" && r.status !== "CANCELED";

/**
 * What each fulfillment line item can still return: fulfilled, less what returns hold, less what
 * refunds outside a return took back (a refund from returnProcess is already counted by its return).
 * Nothing on a cancelled or fully refunded order, and never a gift card.
 */
export function returnableQuantities(order: DemoOrder): Map<string, number> {
  const result = new Map<string, number>();
  const fulfilled = order.fulfillments.some((f) => f.status === "SUCCESS");
  const nothingLeft = Boolean(order.cancelledAt) || order.displayFinancialStatus === "REFUNDED" || !fulfilled;
  for (const line of order.lineItems) {
    if (!line.requiresShipping) continue;
    const id = fulfillmentLineItemId(line.id);
    const refunded = order.refunds
      .filter((r) => !r.returnId)
      .flatMap((r) => r.lineItems ?? [])
      .filter((rl) => rl.lineItemId === line.id)
      .reduce((n, rl) => n + rl.quantity, 0);
    const inReturns = (order.returns ?? [])
      .filter(holdsItems)
      .flatMap((r) => r.lineItems)
      .filter((rl) => rl.fulfillmentLineItemId === id)
      .reduce((n, rl) => n + rl.quantity, 0);
    result.set(id, nothingLeft ? 0 : Math.max(0, line.quantity - refunded - inReturns));
  }
  return result;
}

/** A fulfillment line item as `Fulfillment.fulfillmentLineItems` shows it. */
export function fulfillmentLineItemView(order: DemoOrder, id: string, ctx: Ctx): Obj | null {
  const line = order.lineItems.find((li) => fulfillmentLineItemId(li.id) === id);
  if (!line) return null;
  const view = orderView(order, ctx);
  const lines = (view.lineItems as (args: ConnectionArgs) => { nodes: Obj[] })({ first: 250 }).nodes;
  const lineItem = lines.find((li) => li.id === line.id)!;
  return { __typename: "FulfillmentLineItem", id, quantity: line.quantity, lineItem, originalTotalSet: lineItem.originalTotalSet, discountedTotalSet: lineItem.discountedTotalSet };
}

/** Every return of the shop with its order, for lookups by id. Orders outside the token's window are not visible. */
export function findReturn(ctx: Ctx, id: string): { order: DemoOrder; ret: DemoReturn } | null {
  for (const order of visibleOrders(ctx)) {
    const ret = (order.returns ?? []).find((r) => r.id === id);
    if (ret) return { order, ret };
  }
  return null;
}

export function findReverseFulfillmentOrder(ctx: Ctx, id: string): { order: DemoOrder; ret: DemoReturn; rfo: DemoReverseFulfillmentOrder } | null {
  for (const order of visibleOrders(ctx)) {
    for (const ret of order.returns ?? []) {
      const rfo = ret.reverseFulfillmentOrders.find((r) => r.id === id);
      if (rfo) return { order, ret, rfo };
    }
  }
  return null;
}

export function findReverseFulfillmentOrderLineItem(ctx: Ctx, id: string) {
  for (const order of visibleOrders(ctx)) {
    for (const ret of order.returns ?? []) {
      for (const rfo of ret.reverseFulfillmentOrders) {
        const line = rfo.lineItems.find((l) => l.id === id);
        if (line) return { order, ret, rfo, line };
      }
    }
  }
  return null;
}

function findReverseDelivery(ctx: Ctx, id: string) {
  for (const order of visibleOrders(ctx)) {
    for (const ret of order.returns ?? []) {
      for (const rfo of ret.reverseFulfillmentOrders) {
        const delivery = rfo.reverseDeliveries.find((d) => d.id === id);
        if (delivery) return { order, ret, rfo, delivery };
      }
    }
  }
  return null;
}

const disposedQuantity = (line: DemoReverseFulfillmentOrderLineItem) => line.dispositions.reduce((n, d) => n + d.quantity, 0);

function dispositionView(d: DemoReverseFulfillmentOrderLineItem["dispositions"][number], ctx: Ctx): Obj {
  return {
    __typename: "ReverseFulfillmentOrderDisposition",
    id: d.id,
    type: d.type,
    quantity: d.quantity,
    createdAt: d.createdAt,
    location: () => {
      const location = ctx.runtime.data.locations.find((l) => l.id === d.locationId);
      return location ? locationView(location, ctx) : null;
    },
  };
}

function rfoLineItemView(order: DemoOrder, line: DemoReverseFulfillmentOrderLineItem, ctx: Ctx): Obj {
  return {
    __typename: "ReverseFulfillmentOrderLineItem",
    id: line.id,
    totalQuantity: line.totalQuantity,
    fulfillmentLineItem: () => fulfillmentLineItemView(order, line.fulfillmentLineItemId, ctx),
    dispositions: () => line.dispositions.map((d) => dispositionView(d, ctx)),
  };
}

function reverseDeliveryView(order: DemoOrder, ret: DemoReturn, rfo: DemoReverseFulfillmentOrder, delivery: DemoReverseDelivery, ctx: Ctx): Obj {
  const rfoLine = (lineId: string) => rfo.lineItems.find((l) => l.id === lineId)!;
  return {
    __typename: "ReverseDelivery",
    id: delivery.id,
    deliverable: {
      __typename: "ReverseDeliveryShippingDeliverable",
      tracking: delivery.tracking,
      label: delivery.labelUrl ? { publicFileUrl: delivery.labelUrl, createdAt: delivery.createdAt, updatedAt: delivery.createdAt } : null,
    },
    reverseDeliveryLineItems: (args: ConnectionArgs) =>
      positional(delivery.lineItems, args, ctx, (dl) => {
        const line = rfoLine(dl.reverseFulfillmentOrderLineItemId);
        return {
          __typename: "ReverseDeliveryLineItem",
          id: dl.id,
          quantity: dl.quantity,
          reverseFulfillmentOrderLineItem: () => rfoLineItemView(order, line, ctx),
          dispositions: () => line.dispositions.map((d) => dispositionView(d, ctx)),
        };
      }),
    reverseFulfillmentOrder: () => reverseFulfillmentOrderView(order, ret, rfo, ctx),
  };
}

export function reverseFulfillmentOrderView(order: DemoOrder, ret: DemoReturn, rfo: DemoReverseFulfillmentOrder, ctx: Ctx): Obj {
  return {
    __typename: "ReverseFulfillmentOrder",
    id: rfo.id,
    status: rfo.status,
    thirdPartyConfirmation: null,
    order: () => orderView(order, ctx),
    lineItems: (args: ConnectionArgs) => positional(rfo.lineItems, args, ctx, (line) => rfoLineItemView(order, line, ctx)),
    reverseDeliveries: (args: ConnectionArgs) => positional(rfo.reverseDeliveries, args, ctx, (d) => reverseDeliveryView(order, ret, rfo, d, ctx)),
  };
}

export function rfoLineItemPayloadView(order: DemoOrder, line: DemoReverseFulfillmentOrderLineItem, ctx: Ctx) {
  return rfoLineItemView(order, line, ctx);
}

export function reverseDeliveryPayloadView(ctx: Ctx, id: string) {
  const found = findReverseDelivery(ctx, id);
  return found ? reverseDeliveryView(found.order, found.ret, found.rfo, found.delivery, ctx) : null;
}

function returnLineItemView(order: DemoOrder, line: DemoReturnLineItem, ctx: Ctx): Obj {
  const definition = RETURN_REASON_DEFINITIONS.find((d) => d.id === line.returnReasonDefinitionId) ?? null;
  return {
    __typename: "ReturnLineItem",
    id: line.id,
    quantity: line.quantity,
    returnReason: line.returnReason,
    returnReasonNote: line.returnReasonNote,
    returnReasonDefinition: definition ? { ...definition, deleted: false } : null,
    customerNote: line.customerNote,
    processedQuantity: line.processedQuantity,
    unprocessedQuantity: line.quantity - line.processedQuantity,
    processableQuantity: line.quantity - line.processedQuantity,
    refundedQuantity: line.refundedQuantity,
    refundableQuantity: line.processedQuantity - line.refundedQuantity,
    restockingFee: null,
    totalWeight: null,
    withCodeDiscountedTotalPriceSet: () => {
      const fulfillmentLine = fulfillmentLineItemView(order, line.fulfillmentLineItemId, ctx);
      const lineItem = fulfillmentLine?.lineItem as Obj | undefined;
      const bag = (lineItem?.discountedUnitPriceSet as () => { shopMoney: { amount: string; currencyCode: string }; presentmentMoney: { amount: string; currencyCode: string } })();
      const times = (m: { amount: string; currencyCode: string }) => ({ amount: String(Math.round(Number(m.amount) * line.quantity * 100) / 100), currencyCode: m.currencyCode });
      return { shopMoney: times(bag.shopMoney), presentmentMoney: times(bag.presentmentMoney) };
    },
    fulfillmentLineItem: () => fulfillmentLineItemView(order, line.fulfillmentLineItemId, ctx),
  };
}

export function returnView(order: DemoOrder, ret: DemoReturn, ctx: Ctx): Obj {
  return {
    __typename: "Return",
    id: ret.id,
    name: ret.name,
    status: ret.status,
    createdAt: ret.createdAt,
    closedAt: ret.closedAt,
    requestApprovedAt: ret.createdAt,
    decline: ret.decline,
    staffMember: null,
    returnShippingFees: [],
    totalQuantity: ret.lineItems.reduce((n, l) => n + l.quantity, 0),
    order: () => orderView(order, ctx),
    returnLineItems: (args: ConnectionArgs) => positional(ret.lineItems, args, ctx, (line) => returnLineItemView(order, line, ctx)),
    reverseFulfillmentOrders: (args: ConnectionArgs) => positional(ret.reverseFulfillmentOrders, args, ctx, (rfo) => reverseFulfillmentOrderView(order, ret, rfo, ctx)),
    exchangeLineItems: (args: ConnectionArgs) => positional([], args, ctx, () => null),
    refunds: (args: ConnectionArgs) => {
      const refunds = (orderView(order, ctx).refunds as (a: { first?: number }) => Obj[])({}).filter((r) => order.refunds.find((d) => d.id === r.id)?.returnId === ret.id);
      return positional(refunds, args, ctx, (r) => r);
    },
  };
}

/** Shopify's OrderReturnStatus, the prioritised status of the order's returns. */
export function orderReturnStatus(order: DemoOrder): string {
  const returns = (order.returns ?? []).filter(holdsItems);
  if (returns.some((r) => r.status === "REQUESTED")) return "RETURN_REQUESTED";
  if (returns.some((r) => r.status === "OPEN")) {
    const lines = returns.filter((r) => r.status === "OPEN").flatMap((r) => r.reverseFulfillmentOrders.flatMap((rfo) => rfo.lineItems));
    return lines.length && lines.every((l) => disposedQuantity(l) >= l.totalQuantity) ? "INSPECTION_COMPLETE" : "IN_PROGRESS";
  }
  if (returns.some((r) => r.status === "CLOSED")) return "RETURNED";
  return order.tags.includes("returned") ? "RETURNED" : "NO_RETURN";
}

/** `Order.returns` (query filters are not modelled: every return of the order, oldest first). */
export function orderReturnsConnection(order: DemoOrder, args: ConnectionArgs, ctx: Ctx) {
  return connection(
    order.returns ?? [],
    args,
    ctx,
    (r) => [numericId(r.id), numericId(r.id)],
    (r) => returnView(order, r, ctx),
  );
}

/** Objects of the returns family by global id, for ./node-lookup.ts. */
export function findReturnsNode(ctx: Ctx, type: string, id: string): Obj | null {
  switch (type) {
    case "Return": {
      const found = findReturn(ctx, id);
      return found ? returnView(found.order, found.ret, ctx) : null;
    }
    case "ReverseFulfillmentOrder": {
      const found = findReverseFulfillmentOrder(ctx, id);
      return found ? reverseFulfillmentOrderView(found.order, found.ret, found.rfo, ctx) : null;
    }
    case "ReverseFulfillmentOrderLineItem": {
      const found = findReverseFulfillmentOrderLineItem(ctx, id);
      return found ? rfoLineItemView(found.order, found.line, ctx) : null;
    }
    case "ReverseDelivery":
      return reverseDeliveryPayloadView(ctx, id);
    case "ReturnLineItem": {
      for (const order of visibleOrders(ctx)) {
        for (const ret of order.returns ?? []) {
          const line = ret.lineItems.find((l) => l.id === id);
          if (line) return returnLineItemView(order, line, ctx);
        }
      }
      return null;
    }
    default:
      return null;
  }
}

type ReasonArgs = ConnectionArgs & { ids?: string[] | null; handles?: string[] | null };

/** The root fields that read returns. */
export const returnRootFields = {
  returnableFulfillments: (args: ConnectionArgs & { orderId: string }, ctx: Ctx) => {
    const order = visibleOrders(ctx).find((o) => o.id === args.orderId);
    const quantities = order ? returnableQuantities(order) : new Map<string, number>();
    const fulfillments = order ? order.fulfillments.filter((f) => f.status === "SUCCESS" && [...quantities.values()].some((q) => q > 0)) : [];
    return connection(
      fulfillments,
      args,
      ctx,
      (f) => [numericId(f.id), numericId(f.id)],
      (f) => {
        const returnable = [...quantities].filter(([, q]) => q > 0);
        return {
          __typename: "ReturnableFulfillment",
          id: `gid://shopify/ReturnableFulfillment/${legacyId(f.id)}`,
          fulfillment: () => {
            const view = orderView(order!, ctx);
            return (view.fulfillments as (a: object) => Obj[])({}).find((x) => x.id === f.id);
          },
          returnableFulfillmentLineItems: (a: ConnectionArgs) =>
            positional(returnable, a, ctx, ([id, quantity]) => ({ __typename: "ReturnableFulfillmentLineItem", quantity, fulfillmentLineItem: () => fulfillmentLineItemView(order!, id, ctx) })),
        };
      },
    );
  },
  return: (args: { id: string }, ctx: Ctx) => findReturnsNode(ctx, "Return", args.id),
  reverseFulfillmentOrder: (args: { id: string }, ctx: Ctx) => findReturnsNode(ctx, "ReverseFulfillmentOrder", args.id),
  reverseDelivery: (args: { id: string }, ctx: Ctx) => findReturnsNode(ctx, "ReverseDelivery", args.id),
  returnReasonDefinitions: (args: ReasonArgs, ctx: Ctx) => {
    const wanted = RETURN_REASON_DEFINITIONS.filter((d) => (!args.ids || args.ids.includes(d.id)) && (!args.handles || args.handles.includes(d.handle)));
    return connection(
      wanted,
      args,
      ctx,
      (d) => [numericId(d.id), numericId(d.id)],
      (d) => ({ __typename: "ReturnReasonDefinition", id: d.id, handle: d.handle, name: d.name, deleted: false }),
    );
  },
};
