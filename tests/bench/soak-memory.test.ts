import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { replaceDocSection } from "./doc-section";
import { memoryTrend } from "./soak-memory";

const series = (seconds: number, rss: (t: number) => number) => Array.from({ length: seconds / 5 + 1 }, (_, i) => ({ t: i * 5, rssMb: rss(i * 5) }));

describe("memoryTrend (the soak's 'flat')", () => {
  it("is flat when memory only moves within the margin after the warm-up, however high the warm-up climbed", () => {
    const trend = memoryTrend(
      series(600, (t) => (t < 60 ? 150 + t * 3 : 330 + ((t / 5) % 4) * 5)),
      60,
    );
    expect(trend.flat).toBe(true);
    expect(trend.startMb).toBe(150);
    expect(Math.abs(trend.growthPercent)).toBeLessThanOrEqual(10);
  });

  it("is not flat when memory keeps growing after the warm-up, and gives the growth a minute", () => {
    const trend = memoryTrend(
      series(600, (t) => 300 + t * 0.2),
      60,
    );
    expect(trend.flat).toBe(false);
    expect(trend.growthPercent).toBeGreaterThan(10);
    expect(trend.slopeMbPerMinute).toBeCloseTo(12, 1);
    expect(trend.finalMb).toBe(420);
  });
});

describe("replaceDocSection", () => {
  it("replaces only the named section, and appends a section the page does not have", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-doc-")), "benchmarks.md");
    fs.writeFileSync(file, "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nold b\n\n## C\n\nc\n");
    replaceDocSection("## B", "## B\n\nnew b\n", file);
    expect(fs.readFileSync(file, "utf8")).toBe("# Benchmarks\n\n## A\n\nold a\n\n## B\n\nnew b\n\n## C\n\nc\n");
    replaceDocSection("## D", "## D\n\nd\n", file);
    expect(fs.readFileSync(file, "utf8")).toBe("# Benchmarks\n\n## A\n\nold a\n\n## B\n\nnew b\n\n## C\n\nc\n\n## D\n\nd\n");
    replaceDocSection("## D", "## D\n\nd2\n", file);
    expect(fs.readFileSync(file, "utf8").endsWith("## D\n\nd2\n")).toBe(true);
  });
});
