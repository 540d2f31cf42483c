import { describe, expect, test } from "vitest";
import { DEMO_SHOP } from "#tests/setup/config";
import { RETURN_STATUSES, type ReturnStatusCode } from "~/seko/return-statuses";
import { db } from "~/utils/db.server";
import { statusPreview } from "./order-returns.server";
import { customerReturnStatus } from "./return-status";
import { statusBlockWords } from "./wording";

describe("the admin's preview of the return-status block", () => {
  test("uses the extension's English words for every status SEKO sends, and its long date", () => {
    for (const code of Object.keys(RETURN_STATUSES) as ReturnStatusCode[]) expect(statusBlockWords.code(code)).toMatch(/\S/);
    expect(statusBlockWords.code("RDBTC")).toBe("Delivered back to the store");
    expect(statusBlockWords.updated("2026-12-01 23:59:59")).toBe("Updated December 1, 2026");
    expect(statusBlockWords.updated("yesterday")).toBeNull();
    expect(statusBlockWords.trackingNumber("RPS123")).toBe("Tracking number: RPS123");
  });

  test("shows a test return's status, which the customer's own answer leaves out; only this shop's consignment", async () => {
    await db.returnShipment.create({ data: { shop: DEMO_SHOP, consignmentNo: "SEKO0100", orderNo: "1001", status: "RT", lastEventAt: "2026-12-01 10:00:00", trackingNo: "RPS0100" } });
    await db.returnShipment.create({ data: { shop: "other-returns-store.myshopify.com", consignmentNo: "SEKO0200", status: "RC", lastEventAt: "2026-12-01 10:00:00" } });
    const row = { consignmentNo: "SEKO0100", trackingNo: "RPS0100", status: "RT", lastEventAt: "2026-12-01 10:00:00" };
    expect(customerReturnStatus([row], new Set(["SEKO0100"]))).toBeNull();
    expect(await statusPreview(DEMO_SHOP, "SEKO0100")).toMatchObject({ code: "RT", trackingNo: "RPS0100", lastEventAt: "2026-12-01 10:00:00" });
    expect(await statusPreview(DEMO_SHOP, "SEKO0200")).toBeNull();
  });
});
