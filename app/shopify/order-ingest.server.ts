import { postgresTransaction, type PgTx } from "~/utils/db.server";
import { enqueueStatement, type JobClaim } from "~/utils/job-queue.server";
import { LeaseLostError } from "~/utils/leases.server";
import { log } from "~/utils/logger.server";
import { sqliteConnection, sqliteDate, type GatePriority, type SqlStep } from "~/utils/sqlite.server";
import { ingestBatchSize, orderSyncSettings } from "./order-sync-config.server";
import { type OrderRecord, type VariantRecord } from "./order-sync";
import { bulkLineRecord, bulkOrderRecord } from "./bulk-line";
import { PackedSqliteBatch, RecordBatch, type IngestBatch } from "./ingest-batch.server";
import { iso, orderStepsSqlite, placeholders, readinessChangedPostgres, readinessChangedSqlite, variantStepsSqlite, writeOrdersPostgres, writeVariantsPostgres } from "./order-upserts.server";

/**
 * Writing synced orders: the transactions that hold the orders' and product
 * data's upserts (order-upserts.server.ts) together with what must commit with
 * them (the backfill's lease and progress, the removal of the webhook jobs that
 * brought them, their upload to SEKO), the streamed ingest of a bulk export, and
 * `applyOrders` for webhook and reconciled orders.
 * docs/order-sync.md explains the moving parts.
 */

// ---------- writing orders ----------

/**
 * A Postgres statement of the orders' transaction given as its text, with no RETURNING of its own:
 * `check` is handed how many rows it changed. Statements given so are sent as one ({@link asOneStatement}).
 */
type PgStatement = { sql: string; args: unknown[]; check?: (changed: number) => void };

/** Statements run inside the orders' transaction, in each dialect. */
type AlsoInTransaction = { sqlite: SqlStep[]; postgres: ((tx: PgTx) => Promise<void>) | PgStatement[] };

/** Several parts in one, run in the order given; undefined when there are none. */
function together(...parts: (AlsoInTransaction | null)[]): AlsoInTransaction | undefined {
  const present = parts.filter((part): part is AlsoInTransaction => part !== null);
  if (present.length <= 1) return present[0];
  const postgres = present.map((part) => part.postgres);
  return {
    sqlite: present.flatMap((part) => part.sqlite),
    postgres: postgres.every((part) => Array.isArray(part))
      ? postgres.flat()
      : async (tx) => {
          for (const part of postgres) await runPostgres(tx, part);
        },
  };
}

async function runPostgres(tx: PgTx, part: AlsoInTransaction["postgres"]) {
  if (Array.isArray(part)) await asOneStatement(tx, part);
  else await part(tx);
}

/**
 * Statements sent as one: each a data-modifying WITH clause (its $n renumbered after the ones
 * before), so they cost one round trip, not one each (issue 29, docs/benchmarks.md). They see the
 * transaction as it was before that statement, not each other's changes, so they must touch
 * different rows.
 */
async function asOneStatement(tx: PgTx, statements: PgStatement[]) {
  if (statements.length === 0) return;
  if (statements.length === 1) {
    const [only] = statements;
    const result = await tx.query(only!.sql, only!.args);
    only!.check?.(result.rowCount ?? 0);
    return;
  }
  const args: unknown[] = [];
  const clauses = statements.map((statement, i) => {
    const offset = args.length;
    args.push(...statement.args);
    return `"s${i}" AS (${statement.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)} RETURNING 1)`;
  });
  const counts = statements.map((_, i) => `(SELECT count(*) FROM "s${i}")::int AS "s${i}"`);
  const { rows } = await tx.query<Record<string, number>>(`WITH ${clauses.join(", ")} SELECT ${counts.join(", ")}`, args);
  statements.forEach((statement, i) => statement.check?.(rows[0]![`s${i}`]!));
}

