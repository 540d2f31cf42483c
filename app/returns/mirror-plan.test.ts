import { describe, expect, test } from "vitest";
import {
  alreadyWritten,
  findMarkedReturn,
  itemsNotInReturn,
  lineNote,
  matchLines,
  nextSteps,
  reasonHandle,
  refundPlan,
  returnReasonFor,
  summarise,
  type ReturnableLine,
  type ReturnSnapshot,
  type StoredEvent,
} from "./mirror-plan";

const event = (code: string, eventAt: string, fields: Partial<StoredEvent> = {}): StoredEvent => ({
  code,
  eventAt,
  itemNo: null,
  returnReason: null,
  returnAction: null,
  trackingNo: "TRK1",
  orderNo: "#1001",
  orderKey: "1001",
  label: code,
  ...fields,
});

const rc = (itemNo: string | null, at = "2026-03-01 10:00:00", reason: string | null = "Too small") => event("RC", at, { itemNo, returnReason: reason, returnAction: "Refund" });

const line = (id: string, sku: string | null, quantity: number, variant: { id?: string; sku?: string } = {}): ReturnableLine => ({
  fulfillmentLineItemId: `gid://shopify/FulfillmentLineItem/${id}`,
  sku,
  variantId: variant.id ?? null,
  variantSku: variant.sku ?? null,
  quantity,
});

describe("summarise: SEKO's events folded into one return", () => {
  test("quantities are the number of Return Created events per SKU; reason and action as SEKO wrote them", () => {
    const summary = summarise([rc("TEE-S", "2026-03-01 10:00:00"), rc("tee-s", "2026-03-01 10:00:01"), rc("CAP", "2026-03-01 10:00:02", "Faulty zip"), event("RT", "2026-03-02 09:00:00")]);
    expect(summary).toMatchObject({ status: "RT", created: true, itemless: 0, trackingNo: "TRK1", orderKey: "1001" });
    expect(summary.items).toEqual([
      { itemNo: "CAP", quantity: 1, reasonText: "Faulty zip", action: "Refund" },
      { itemNo: "TEE-S", quantity: 2, reasonText: "Too small", action: "Refund" },
    ]);
  });

  test("out of order: a later status that arrived first waits for Return Created, then the furthest status wins", () => {
    const early = summarise([event("RT", "2026-03-02 09:00:00")]);
    expect(early).toMatchObject({ status: "RT", created: false, items: [] });
    const both = summarise([event("DS", "2026-03-03 09:00:00"), event("RT", "2026-03-02 09:00:00"), rc("TEE-S")]);
    expect(both).toMatchObject({ status: "DS", created: true });
  });

  test("the same events in any order summarise the same", () => {
    const events = [rc("A", "2026-03-01 10:00:00"), rc("B", "2026-03-01 10:00:00"), event("RT", "2026-03-02 00:00:00"), event("RDBTC", "2026-03-09 00:00:00")];
    expect(summarise([...events].reverse())).toEqual(summarise(events));
  });

  test("Return Rejected ends the return with SEKO's reason; an RC without an item is counted, not dropped", () => {
    const summary = summarise([rc(null), event("RT", "2026-03-02 00:00:00"), event("RR", "2026-03-05 00:00:00", { returnReason: "Item worn" }), event("DS", "2026-03-06 00:00:00")]);
    expect(summary).toMatchObject({ status: "RR", rejectedReason: "Item worn", itemless: 1, items: [] });
  });
});

describe("SEKO's reason → Shopify's reason", () => {
  test.each([
    ["Too small", "SIZE_TOO_SMALL"],
    ["Size too large", "SIZE_TOO_LARGE"],
    ["Wrong size sent", "WRONG_ITEM"],
    ["Faulty / damaged", "DEFECTIVE"],
    ["Not as described", "NOT_AS_DESCRIBED"],
    ["Didn't like the colour", "COLOR"],
    ["Changed my mind", "UNWANTED"],
    ["Arrived late", "OTHER"],
    ["", "UNKNOWN"],
    [null, "UNKNOWN"],
  ])("%j → %s", (text, reason) => {
    expect(returnReasonFor(text)).toBe(reason);
  });

  test("the definition handle is the reason in kebab case; the note keeps SEKO's text and starts with the marker", () => {
    expect(reasonHandle("SIZE_TOO_SMALL")).toBe("size-too-small");
    expect(lineNote("SEKO123", { reasonText: "Too small, wanted an M", action: "Exchange" })).toBe("SEKO return SEKO123: Too small, wanted an M (Exchange)");
    expect(lineNote("SEKO123", { reasonText: "x".repeat(400), action: null })).toHaveLength(255);
  });

  test("the return made before is found by its marker, and only that consignment's", () => {
    const returns = [
      { id: "r1", status: "OPEN", notes: ["Customer said so"] },
      { id: "r2", status: "OPEN", notes: ["SEKO return SEKO1234: Too small"] },
    ];
    expect(findMarkedReturn(returns, "SEKO1234")?.id).toBe("r2");
    expect(findMarkedReturn(returns, "SEKO123")).toBeNull();
  });
});

