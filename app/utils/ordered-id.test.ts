import { describe, expect, it } from "vitest";
import { orderedId } from "./ordered-id";

describe("orderedId", () => {
  it("is a version 7 UUID carrying the time it was made", () => {
    const at = Date.parse("2026-11-26T12:00:00Z");
    const id = orderedId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id.replace(/-/g, "").slice(0, 12)).toBe(at.toString(16).padStart(12, "0"));
    expect(id.slice(14, 18)).toBe("7000"); // the first id of its millisecond
    expect(orderedId(at).slice(14, 18)).toBe("7001");
  });

  it("sorts in the order the ids were made, also many in one millisecond and when the clock steps back", () => {
    const at = Date.parse("2026-11-27T00:00:00Z");
    const ids = [
      ...Array.from({ length: 10_000 }, () => orderedId(at)), // more than the 4,096 a millisecond's counter holds
      orderedId(at - 5_000),
      orderedId(at + 1),
      ...Array.from({ length: 100 }, () => orderedId()),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
