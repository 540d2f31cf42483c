import type { InValue } from "@libsql/client";
import { sqliteDate, type SqlStep } from "~/utils/sqlite.server";
import type { LineRecord, OrderRecord } from "./order-sync";
import { LINE_DELETE_SQLITE, LINE_INSERT_SQLITE, ORDER_UPSERT_SQLITE, lineRowSqlite, orderRowSqlite } from "./order-upserts.server";

/**
 * The orders of one batch of the bulk ingest (order-ingest.server.ts) while the batch fills: whole
 * orders, each once, and the line items of those orders.
 *
 * On SQLite each order and line item becomes its row as soon as it is read, written as JSON text
 * into a buffer outside the JS heap, and the buffers are moved to the database thread with the
 * batch (`SqlStep.packed`). Kept as objects, a batch lived long enough (parsed while the one
 * before was written) for V8 to move it into the old generation: a third of all it promoted
 * during an ingest, at the same CPU cost (docs/benchmarks.md, "The ingest's memory (issue 29)").
 * On Postgres the batch stays as records for the `unnest` inserts.
 */
export interface IngestBatch {
  readonly size: number;
  has(orderId: string): boolean;
  addOrder(order: OrderRecord): void;
  /** A line item of an order already in this batch. */
  addLine(orderId: string, line: LineRecord): void;
  /** What `writeInTransaction` writes: the records, or the SQLite steps (then the batch is spent). */
  take(): { records: OrderRecord[] } | { steps: SqlStep[] };
}

export class RecordBatch implements IngestBatch {
  readonly #orders = new Map<string, OrderRecord>();
  get size() {
    return this.#orders.size;
  }
  has(orderId: string) {
    return this.#orders.has(orderId);
  }
  addOrder(order: OrderRecord) {
    this.#orders.set(order.shopifyId, order);
  }
  addLine(orderId: string, line: LineRecord) {
    this.#orders.get(orderId)?.lineItems.push(line);
  }
  take() {
    return { records: [...this.#orders.values()] };
  }
}

export class PackedSqliteBatch implements IngestBatch {
  readonly #ids = new Set<string>();
  readonly #orders = new PackedRows();
  readonly #deletes = new PackedRows();
  readonly #lines = new PackedRows();
  readonly #syncedAt: string;

  constructor(
    readonly shop: string,
    now = new Date(),
  ) {
    this.#syncedAt = sqliteDate(now);
  }
  get size() {
    return this.#ids.size;
  }
  has(orderId: string) {
    return this.#ids.has(orderId);
  }
  addOrder(order: OrderRecord) {
    this.#ids.add(order.shopifyId);
    this.#orders.push(orderRowSqlite(order, this.shop, this.#syncedAt));
    this.#deletes.push([order.shopifyId]);
    for (const line of order.lineItems) this.#lines.push(lineRowSqlite(order.shopifyId, line));
  }
  addLine(orderId: string, line: LineRecord) {
    if (this.#ids.has(orderId)) this.#lines.push(lineRowSqlite(orderId, line));
  }
  /** The same three steps as `orderStepsSqlite`, their rows packed. */
  take(): { steps: SqlStep[] } {
    if (this.#ids.size === 0) return { steps: [] };
    return {
      steps: [
        { sql: ORDER_UPSERT_SQLITE, packed: this.#orders.take() },
        { sql: LINE_DELETE_SQLITE, packed: this.#deletes.take(), lookup: { column: 0, step: 0 } },
        { sql: LINE_INSERT_SQLITE, packed: this.#lines.take(), lookup: { column: 1, step: 0 } },
      ],
    };
  }
}

const utf8 = new TextEncoder();

/** Rows (arrays of strings, numbers and nulls) as the JSON text of one array, in a buffer that doubles as it fills. */
export class PackedRows {
  #bytes = new Uint8Array(16 * 1024);
  #length = 1;
  #count = 0;

  constructor() {
    this.#bytes[0] = 0x5b; // [
  }

  push(row: InValue[]) {
    const text = `${this.#count > 0 ? "," : ""}${JSON.stringify(row)}`;
    // One byte is kept free for the closing bracket. A text that does not fit is written again into a buffer twice the size.
    let result = utf8.encodeInto(text, this.#bytes.subarray(this.#length, -1));
    while (result.read < text.length) {
      const bigger = new Uint8Array(this.#bytes.length * 2);
      bigger.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = bigger;
      result = utf8.encodeInto(text, this.#bytes.subarray(this.#length, -1));
    }
    this.#length += result.written;
    this.#count++;
  }

  /** The text, in a buffer of its own (to be moved to the database thread). */
  take(): Uint8Array {
    this.#bytes[this.#length] = 0x5d; // ]
    return this.#bytes.subarray(0, this.#length + 1);
  }
}