describe("matchLines: by SKU or variant, never guessed", () => {
  const summary = (items: [string, number][], itemless = 0) => ({ items: items.map(([itemNo, quantity]) => ({ itemNo, quantity, reasonText: "Too small", action: null })), itemless });

  test("SKUs match case-insensitively, by variant SKU or variant id; a quantity spreads over split fulfillments", () => {
    const returnable = [
      line("1", "TEE-S", 1),
      line("2", null, 1, { id: "gid://shopify/ProductVariant/77", sku: "CAP" }),
      line("3", "TEE-S", 2),
      line("4", null, 1, { id: "gid://shopify/ProductVariant/88" }),
    ];
    const result = matchLines(
      "C1",
      "#1001",
      summary([
        ["tee-s", 3],
        ["CAP", 1],
        ["88", 1],
      ]),
      returnable,
    );
    expect(result).toEqual({
      ok: true,
      lines: [
        { sku: "tee-s", fulfillmentLineItemId: "gid://shopify/FulfillmentLineItem/1", quantity: 1, returnReason: "SIZE_TOO_SMALL", note: "SEKO return C1: Too small" },
        { sku: "tee-s", fulfillmentLineItemId: "gid://shopify/FulfillmentLineItem/3", quantity: 2, returnReason: "SIZE_TOO_SMALL", note: "SEKO return C1: Too small" },
        { sku: "CAP", fulfillmentLineItemId: "gid://shopify/FulfillmentLineItem/2", quantity: 1, returnReason: "SIZE_TOO_SMALL", note: "SEKO return C1: Too small" },
        { sku: "88", fulfillmentLineItemId: "gid://shopify/FulfillmentLineItem/4", quantity: 1, returnReason: "SIZE_TOO_SMALL", note: "SEKO return C1: Too small" },
      ],
    });
  });

  test("an unknown SKU or a quantity beyond what is returnable leaves the whole return unmatched, with each reason", () => {
    const result = matchLines(
      "C1",
      "#1001",
      summary(
        [
          ["TEE-S", 3],
          ["HAT", 1],
        ],
        1,
      ),
      [line("1", "TEE-S", 2), line("2", "CAP", 1)],
    );
    expect(result).toEqual({
      ok: false,
      reasons: [
        "SEKO's Return Created event named no item (SKU) for 1 line.",
        "SEKO reports 3 of SKU TEE-S returned; Shopify allows 2 more to be returned on order #1001.",
        "No item with SKU HAT on order #1001 can be returned: it is not on the order, not fulfilled yet, or already returned.",
      ],
    });
  });

  test("items SEKO reported after the return was made are named, not added", () => {
    expect(
      itemsNotInReturn(
        summary([
          ["TEE-S", 2],
          ["CAP", 1],
        ]),
        [{ sku: "tee-s", quantity: 1 }],
      ),
    ).toEqual(["1 × TEE-S", "1 × CAP"]);
    expect(itemsNotInReturn(summary([["TEE-S", 1]]), [{ sku: "TEE-S", quantity: 1 }])).toEqual([]);
  });
});

