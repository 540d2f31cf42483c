import { decrypt, encrypt, isEncrypted, needsReencryption } from "./crypto.server";
import { databaseDialect, db } from "./db.server";
import { env } from "./env.server";
import { jobSettings, PROCESS_OWNER } from "./job-queue.server";
import { isStopping } from "./job-runner.server";
import { acquireLock, releaseLock } from "./leases.server";
import { log } from "./logger.server";

/**
 * Key rotation that rotates (docs/security.md): every secret column is read in id order and each
 * value written under a key other than ENCRYPTION_KEY (in practice ENCRYPTION_KEY_PREVIOUS) is
 * decrypted and encrypted again under ENCRYPTION_KEY. Each row is written with one conditional
 * update that only applies while the row still holds the ciphertext that was read, so a secret the
 * app saved meanwhile (already under the new key) is never overwritten with the older one.
 * Idempotent and resumable without any state of its own: a value under the current key is skipped,
 * so a run stopped half way (a deploy, a crash) is finished by the next.
 *
 * Run by `npm run rotate-keys` (prisma/rotate-keys.ts) and, when ENCRYPTION_KEY_PREVIOUS is set, by
 * every server as it starts (`startKeyRotation`, one instance at a time).
 */

/**
 * Every encrypted column, with the module that writes it. A new caller of `encrypt()` adds its
 * column here (app/utils/key-rotation.server.test.ts fails until it does).
 */
export const ENCRYPTED_COLUMNS = [
  // app/shopify/session-storage.server.ts; rows stored before encryption hold the token in clear
  // (the storage still reads them): those are encrypted here too.
  { table: "Session", columns: ["accessToken", "refreshToken"], plaintextAllowed: true },
  // app/seko/connection.server.ts
  { table: "SekoCredential", columns: ["secret"], plaintextAllowed: false },
  // app/forms/form-state.server.ts (read by app/handover/secret-handover.server.ts too)
  { table: "OnboardingSection", columns: ["secrets"], plaintextAllowed: false },
  // app/utils/app-keys.server.ts: the key is re-encrypted, never changed, so what was hashed with it stays valid
  { table: "AppKey", columns: ["value"], plaintextAllowed: false },
] as const;

type Table = (typeof ENCRYPTED_COLUMNS)[number];
type Row = { id: string } & Record<string, string | null>;

export type TableProgress = {
  table: string;
  /** Rows looked at so far, of `total` (the table's rows when it was started). */
  checked: number;
  total: number;
  /** Rows written under the current key. */
  rewritten: number;
  /** Rows changed by someone else between the read and the write (left as they are: written since with the current key). */
  changedMeanwhile: number;
  /** Values no key at hand decrypts (an older key than ENCRYPTION_KEY_PREVIOUS, or damaged), left untouched: `table id column`. */
  unreadable: string[];
};

export type RotationReport = { tables: TableProgress[]; remaining: number };

const placeholders = () => {
  const postgres = databaseDialect() === "postgres";
  return (index: number) => (postgres ? `$${index}` : "?");
};

/** The value a column should hold under the current key, or null when it is fine as it is. Throws for an unreadable value. */
function rotated(value: string | null, plaintextAllowed: boolean): string | null {
  if (value === null || value === "") return null;
  if (!isEncrypted(value)) {
    if (plaintextAllowed) return encrypt(value);
    throw new Error("not an encrypted value");
  }
  if (!needsReencryption(value)) return null;
  return encrypt(decrypt(value));
}

/**
 * Writes one row read earlier under the current key. Returns what happened: "rewritten",
 * "changed" (the row no longer holds what was read: nothing written), "current" (nothing to do),
 * or the columns no key decrypts (those are left as they are, the row's other columns rewritten).
 */
export async function rotateRow(table: Table, row: Row): Promise<{ outcome: "rewritten" | "changed" | "current"; unreadable: string[] }> {
  const changes: { column: string; from: string; to: string }[] = [];
  const unreadable: string[] = [];
  for (const column of table.columns) {
    const value = row[column] ?? null;
    try {
      const next = rotated(value, table.plaintextAllowed);
      if (next !== null) changes.push({ column, from: value!, to: next });
    } catch {
      unreadable.push(column);
    }
  }
  if (!changes.length) return { outcome: "current", unreadable };
  const at = placeholders();
  const set = changes.map((change, i) => `"${change.column}" = ${at(i + 1)}`).join(", ");
  const same = changes.map((change, i) => `"${change.column}" = ${at(changes.length + i + 2)}`).join(" AND ");
  const sql = `UPDATE "${table.table}" SET ${set} WHERE "id" = ${at(changes.length + 1)} AND ${same}`;
  const count = await db.$executeRawUnsafe(sql, ...changes.map((change) => change.to), row.id, ...changes.map((change) => change.from));
  return { outcome: count === 1 ? "rewritten" : "changed", unreadable };
}

async function readPage(table: Table, after: string | null, size: number): Promise<Row[]> {
  const at = placeholders();
  const columns = ["id", ...table.columns].map((column) => `"${column}"`).join(", ");
  const where = after === null ? "" : `WHERE "id" > ${at(1)}`;
  const sql = `SELECT ${columns} FROM "${table.table}" ${where} ORDER BY "id" LIMIT ${Math.trunc(size)}`;
  return after === null ? db.$queryRawUnsafe<Row[]>(sql) : db.$queryRawUnsafe<Row[]>(sql, after);
}

