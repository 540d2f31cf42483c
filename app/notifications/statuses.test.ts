import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RETURN_STATUSES } from "~/seko/return-statuses";
import { statusLabel } from "./defaults";
import { LAST_STATUS_FOR_EVERY_RETURN, TRACKING_STATUSES } from "./statuses";

/** Every source file under app/ that is not a test (tests may quote the names they expect). */
function appSources(dir = "app"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return appSources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("tracking status names", () => {
  it("the notifications step names every status as RETURN_STATUSES does, in the same order", () => {
    expect(TRACKING_STATUSES.map((status) => [status.code, status.label])).toEqual(Object.entries(RETURN_STATUSES).map(([code, status]) => [code, status.label]));
    for (const status of TRACKING_STATUSES) expect(statusLabel(status.code)).toBe(RETURN_STATUSES[status.code].label);
  });

  it("RDTPF is Transferred to Sorting Facility everywhere, and it is where tracking ends for returns outside OmniRPS", () => {
    expect(LAST_STATUS_FOR_EVERY_RETURN.code).toBe("RDTPF");
    expect(LAST_STATUS_FOR_EVERY_RETURN.label).toBe("Transferred to Sorting Facility");
  });

  it("no page or email spells a status name itself: app/seko/return-statuses.ts is the only file that writes one", () => {
    const labels: string[] = Object.values(RETURN_STATUSES).map((status) => status.label);
    const spelled = appSources()
      .filter((path) => path !== join("app", "seko", "return-statuses.ts"))
      .flatMap((path) => {
        const text = readFileSync(path, "utf8");
        const found = labels.filter((label) => text.includes(label));
        if (/processing facility/i.test(text)) found.push("processing facility");
        return found.map((label) => `${path}: ${label}`);
      });
    expect(spelled).toEqual([]);
  });
});