describe("nextSteps: what is left to do on the Shopify return", () => {
  const snapshot = (overrides: Partial<ReturnSnapshot> = {}): ReturnSnapshot => ({
    status: "OPEN",
    lines: [
      { id: "rli1", quantity: 2, processableQuantity: 2, total: { amount: "50.00", currencyCode: "NZD" } },
      { id: "rli2", quantity: 1, processableQuantity: 1, total: { amount: "19.90", currencyCode: "NZD" } },
    ],
    reverseFulfillmentOrders: [
      {
        id: "rfo1",
        lines: [
          { id: "rfoli1", totalQuantity: 2, disposed: 0 },
          { id: "rfoli2", totalQuantity: 1, disposed: 0 },
        ],
        deliveries: [],
      },
    ],
    ...overrides,
  });
  const leave = { onDelivered: "leave" as const, restockLocationId: null };
  const restock = { onDelivered: "restock" as const, restockLocationId: "gid://shopify/Location/1" };
  const refund = { onDelivered: "refund" as const, restockLocationId: null };

  test("created: open, nothing to do", () => {
    expect(nextSteps("C1", { status: "RC", trackingNo: "TRK1", rejectedReason: null }, snapshot(), leave)).toEqual({ steps: [], state: "open", reason: null });
  });

  test("in transit: one reverse delivery with SEKO's tracking number, once", () => {
    const plan = nextSteps("C1", { status: "DS", trackingNo: "TRK1", rejectedReason: null }, snapshot(), leave);
    expect(plan).toEqual({
      steps: [
        {
          kind: "deliver",
          reverseFulfillmentOrderId: "rfo1",
          lineItems: [
            { reverseFulfillmentOrderLineItemId: "rfoli1", quantity: 2 },
            { reverseFulfillmentOrderLineItemId: "rfoli2", quantity: 1 },
          ],
          trackingNumber: "TRK1",
        },
      ],
      state: "in_transit",
      reason: null,
    });
    const delivered = snapshot({ reverseFulfillmentOrders: [{ ...snapshot().reverseFulfillmentOrders[0]!, deliveries: ["rd1"] }] });
    expect(nextSteps("C1", { status: "DS", trackingNo: "TRK1", rejectedReason: null }, delivered, leave).steps).toEqual([]);
    // No tracking number from SEKO: the consignment number is the parcel's.
    expect(nextSteps("C1", { status: "RT", trackingNo: null, rejectedReason: null }, snapshot(), leave).steps[0]).toMatchObject({ trackingNumber: "C1" });
  });

  test("delivered back, leave: nothing written beyond the delivery; the reason says it is left for staff", () => {
    const plan = nextSteps("C1", { status: "RDBTC", trackingNo: "TRK1", rejectedReason: null }, snapshot(), leave);
    expect(plan.steps.map((step) => step.kind)).toEqual(["deliver"]);
    expect(plan).toMatchObject({ state: "received", reason: expect.stringContaining("left for staff") });
  });

  test("delivered back, restock: what is not yet disposed is restocked at the chosen location", () => {
    const partly = snapshot({
      reverseFulfillmentOrders: [
        {
          id: "rfo1",
          lines: [
            { id: "rfoli1", totalQuantity: 2, disposed: 1 },
            { id: "rfoli2", totalQuantity: 1, disposed: 1 },
          ],
          deliveries: ["rd1"],
        },
      ],
    });
    expect(nextSteps("C1", { status: "RDBTC", trackingNo: null, rejectedReason: null }, partly, restock)).toEqual({
      steps: [{ kind: "restock", lines: [{ reverseFulfillmentOrderLineItemId: "rfoli1", quantity: 1 }], locationId: "gid://shopify/Location/1" }],
      state: "received",
      reason: null,
    });
    const done = snapshot({ reverseFulfillmentOrders: [{ id: "rfo1", lines: [{ id: "rfoli1", totalQuantity: 2, disposed: 2 }], deliveries: ["rd1"] }] });
    expect(nextSteps("C1", { status: "RDBTC", trackingNo: null, rejectedReason: null }, done, restock).steps).toEqual([]);
  });

  test("delivered back, refund: the processable lines are processed, priced per unit; processed lines are not again", () => {
    const partly = snapshot({
      reverseFulfillmentOrders: [{ ...snapshot().reverseFulfillmentOrders[0]!, deliveries: ["rd1"] }],
      lines: [
        { id: "rli1", quantity: 2, processableQuantity: 1, total: { amount: "50.00", currencyCode: "NZD" } },
        { id: "rli2", quantity: 1, processableQuantity: 0, total: { amount: "19.90", currencyCode: "NZD" } },
      ],
    });
    expect(nextSteps("C1", { status: "RDBTC", trackingNo: null, rejectedReason: null }, partly, refund)).toEqual({
      steps: [{ kind: "process", lines: [{ id: "rli1", quantity: 1, total: { amount: "25.00", currencyCode: "NZD" } }] }],
      state: "processed",
      reason: null,
    });
  });

  test("delivered back before the setting chose restock or refund: left for staff; after it, done", () => {
    const back = snapshot({ reverseFulfillmentOrders: [{ ...snapshot().reverseFulfillmentOrders[0]!, deliveries: ["rd1"] }] });
    const summary = { status: "RDBTC" as const, trackingNo: null, rejectedReason: null, deliveredBackAt: new Date("2026-03-08T09:00:00Z") };
    for (const setting of [refund, restock]) {
      const before = nextSteps("C1", summary, back, { ...setting, chosenAt: new Date("2026-03-09T00:00:00Z") });
      expect(before).toEqual({ steps: [], state: "received", reason: expect.stringContaining("left for staff") });
      const after = nextSteps("C1", summary, back, { ...setting, chosenAt: new Date("2026-03-01T00:00:00Z") });
      expect(after.steps.map((step) => step.kind)).toEqual([setting === refund ? "process" : "restock"]);
    }
    // Leave is leave either way.
    expect(nextSteps("C1", summary, back, { ...leave, chosenAt: new Date("2026-03-01T00:00:00Z") }).steps).toEqual([]);
  });

  test("the first time the app heard of the parcel being back is what counts, whatever order events came in", () => {
    const at = (iso: string) => new Date(iso);
    const summary = summarise([
      { ...event("RDBTC", "2026-03-08 09:00:00"), receivedAt: at("2026-03-08T10:00:00Z") },
      { ...event("RDBTC", "2026-03-08 09:00:00"), receivedAt: at("2026-03-08T09:30:00Z") },
      { ...rc("TEE-S"), receivedAt: at("2026-03-01T00:00:00Z") },
    ]);
    expect(summary.deliveredBackAt).toEqual(at("2026-03-08T09:30:00Z"));
    expect(summarise([rc("TEE-S")]).deliveredBackAt).toBeNull();
  });

  test("Return Rejected leaves the return open with SEKO's reason; a return closed in Shopify is left alone", () => {
    const rejected = nextSteps("C1", { status: "RR", trackingNo: null, rejectedReason: "Item worn" }, snapshot(), refund);
    expect(rejected).toEqual({ steps: [], state: "rejected", reason: "SEKO rejected the return: Item worn. It is left open in Shopify for staff to decline or close." });
    expect(nextSteps("C1", { status: "RDBTC", trackingNo: null, rejectedReason: null }, snapshot({ status: "CLOSED" }), refund)).toMatchObject({ steps: [], state: "closed" });
  });
});