/**
 * Orders and product data in one transaction, with `also` run inside it
 * (the backfill's lease and progress, or the webhook jobs that brought them).
 * Returns how many orders were written. On SQLite it is one message to the
 * database thread; the ingest's batches are "background" there: requests
 * waiting for the connection go first. The ingest's orders arrive on SQLite
 * as their steps already (packed: app/shopify/ingest-batch.server.ts).
 */
async function writeInTransaction(shop: string, input: OrderRecord[] | IngestBatch, variants: VariantRecord[], also?: AlsoInTransaction, priority: GatePriority = "normal") {
  const sqlite = sqliteConnection();
  const now = new Date();
  const changed = (Array.isArray(input) ? input.length : input.size) > 0 || variants.length > 0;
  const orders = Array.isArray(input) ? { records: input } : input.take();
  if (sqlite) {
    const orderSteps = "steps" in orders ? orders.steps : orderStepsSqlite(shop, orders.records, now);
    const steps = [...orderSteps, ...variantStepsSqlite(shop, variants, now), ...(also?.sqlite ?? []), ...(changed ? [readinessChangedSqlite(shop)] : [])];
    if (steps.length === 0) return 0;
    const results = await sqlite.steps(steps, priority);
    return orderSteps.length > 0 ? results[0]!.rows.length : 0;
  }
  if (!("records" in orders)) throw new Error("order sync: a batch packed for SQLite cannot be written to Postgres");
  return postgresTransaction(async (tx) => {
    const count = await writeOrdersPostgres(tx, shop, orders.records, now);
    await writeVariantsPostgres(tx, shop, variants, now);
    // The data version's move stays the last statement; `also` given as statements goes in the same one.
    const last = changed ? [readinessChangedPostgres(shop)] : [];
    const before = also?.postgres ?? [];
    if (Array.isArray(before)) await asOneStatement(tx, [...before, ...last]);
    else {
      await before(tx);
      await asOneStatement(tx, last);
    }
    return count;
  });
}

/**
 * Inside the orders' transaction: removes the queue's jobs that brought them, which must still be
 * this owner's. If another instance took them over (this one stalled past its lease), nothing is
 * committed and that instance applies them instead.
 */
function completingJobs(claim: JobClaim): AlsoInTransaction {
  return {
    sqlite:
      claim.ids.length === 0
        ? []
        : [
            {
              sql: `DELETE FROM "SyncJob" WHERE "lockedBy" = ? AND "id" IN (${placeholders(claim.ids.length)})`,
              args: [claim.owner, ...claim.ids],
              expect: { changes: claim.ids.length, otherwise: () => new LeaseLostError() },
            },
          ],
    postgres:
      claim.ids.length === 0
        ? []
        : [
            {
              sql: `DELETE FROM "SyncJob" WHERE "lockedBy" = $1 AND "id" = ANY($2::text[])`,
              args: [claim.owner, claim.ids],
              check: (removed) => {
                if (removed !== claim.ids.length) throw new LeaseLostError();
              },
            },
          ],
  };
}

type BatchProgress = { owner: string; linesDone: number; ordersInBatch: number };

/**
 * One batch of the ingest in one transaction, with the lease renewal and the
 * progress: a process that lost the lease cannot commit, and a crash loses at
 * most this batch. On SQLite it runs on a plain libSQL transaction (the same
 * statements; Prisma's per-statement cost and its memory for large
 * parameters were most of the ingest's time and RSS, docs/benchmarks.md).
 */
