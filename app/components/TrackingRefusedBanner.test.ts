import { expect, test } from "vitest";
import { trackingRefusedTitle } from "./TrackingRefusedBanner";

test("the title says how many deliveries were refused, why, and when the last came", () => {
  const lastAt = "2026-12-01T09:30:00.000Z";
  const at = "1 Dec 2026, 09:30 UTC";
  expect(trackingRefusedTitle({ count: 3, reason: "wrong username or password", lastAt })).toBe(`SEKO's last 3 status deliveries were refused (wrong username or password), last at ${at}`);
  expect(trackingRefusedTitle({ count: 1, reason: "no credentials", lastAt })).toBe(`SEKO's last status delivery was refused (no credentials), last at ${at}`);
});

test("the title writes the time in the app's locale and time zone", () => {
  const title = trackingRefusedTitle({ count: 1, reason: "no credentials", lastAt: "2026-12-01T09:30:00.000Z" }, { locale: "de", timeZone: "Europe/Berlin" });
  expect(title).toBe("SEKO's last status delivery was refused (no credentials), last at 1. Dez. 2026, 10:30 MEZ");
});