describe("refundPlan: to the original payment, never invented", () => {
  const sale = (id: string, amount: string, currencyCode = "NZD", kind = "SALE", status = "SUCCESS") => ({ id, kind, status, maximumRefundable: { amount, currencyCode } });
  const lines = [{ total: { amount: "25.00", currencyCode: "NZD" } }, { total: { amount: "19.90", currencyCode: "NZD" } }];

  test("the items' price from the successful payments in turn, up to what each can refund", () => {
    expect(refundPlan(lines, [sale("t0", "100.00", "NZD", "AUTHORIZATION"), sale("t1", "30.00"), sale("t2", "100.00")])).toEqual({
      ok: true,
      transactions: [
        { parentId: "t1", transactionAmount: { amount: "30.00", currencyCode: "NZD" } },
        { parentId: "t2", transactionAmount: { amount: "14.90", currencyCode: "NZD" } },
      ],
    });
  });

  test("more than the payments hold, another currency or no price: no refund, a reason", () => {
    expect(refundPlan(lines, [sale("t1", "10.00")])).toEqual({ ok: false, reason: expect.stringContaining("can refund 10.00 NZD of the 44.90 NZD") });
    expect(refundPlan(lines, [sale("t1", "100.00", "AUD")])).toMatchObject({ ok: false });
    expect(refundPlan([{ total: null }], [sale("t1", "100.00")])).toMatchObject({ ok: false });
    expect(refundPlan(lines, [sale("t1", "100.00", "NZD", "SALE", "FAILURE")])).toMatchObject({ ok: false });
  });
});

describe("alreadyWritten: no Shopify call when the row shows what the events ask", () => {
  const row = (state: string, reverseDeliveryId: string | null = null, returnId: string | null = "r1") => ({ state, returnId, reverseDeliveryId });
  test.each([
    ["RC", row("open"), true],
    ["RT", row("open"), false],
    ["DS", row("in_transit", "rd1"), true],
    ["DS", row("in_transit"), false],
    ["RDBTC", row("in_transit", "rd1"), false],
    ["RDBTC", row("received", "rd1"), true],
    ["RDBTC", row("processed", "rd1"), true],
    ["RR", row("in_transit", "rd1"), false],
    ["RR", row("rejected"), true],
    ["RE", row("closed"), true],
    ["RC", row("failed"), false],
    ["RC", row("unmatched", null, null), false],
  ] as const)("%s on a row %o: %s", (status, stored, expected) => {
    expect(alreadyWritten({ status }, stored)).toBe(expected);
  });
});