async function commitBatch(shop: string, orders: IngestBatch, variants: VariantRecord[], progress: BatchProgress | null) {
  const leaseUntil = new Date(Date.now() + orderSyncSettings.leaseMs);
  if (!progress) return writeInTransaction(shop, orders, variants, undefined, "background");
  return writeInTransaction(
    shop,
    orders,
    variants,
    {
      sqlite: [
        {
          sql: `UPDATE "SyncLock" SET "expiresAt" = ? WHERE "shop" = ? AND "name" = 'backfill' AND "owner" = ?`,
          args: [sqliteDate(leaseUntil), shop, progress.owner],
          expect: { changes: 1, otherwise: () => new LeaseLostError() },
        },
        {
          sql: `UPDATE "OrderSyncState" SET "linesProcessed" = ?, "ordersIngested" = "ordersIngested" + ?, "updatedAt" = ? WHERE "shop" = ?`,
          args: [progress.linesDone, progress.ordersInBatch, sqliteDate(new Date()), shop],
          expect: { changes: 1, otherwise: () => new Error(`order sync: no sync state for ${shop}`) },
        },
      ],
      postgres: async (tx) => {
        const renewed = await tx.query(`UPDATE "SyncLock" SET "expiresAt" = $1::timestamp(3) WHERE "shop" = $2 AND "name" = 'backfill' AND "owner" = $3`, [iso(leaseUntil), shop, progress.owner]);
        if (renewed.rowCount === 0) throw new LeaseLostError();
        const updated = await tx.query(`UPDATE "OrderSyncState" SET "linesProcessed" = $1, "ordersIngested" = "ordersIngested" + $2, "updatedAt" = $3::timestamp(3) WHERE "shop" = $4`, [
          progress.linesDone,
          progress.ordersInBatch,
          iso(new Date()),
          shop,
        ]);
        // Prisma's update threw when the row was missing; the batch must not commit without its progress.
        if (updated.rowCount === 0) throw new Error(`order sync: no sync state for ${shop}`);
      },
    },
    "background",
  );
}

/** Product data per variant; the newest read always wins (it is Shopify's current state). */
export async function writeVariants(shop: string, input: VariantRecord[]) {
  if (input.length === 0) return;
  const sqlite = sqliteConnection();
  if (sqlite) await sqlite.steps([...variantStepsSqlite(shop, input, new Date()), readinessChangedSqlite(shop)]);
  else {
    await postgresTransaction(async (tx) => {
      await writeVariantsPostgres(tx, shop, input, new Date());
      await asOneStatement(tx, [readinessChangedPostgres(shop)]);
    });
  }
}

// ---------- streaming ingest ----------

export type IngestResult = { orders: number; lines: number; skipped: number };

/**
 * Reads the bulk JSONL as it streams in and writes it in batches: an order
 * line, then its line items (children carry `__parentId` and follow their
 * parent). A batch is flushed only when the next order starts, so it always
 * holds whole orders, and its commit records how many lines are done in the
 * same transaction: a crash loses at most the batches in flight (one being
 * written while the next is parsed), and a resume (`skip`) starts exactly
 * after the last committed order, without gaps or duplicates.
 */
