import { randomFillSync } from "node:crypto";

let lastMs = 0;
let counter = 0;
// Random bytes drawn 4 KB at a time: one call per id was a tenth of the ingest's time.
const pool = Buffer.alloc(4096);
let used = pool.length;

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit
 * counter that orders ids made in the same millisecond, then random bits.
 * Ids made later sort later, so a bulk insert appends to the end of each
 * primary-key index instead of touching pages all over it: with random
 * UUIDs the backfill's index writes missed SQLite's page cache on most rows
 * and slowed as the tables grew (docs/benchmarks.md).
 */
export function orderedId(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    // 4,096 ids in one millisecond: borrow the next one, staying ordered.
    lastMs++;
    counter = 0;
  }
  if (used + 8 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const variant = ((pool[used]! & 0x3f) | 0x80).toString(16);
  const hex = lastMs.toString(16).padStart(12, "0") + (0x7000 | counter).toString(16) + variant + pool.toString("hex", used + 1, used + 8);
  used += 8;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
