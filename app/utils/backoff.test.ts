import { expect, test } from "vitest";
import { backoffMs } from "./backoff";

test("back-off grows and stays under the ceiling", () => {
  expect(backoffMs(1, 100, 1000, () => 1)).toBe(100);
  expect(backoffMs(3, 100, 1000, () => 1)).toBe(400);
  expect(backoffMs(10, 100, 1000, () => 1)).toBe(1000);
  expect(backoffMs(10, 100, 1000, () => 0)).toBe(500);
});