export async function ingestOrderLines(
  shop: string,
  lines: AsyncIterable<string[]>,
  options: { skip?: number; batchSize?: number; /** The backfill's lease owner: renewed, with the progress, in each batch's commit. */ lease?: string } = {},
): Promise<IngestResult> {
  const skip = options.skip ?? 0;
  const batchSize = () => options.batchSize ?? ingestBatchSize();
  let lineNo = 0;
  let skipped = 0;
  let written = 0;

  // Each line becomes its compact record as soon as it is read, so only records (not parsed JSON) wait for the batch;
  // on SQLite, its rows packed outside the JS heap (app/shopify/ingest-batch.server.ts).
  const newBatch = (): IngestBatch => (sqliteConnection() ? new PackedSqliteBatch(shop) : new RecordBatch());
  let batch = newBatch();
  let variants: VariantRecord[] = [];
  // Every line of one export carries the same snapshot of its variant: written once per ingest.
  const variantsSeen = new Set<string>();
  // One batch is written (on the SQLite thread) while the next is read and parsed here.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (linesDone: number) => {
    if (batch.size === 0 && !options.lease) return;
    const orders = batch;
    const batchVariants = variants;
    batch = newBatch();
    variants = [];
    // Batches commit in order: each waits for the one before (and stops at its error).
    await writing;
    const count = orders.size;
    writing = commitBatch(shop, orders, batchVariants, options.lease ? { owner: options.lease, linesDone, ordersInBatch: count } : null).then(() => {
      written += count;
    });
    writing.catch(() => undefined); // observed at the next flush or at the end
  };

  for await (const chunk of lines) {
    for (const raw of chunk) {
      lineNo++;
      if (lineNo <= skip) continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        skipped++;
        continue;
      }
      if (typeof value !== "object" || value === null) {
        skipped++; // a line that is JSON but not an object ("null", "5")
        continue;
      }
      const parentId = (value as { __parentId?: unknown }).__parentId;
      if (typeof parentId === "string") {
        const read = batch.has(parentId) ? bulkLineRecord(value) : null;
        if (!read) {
          skipped++;
          continue;
        }
        batch.addLine(parentId, read.line);
        const variantId = read.line.variantId;
        if (variantId && !variantsSeen.has(variantId)) {
          const variant = read.variant();
          if (variant) variants.push(variant);
          variantsSeen.add(variantId);
        }
        continue;
      }
      if (batch.size >= batchSize()) await flush(lineNo - 1);
      const order = bulkOrderRecord(value);
      if (!order) {
        skipped++;
        continue;
      }
      // The same order twice in one batch (an export does not repeat one): the first copy is committed first, and the
      // upsert keeps the newer of the two, as across batches.
      if (batch.has(order.shopifyId)) await flush(lineNo - 1);
      batch.addOrder(order);
    }
    // A turn for requests after each chunk: a buffered stream would otherwise hand over chunk after chunk
    // without the event loop ever polling for them (webhooks waited hundreds of ms during a backfill).
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (lineNo > skip || batch.size > 0) await flush(lineNo);
  await writing;
  if (skipped) log.warn("order sync: skipped unreadable lines", { shop, skipped });
  return { orders: written, lines: lineNo, skipped };
}

// ---------- orders from webhooks and reconciliation ----------

/** The SEKO upload queued in the orders' own transaction: a process that dies after the commit cannot leave them unqueued. */
function queueingUpload(shop: string): AlsoInTransaction {
  const input = { shop, kind: "upload" } as const;
  return { sqlite: [enqueueStatement("sqlite", input)], postgres: [enqueueStatement("postgres", input)] };
}

/**
 * The product data lookup queued in the orders' own transaction when they sell a variant the shop has
 * none for (looked up by id, not by scanning the shop's orders): the check and the queueing are one
 * statement, sent with the others instead of a count and an insert after the commit.
 */
function queueingVariantsLookup(shop: string, orders: OrderRecord[]): AlsoInTransaction | null {
  const ids = [...new Set(orders.flatMap((order) => order.lineItems.map((line) => line.variantId)).filter((id): id is string => id !== null))];
  if (ids.length === 0) return null;
  const input = { shop, kind: "variants" } as const;
  const unknownVariant = (dialect: "sqlite" | "postgres") => (param: (value: string) => string) => {
    const list = dialect === "sqlite" ? `json_each(${param(JSON.stringify(ids))}) AS "v"` : `json_array_elements_text(${param(JSON.stringify(ids))}::json) AS "v"("value")`;
    return `EXISTS (SELECT 1 FROM ${list} WHERE NOT EXISTS (SELECT 1 FROM "SyncedVariant" WHERE "shop" = ${param(shop)} AND "variantId" = "v"."value"))`;
  };
  return { sqlite: [enqueueStatement("sqlite", input, unknownVariant("sqlite"))], postgres: [enqueueStatement("postgres", input, unknownVariant("postgres"))] };
}

/**
 * Writes orders from webhooks or reconciliation and queues what follows from them, in the same
 * transaction: their upload to SEKO (also when every order was an older copy: the run then finds
 * nothing to send), and a product data lookup when they sell variants the shop has none for.
 */
export async function applyOrders(shop: string, orders: OrderRecord[], variants: VariantRecord[] = [], claim?: JobClaim) {
  const also = together(claim ? completingJobs(claim) : null, orders.length > 0 ? queueingUpload(shop) : null, queueingVariantsLookup(shop, orders));
  return writeInTransaction(shop, orders, variants, also);
}