async function countRows(table: Table): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ count: number | bigint }[]>(`SELECT COUNT(*) AS "count" FROM "${table.table}"`);
  return Number(row?.count ?? 0);
}

export type RotationOptions = {
  /** Rows read and written per step (each row is its own statement). */
  batchSize?: number;
  /** Called after each step of each table. */
  onProgress?: (progress: TableProgress) => void;
  /** Called before each step; returning false stops the run (a later run resumes it). */
  keepGoing?: () => boolean | Promise<boolean>;
};

/** Re-encrypts every secret under the current key; the report ends with how many values still are not (0: the previous key can go). */
export async function rotateEncryptionKey(options: RotationOptions = {}): Promise<RotationReport> {
  const size = options.batchSize ?? 200;
  const tables: TableProgress[] = [];
  for (const table of ENCRYPTED_COLUMNS) {
    const progress: TableProgress = { table: table.table, checked: 0, total: await countRows(table), rewritten: 0, changedMeanwhile: 0, unreadable: [] };
    tables.push(progress);
    let after: string | null = null;
    for (;;) {
      if (options.keepGoing && !(await options.keepGoing())) return { tables, remaining: await remainingValues() };
      const rows = await readPage(table, after, size);
      if (!rows.length) break;
      for (const row of rows) {
        const { outcome, unreadable } = await rotateRow(table, row);
        if (outcome === "rewritten") progress.rewritten++;
        if (outcome === "changed") progress.changedMeanwhile++;
        for (const column of unreadable) progress.unreadable.push(`${table.table} ${row.id} ${column}`);
      }
      progress.checked += rows.length;
      after = rows[rows.length - 1]!.id;
      options.onProgress?.(progress);
    }
    if (!progress.total) options.onProgress?.(progress);
  }
  return { tables, remaining: await remainingValues() };
}

/** How many stored values are not under the current key (or not encrypted where they must be). */
export async function remainingValues(): Promise<number> {
  let remaining = 0;
  for (const table of ENCRYPTED_COLUMNS) {
    let after: string | null = null;
    for (;;) {
      const rows = await readPage(table, after, 500);
      if (!rows.length) break;
      for (const row of rows) {
        for (const column of table.columns) {
          const value = row[column] ?? null;
          if (value !== null && value !== "" && (!isEncrypted(value) || needsReencryption(value))) remaining++;
        }
      }
      after = rows[rows.length - 1]!.id;
    }
  }
  return remaining;
}

/** A line for the log or the terminal: "Session: 200 of 1000 rows checked, 150 re-encrypted". */
export function progressLine(progress: TableProgress) {
  const extra = [
    progress.changedMeanwhile ? `${progress.changedMeanwhile} changed meanwhile (already under the new key)` : "",
    progress.unreadable.length ? `${progress.unreadable.length} unreadable` : "",
  ];
  return [`${progress.table}: ${progress.checked} of ${progress.total} rows checked, ${progress.rewritten} re-encrypted`, ...extra.filter(Boolean)].join(", ");
}

const LEASE = { shop: "", name: "key-rotation" };
let started = false;

/**
 * At server start: when ENCRYPTION_KEY_PREVIOUS is set, re-encrypts in the background what is
 * still under it, in the one instance holding the `key-rotation` lease (renewed every step), with
 * progress in the log. The other instances wait for the lease and then check (finding nothing to
 * do unless the holder stopped half way). Stops at a graceful shutdown; the next start resumes.
 * Once per process; never throws (a failure is logged, and the next start tries again).
 */
export function startKeyRotation() {
  if (started || !env().ENCRYPTION_KEY_PREVIOUS) return;
  started = true;
  void (async () => {
    let holding = false;
    try {
      while (!(holding = await acquireLock(LEASE.shop, LEASE.name, PROCESS_OWNER))) {
        log.info("key rotation: another instance is re-encrypting secrets; waiting for it");
        await new Promise((resolve) => setTimeout(resolve, jobSettings.leaseMs).unref());
        if (isStopping()) return;
      }
      log.info("key rotation: re-encrypting secrets under ENCRYPTION_KEY");
      const report = await rotateEncryptionKey({
        onProgress: (progress) => log.info(`key rotation: ${progressLine(progress)}`),
        keepGoing: async () => !isStopping() && (await acquireLock(LEASE.shop, LEASE.name, PROCESS_OWNER)),
      });
      const unreadable = report.tables.flatMap((table) => table.unreadable);
      if (report.remaining === 0) log.info("key rotation: done, every secret is under ENCRYPTION_KEY: ENCRYPTION_KEY_PREVIOUS can be removed");
      else log.warn("key rotation: some secrets are not under ENCRYPTION_KEY yet: keep ENCRYPTION_KEY_PREVIOUS", { remaining: report.remaining, unreadable });
    } catch (error) {
      log.error("key rotation: stopped by an error; the next start resumes it", { message: error instanceof Error ? error.message : String(error) });
    } finally {
      if (holding) await releaseLock(LEASE.shop, LEASE.name, PROCESS_OWNER).catch(() => undefined);
    }
  })();
}
