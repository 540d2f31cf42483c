/**
 * Whether the soak's memory is flat (./soak.ts samples the server's RSS). The definition, also in
 * docs/benchmarks.md: samples from the warm-up's end to the load's end, cut into thirds by time;
 * flat when the last third's median RSS is within FLAT_PERCENT of the first third's. The least-squares
 * slope over the same samples is reported beside it, in MB per minute.
 */
export const FLAT_PERCENT = Number(process.env.BENCH_SOAK_FLAT_PERCENT ?? 10);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function memoryTrend(samples: { t: number; rssMb: number }[], warmupSeconds: number) {
  const end = samples.at(-1)?.t ?? 0;
  const after = samples.filter((s) => s.t >= warmupSeconds);
  const third = (end - warmupSeconds) / 3;
  const first = after.filter((s) => s.t < warmupSeconds + third).map((s) => s.rssMb);
  const last = after.filter((s) => s.t >= end - third).map((s) => s.rssMb);
  const firstMedian = first.length ? median(first) : NaN;
  const lastMedian = last.length ? median(last) : NaN;
  const growthPercent = Math.round(((lastMedian - firstMedian) / firstMedian) * 1000) / 10;
  const n = after.length;
  const meanT = after.reduce((sum, s) => sum + s.t, 0) / n;
  const meanR = after.reduce((sum, s) => sum + s.rssMb, 0) / n;
  const slope = after.reduce((sum, s) => sum + (s.t - meanT) * (s.rssMb - meanR), 0) / after.reduce((sum, s) => sum + (s.t - meanT) ** 2, 0);
  return {
    startMb: samples[0]?.rssMb ?? NaN,
    atWarmupEndMb: after[0]?.rssMb ?? NaN,
    maxSampledMb: Math.max(...samples.map((s) => s.rssMb)),
    finalMb: samples.at(-1)?.rssMb ?? NaN,
    firstThirdMedianMb: firstMedian,
    lastThirdMedianMb: lastMedian,
    growthPercent,
    slopeMbPerMinute: Math.round(slope * 60 * 100) / 100,
    flatPercent: FLAT_PERCENT,
    flat: first.length > 0 && last.length > 0 && growthPercent <= FLAT_PERCENT,
  };
}
