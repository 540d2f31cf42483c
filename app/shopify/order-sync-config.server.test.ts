import { afterEach, describe, expect, it } from "vitest";
import { configureOrderSync, ingestBatchSize, noteOrderWebhook, resetOrderSyncSettings } from "./order-sync-config.server";

describe("ingestBatchSize", () => {
  afterEach(() => resetOrderSyncSettings());

  it("commits smaller batches for five seconds after an order webhook, then full ones again", () => {
    configureOrderSync({ ingestBatch: 500, ingestBatchBusy: 100 });
    const at = Date.parse("2026-11-26T12:00:00Z");
    noteOrderWebhook(at);
    expect(ingestBatchSize(at + 1_000)).toBe(100);
    expect(ingestBatchSize(at + 4_999)).toBe(100);
    expect(ingestBatchSize(at + 5_000)).toBe(500);
  });

  it("never makes a batch larger than the configured one", () => {
    configureOrderSync({ ingestBatch: 20, ingestBatchBusy: 100 });
    const at = Date.parse("2026-11-26T13:00:00Z");
    noteOrderWebhook(at);
    expect(ingestBatchSize(at + 1)).toBe(20);
  });
});
