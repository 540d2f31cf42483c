import { expect, test } from "vitest";
import { trackingRefusedTitle } from "./TrackingRefusedBanner";

test("the title says how many deliveries were refused, why, and when the last came", () => {
  const lastAt = "2026-12-01T09:30:00.000Z";
  const at = new Date(lastAt).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
  expect(trackingRefusedTitle({ count: 3, reason: "wrong username or password", lastAt })).toBe(`SEKO's last 3 status deliveries were refused (wrong username or password), last at ${at}`);
  expect(trackingRefusedTitle({ count: 1, reason: "no credentials", lastAt })).toBe(`SEKO's last status delivery was refused (no credentials), last at ${at}`);
});
