import { describe, expect, test } from "vitest";
import { customerReturnStatus } from "./return-status";

describe("the return status a customer sees", () => {
  test("the latest return's status, with its last event time and tracking number", () => {
    const rows = [
      { consignmentNo: "A", trackingNo: "TA", status: "RDBTC", lastEventAt: "2026-10-02 10:00:00" },
      { consignmentNo: "B", trackingNo: "TB", status: "RP", lastEventAt: "2026-11-28 08:30:00" },
    ];
    expect(customerReturnStatus(rows, new Set())).toEqual({ code: "RP", label: "Return Processed", lastEventAt: "2026-11-28 08:30:00", trackingNo: "TB", trackingUrl: null });
  });

  test("test returns and rows without a known status are left out; nothing left means no status", () => {
    const rows = [
      { consignmentNo: "TEST", trackingNo: null, status: "RT", lastEventAt: "2026-11-30 08:00:00" },
      { consignmentNo: "ODD", trackingNo: null, status: "OP-4", lastEventAt: "2026-11-30 09:00:00" },
    ];
    expect(customerReturnStatus(rows, new Set(["TEST"]))).toBeNull();
    expect(customerReturnStatus([], new Set())).toBeNull();
  });
});
