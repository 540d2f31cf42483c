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
  // Written as ASCII into one buffer and read out as one string: the ingest makes an id per row, and
  // building it from number and hex strings made eight short-lived strings each.
  const high = Math.floor(lastMs / 0x1000000); // the 48-bit time as 24 + 24 bits
  const low = lastMs % 0x1000000;
  hex(high, 6, 0);
  hex(low, 6, 6);
  hex(0x7000 | counter, 4, 12);
  hex((pool[used]! & 0x3f) | 0x80, 2, 16);
  for (let i = 1; i < 8; i++) hex(pool[used + i]!, 2, 16 + 2 * i);
  used += 8;
  return text.toString("latin1");
}

const DIGITS = Buffer.from("0123456789abcdef", "latin1");
// The UUID's 36 characters; the dashes stay where they are.
const text = Buffer.from("00000000-0000-0000-0000-000000000000", "latin1");
/** Where the i-th of the 32 hex digits goes, past the dashes before it. */
const SLOT = Array.from({ length: 32 }, (_, i) => i + (i >= 8 ? 1 : 0) + (i >= 12 ? 1 : 0) + (i >= 16 ? 1 : 0) + (i >= 20 ? 1 : 0));

/** `value` as `digits` hex digits, from the `first`-th digit of the 32. */
function hex(value: number, digits: number, first: number) {
  for (let i = digits - 1; i >= 0; i--) {
    text[SLOT[first + i]!] = DIGITS[value & 0xf]!;
    value >>>= 4;
  }
}
