import { randomBytes } from "node:crypto";
import type { InValue } from "@libsql/client";
import { Prisma } from "@prisma/client";
import { recordActivity } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { log } from "~/utils/logger.server";
import { orderedId } from "~/utils/ordered-id";
import { sqliteConnection, sqliteDate, type SqlTransaction } from "~/utils/sqlite.server";
import { canonicalOrderNumber } from "./order-number";
import { checkTrackingPassword, hashTrackingPassword, isSlowHash, isTrackingTokenShape, sameText, TRACKING_REFUSAL_LIMITS } from "./tracking-auth.server";
import { returnUpdates, type TrackingBatch, type TrackingEvent } from "./tracking";
import { RETURN_STATUSES, type ReturnStatusCode } from "./return-statuses";

/**
 * The per-shop endpoint SEKO posts Return Tracking-Status events to. The URL
 * carries an unguessable token; SEKO also sends the Username/Password headers
 * the merchant configured in OmniRPS. The password is shown once, stored as a
 * keyed hash (tracking-auth.server.ts), and can only be rotated.
 */
export function trackingUrl(token: string) {
  return `${env().SHOPIFY_APP_URL}/seko/tracking/${token}`;
}

/** Why a delivery that reached a shop's URL was refused, in the merchant's words. */
export type TrackingRefusalReason = "wrong username or password" | "no credentials";

/** Deliveries refused since the last accepted one (or the last rotation): what Settings, Home and a waiting test return show. */
export type TrackingRefusals = { count: number; reason: TrackingRefusalReason; lastAt: string };

type EndpointRow = { refusedCount: number; lastRefusedAt: Date | null; lastRefusal: string | null };

function refusalsOf(endpoint: EndpointRow | null): TrackingRefusals | null {
  if (!endpoint || endpoint.refusedCount === 0 || !endpoint.lastRefusedAt) return null;
  const reason: TrackingRefusalReason = endpoint.lastRefusal === "no credentials" ? "no credentials" : "wrong username or password";
  return { count: endpoint.refusedCount, reason, lastAt: endpoint.lastRefusedAt.toISOString() };
}

export async function getTrackingEndpoint(shop: string) {
  const endpoint = await db.trackingEndpoint.findUnique({ where: { shop } });
  return endpoint
    ? {
        url: trackingUrl(endpoint.token),
        username: endpoint.username,
        rotatedAt: endpoint.rotatedAt.toISOString(),
        lastAcceptedAt: endpoint.lastAcceptedAt?.toISOString() ?? null,
        refusals: refusalsOf(endpoint),
      }
    : null;
}

/** The shop's refused deliveries since the last accepted one, or null when there are none. */
export async function trackingRefusals(shop: string) {
  return refusalsOf(await db.trackingEndpoint.findUnique({ where: { shop }, select: { refusedCount: true, lastRefusedAt: true, lastRefusal: true } }));
}

/** New URL token, username and password; the old ones stop working at once. */
export async function rotateTrackingCredentials(shop: string, by: string) {
  const token = randomBytes(24).toString("base64url");
  const username = `seko-${randomBytes(4).toString("hex")}`;
  const password = randomBytes(18).toString("base64url");
  const passwordHash = await hashTrackingPassword(password);
  const before = await db.trackingEndpoint.findUnique({ where: { shop }, select: { username: true } });
  await db.trackingEndpoint.upsert({
    where: { shop },
    create: { shop, token, username, passwordHash },
    // New credentials start with a clean record: refusals of the old ones no longer say anything.
    update: { token, username, passwordHash, rotatedAt: new Date(), refusedCount: 0, lastRefusedAt: null, lastRefusal: null, lastAcceptedAt: null },
  });
  await recordActivity(shop, {
    kind: "tracking.credentials",
    actor: by,
    action: before ? "Replaced the tracking webhook credentials" : "Created the tracking webhook credentials",
    detail: before ? `Username ${username}; ${before.username} and its password stopped working` : `Username ${username}`,
  });
  return { url: trackingUrl(token), username, password };
}

export type TrackingAdmission = { ok: true; shop: string; first: boolean } | { ok: false; retryAfterSeconds: number | null };

/**
 * The shop a delivery belongs to (`first`: the first delivery accepted since the credentials were
 * made), or a refusal: 401, or 429 with `retryAfterSeconds` once `address` or the endpoint is past
 * its refusal limit (TRACKING_REFUSAL_LIMITS). A URL that is no shop's is refused without hashing
 * anything. A delivery that reaches a shop's URL is recorded on that shop's endpoint: refused
 * (counted, with the time and why, until the endpoint's limit) or accepted (its time; the count
 * starts again). The credentials posted are never stored or logged.
 */
/** How often an accepted delivery's time is written on its endpoint (`lastAcceptedAt`), at most. */
export const ACCEPTED_WRITE_EVERY_MS = 60_000;

export async function authenticateTrackingDelivery(token: string, headers: Headers, address = "unknown"): Promise<TrackingAdmission> {
  // Without trusted proxies every caller is "unknown" (app/utils/client-ip.server.ts): one bucket would let anyone hold SEKO back.
  const byAddress = address === "unknown" ? null : address;
  const held = byAddress ? TRACKING_REFUSAL_LIMITS.byAddress.peek(byAddress) : null;
  if (held && !held.ok) return { ok: false, retryAfterSeconds: held.retryAfterSeconds };
  const refuse = (): TrackingAdmission => {
    const limit = byAddress ? TRACKING_REFUSAL_LIMITS.byAddress.take(byAddress) : null;
    return { ok: false, retryAfterSeconds: limit && !limit.ok ? limit.retryAfterSeconds : null };
  };
  // Tokens are 24 random bytes: whether one exists is not something timing could help anyone guess.
  const endpoint = isTrackingTokenShape(token) ? await db.trackingEndpoint.findUnique({ where: { token } }) : null;
  if (!endpoint) return refuse();
  const username = headers.get("username") ?? "";
  const password = headers.get("password") ?? "";
  const limited = TRACKING_REFUSAL_LIMITS.byEndpoint.peek(token);
  // An old scrypt hash costs tens of milliseconds of the thread pool: not spent for an endpoint under a flood of refusals.
  if (!limited.ok && isSlowHash(endpoint.passwordHash)) {
    refuse();
    return { ok: false, retryAfterSeconds: limited.retryAfterSeconds };
  }
  const check = await checkTrackingPassword(password, endpoint.passwordHash);
  const now = new Date();
  if (!check.ok || !sameText(username, endpoint.username)) {
    const counted = TRACKING_REFUSAL_LIMITS.byEndpoint.take(token);
    const refused = refuse();
    if (!counted.ok) return { ok: false, retryAfterSeconds: counted.retryAfterSeconds };
    // Only a URL that is a shop's own is recorded (its token is 24 random bytes, not something to guess).
    const reason: TrackingRefusalReason = username || password ? "wrong username or password" : "no credentials";
    await db.trackingEndpoint.updateMany({ where: { shop: endpoint.shop, token }, data: { refusedCount: { increment: 1 }, lastRefusedAt: now, lastRefusal: reason } });
    log.warn("seko tracking: delivery refused", { shop: endpoint.shop, reason });
    return refused;
  }
  // An old scrypt hash is replaced by a keyed one now that the password is known to match.
  const rehash = check.rehash ? { passwordHash: check.rehash } : {};
  // Written only when it changes something Settings shows (a date): not once per delivery, so a sender holding the
  // credentials (or SEKO's own bursts) costs a database write at most once a minute.
  const recent = endpoint.lastAcceptedAt !== null && now.getTime() - endpoint.lastAcceptedAt.getTime() < ACCEPTED_WRITE_EVERY_MS;
  if (check.rehash || endpoint.refusedCount !== 0 || !recent) {
    await db.trackingEndpoint.updateMany({ where: { shop: endpoint.shop, token }, data: { refusedCount: 0, lastAcceptedAt: now, ...rehash } });
  }
  return { ok: true, shop: endpoint.shop, first: endpoint.lastAcceptedAt === null };
}

/** Events per transaction: SQLite holds its one connection for ~30 ms, and the statements stay under both databases' parameter limits. */
export const TRACKING_CHUNK = 1000;

export type TrackingStoreResult = { stored: number; duplicates: number; rejected: number };

/**
 * Stores a delivery (SEKO posts up to tens of thousands of events at once)
 * before the receiver answers 200, in transactions of {@link TRACKING_CHUNK}
 * events: each is stored whole or not at all, so a failure part way loses
 * nothing (the receiver answers 5xx, and SEKO's retry of the whole delivery
 * skips what is stored and stores the rest). An event already stored (same
 * dedupe key) is skipped; each return's status only moves forward. The next
 * batch is parsed while one is written (on SQLite, the database thread). `changed` gains the
 * consignment numbers of the events stored for the first time, once their chunk is committed.
 */
export async function storeTrackingBatches(shop: string, batches: AsyncIterable<TrackingBatch> | Iterable<TrackingBatch>, changed?: Set<string>) {
  const result: TrackingStoreResult = { stored: 0, duplicates: 0, rejected: 0 };
  const rejected: TrackingBatch["rejected"] = [];
  const now = new Date();
  let writing: Promise<number> | null = null;
  try {
    for await (const batch of batches) {
      // Its rows are made while the chunk before is still being written (the database thread would wait for them).
      const chunk = chunkRows(shop, batch.events, now, "auto");
      if (writing) result.stored += await writing;
      writing = writeChunkRows(chunk, changed);
      writing.catch(() => undefined); // awaited below; meanwhile a failure is not "unhandled"
      result.duplicates += batch.duplicates + batch.events.length;
      result.rejected += batch.rejected.length;
      if (rejected.length < 20) rejected.push(...batch.rejected.slice(0, 20 - rejected.length));
    }
    if (writing) result.stored += await writing;
    writing = null;
  } finally {
    if (writing) await writing.catch(() => undefined);
    if (rejected.length) log.warn("seko tracking: events rejected", { shop, count: result.rejected, rejected });
  }
  result.duplicates -= result.stored;
  return result;
}

/** One parsed delivery (see {@link storeTrackingBatches}). */
export async function storeTrackingEvents(shop: string, batch: TrackingBatch) {
  const chunks = function* () {
    for (let i = 0; i < batch.events.length || i === 0; i += TRACKING_CHUNK) {
      const events = batch.events.slice(i, i + TRACKING_CHUNK);
      yield i === 0 ? { events, duplicates: batch.duplicates, rejected: batch.rejected } : { events, duplicates: 0, rejected: [] };
    }
  };
  return storeTrackingBatches(shop, chunks());
}

/**
 * The statements, which read the same on SQLite and Postgres: events are
 * inserted or ignored on their dedupe key, RETURNING only those inserted;
 * returns are upserted with what the new events say about them
 * ({@link returnUpdates}), merged in SQL with the stored row, so a delivery
 * written at the same time (Postgres) can not move a return backwards either.
 */
const EVENT_COLUMNS = `"id", "shop", "dedupeKey", "consignmentNo", "trackingNo", "orderNo", "orderKey", "code", "kind", "label", "carrier",
  "eventAt", "eventAtFlag", "itemNo", "returnReason", "returnAction", "truncated", "raw", "receivedAt"`;
const INSERT_EVENTS_TAIL = `ON CONFLICT ("shop", "dedupeKey") DO NOTHING RETURNING "dedupeKey"`;

const SHIPMENT_COLUMNS = `"id", "shop", "consignmentNo", "trackingNo", "orderNo", "orderKey", "status", "lastEventAt", "updatedAt", "createdAt"`;
const codes = (filter: (status: (typeof RETURN_STATUSES)[ReturnStatusCode]) => boolean) =>
  Object.entries(RETURN_STATUSES)
    .filter(([, status]) => filter(status))
    .map(([code]) => `'${code}'`)
    .join(", ");
const rank = (column: string) =>
  `CASE ${column} ${Object.entries(RETURN_STATUSES)
    .map(([code, status]) => `WHEN '${code}' THEN ${status.order}`)
    .join(" ")} ELSE 0 END`;
const TERMINAL = codes((status) => status.terminal);
const STORED = `"ReturnShipment"`;
// tracking.ts `advance` in SQL: a terminal status stays; a terminal one ends a return; otherwise the furthest wins.
const UPSERT_SHIPMENTS_TAIL = `ON CONFLICT ("shop", "consignmentNo") DO UPDATE SET
  "status" = CASE
    WHEN ${STORED}."status" IN (${TERMINAL}) THEN ${STORED}."status"
    WHEN excluded."status" IS NULL THEN ${STORED}."status"
    WHEN excluded."status" IN (${TERMINAL}) THEN excluded."status"
    WHEN ${rank('excluded."status"')} > ${rank(`${STORED}."status"`)} THEN excluded."status"
    ELSE ${STORED}."status" END,
  "lastEventAt" = CASE WHEN ${STORED}."lastEventAt" IS NULL OR excluded."lastEventAt" > ${STORED}."lastEventAt"
    THEN excluded."lastEventAt" ELSE ${STORED}."lastEventAt" END,
  "trackingNo" = COALESCE(${STORED}."trackingNo", excluded."trackingNo"),
  "orderNo" = COALESCE(${STORED}."orderNo", excluded."orderNo"),
  "orderKey" = CASE WHEN ${STORED}."orderNo" IS NULL THEN excluded."orderKey" ELSE ${STORED}."orderKey" END,
  "updatedAt" = excluded."updatedAt"
RETURNING "id", "orderNo", "orderKey"`;

type ChunkWriter = {
  /** Returns the dedupe keys of the rows inserted. */
  insertEvents(rows: InValue[][]): Promise<string[]>;
  upsertShipments(rows: InValue[][]): Promise<{ id: string; orderNo: string | null; orderKey: string | null }[]>;
  setOrderKeys(rows: { id: string; orderKey: string }[]): Promise<void>;
};

/**
 * One chunk in one transaction: on SQLite on the database thread (as the order sync writes), elsewhere through Prisma.
 * `changed` gains the consignments of the events inserted, after the commit.
 */
export async function storeChunk(shop: string, events: TrackingEvent[], now: Date, via: "auto" | "prisma" = "auto", changed?: Set<string>) {
  return writeChunkRows(chunkRows(shop, events, now, via), changed);
}

type ChunkRows = { shop: string; events: TrackingEvent[]; rows: InValue[][]; now: InValue; sqlite: ReturnType<typeof sqliteConnection> };

/** A chunk's event rows, made outside its transaction. */
function chunkRows(shop: string, events: TrackingEvent[], now: Date, via: "auto" | "prisma"): ChunkRows {
  const sqlite = via === "auto" ? sqliteConnection() : null;
  const at = sqlite ? sqliteDate(now) : now;
  return { shop, events, rows: eventRows(shop, events, at), now: at, sqlite };
}

async function writeChunkRows({ shop, events, rows, now, sqlite }: ChunkRows, changed?: Set<string>) {
  if (events.length === 0) return 0;
  const fresh: string[] = [];
  const stored = sqlite
    ? await sqlite.transaction((tx) => writeChunk(sqliteWriter(tx), shop, events, rows, now, fresh))
    : await db.$transaction((tx) => writeChunk(prismaWriter(tx), shop, events, rows, now, fresh), { timeout: 60_000, maxWait: 30_000 });
  for (const consignmentNo of fresh) changed?.add(consignmentNo);
  return stored;
}

const eventRows = (shop: string, events: TrackingEvent[], now: InValue) =>
  events.map((e) => [
    orderedId(),
    shop,
    e.dedupeKey,
    e.consignmentNo,
    e.trackingNo ?? null,
    e.orderNo ?? null,
    e.orderKey ?? null,
    e.code,
    e.kind,
    e.label,
    e.carrier ?? null,
    e.eventAt,
    e.eventAtFlag,
    e.itemNo ?? null,
    e.returnReason ?? null,
    e.returnAction ?? null,
    e.truncated?.join(",") ?? null,
    JSON.stringify(e.raw),
    now,
  ]);

async function writeChunk(writer: ChunkWriter, shop: string, events: TrackingEvent[], rows: InValue[][], now: InValue, freshConsignments: string[]) {
  const inserted = new Set(await writer.insertEvents(rows));
  const fresh = events.filter((event) => inserted.has(event.dedupeKey));
  for (const event of fresh) freshConsignments.push(event.consignmentNo);
  const shipments = await writer.upsertShipments(returnUpdates(fresh).map((u) => [orderedId(), shop, u.consignmentNo, u.trackingNo, u.orderNo, u.orderKey, u.status, u.lastEventAt, now, now]));
  // A return stored before order keys existed gets its key from its own order number (its events' spelling may differ).
  const legacy = shipments.flatMap((row) => {
    const orderKey = row.orderNo && !row.orderKey ? canonicalOrderNumber(row.orderNo) : null;
    return orderKey ? [{ id: row.id, orderKey }] : [];
  });
  await writer.setOrderKeys(legacy);
  return fresh.length;
}

const placeholders = (columns: string) =>
  `(${columns
    .split(",")
    .map(() => "?")
    .join(", ")})`;

/** Each statement prepared once and run per row on the database thread (docs/decisions/006). */
function sqliteWriter(tx: SqlTransaction): ChunkWriter {
  return {
    async insertEvents(rows) {
      const result = await tx.each(`INSERT INTO "TrackingEvent" (${EVENT_COLUMNS}) VALUES ${placeholders(EVENT_COLUMNS)} ${INSERT_EVENTS_TAIL}`, rows);
      return result.rows.map((row) => String(row[0]));
    },
    async upsertShipments(rows) {
      const result = await tx.each(`INSERT INTO "ReturnShipment" (${SHIPMENT_COLUMNS}) VALUES ${placeholders(SHIPMENT_COLUMNS)} ${UPSERT_SHIPMENTS_TAIL}`, rows);
      return result.rows.map((row) => ({ id: String(row[0]), orderNo: (row[1] as string | null) ?? null, orderKey: (row[2] as string | null) ?? null }));
    },
    async setOrderKeys(rows) {
      await tx.each(
        `UPDATE "ReturnShipment" SET "orderKey" = ? WHERE "id" = ?`,
        rows.map((row) => [row.orderKey, row.id]),
      );
    },
  };
}

/**
 * The same statements as multi-row VALUES through Prisma: the Postgres path,
 * run by every tracking test of the Postgres run (docs/decisions/011).
 */
function prismaWriter(tx: Prisma.TransactionClient): ChunkWriter {
  const values = (rows: InValue[][]) => Prisma.join(rows.map((row) => Prisma.sql`(${Prisma.join(row)})`));
  return {
    async insertEvents(rows) {
      const inserted = await tx.$queryRaw<{ dedupeKey: string }[]>(Prisma.sql`INSERT INTO "TrackingEvent" (${Prisma.raw(EVENT_COLUMNS)}) VALUES ${values(rows)} ${Prisma.raw(INSERT_EVENTS_TAIL)}`);
      return inserted.map((row) => row.dedupeKey);
    },
    async upsertShipments(rows) {
      if (rows.length === 0) return [];
      return tx.$queryRaw(Prisma.sql`INSERT INTO "ReturnShipment" (${Prisma.raw(SHIPMENT_COLUMNS)}) VALUES ${values(rows)} ${Prisma.raw(UPSERT_SHIPMENTS_TAIL)}`);
    },
    async setOrderKeys(rows) {
      for (const row of rows) await tx.returnShipment.update({ where: { id: row.id }, data: { orderKey: row.orderKey } });
    },
  };
}

/**
 * Fills in the canonical order number of rows stored before it existed, so a
 * match by order never misses them. Cheap once done: the index finds none.
 */
export async function backfillOrderKeys(tx: Pick<Prisma.TransactionClient, "trackingEvent" | "returnShipment">, shop: string) {
  const events = await tx.trackingEvent.findMany({ where: { shop, orderKey: null, orderNo: { not: null } }, select: { id: true, orderNo: true } });
  for (const event of events) {
    await tx.trackingEvent.update({ where: { id: event.id }, data: { orderKey: canonicalOrderNumber(event.orderNo) } });
  }
  const returns = await tx.returnShipment.findMany({ where: { shop, orderKey: null, orderNo: { not: null } }, select: { id: true, orderNo: true } });
  for (const shipment of returns) {
    await tx.returnShipment.update({ where: { id: shipment.id }, data: { orderKey: canonicalOrderNumber(shipment.orderNo) } });
  }
  return events.length + returns.length;
}

export async function recentTrackingEvents(shop: string, take = 10) {
  const events = await db.trackingEvent.findMany({ where: { shop }, orderBy: { receivedAt: "desc" }, take });
  return events.map((event) => ({
    id: event.id,
    consignmentNo: event.consignmentNo,
    orderNo: event.orderNo,
    code: event.code,
    kind: event.kind,
    label: event.label,
    eventAt: event.eventAt,
    itemNo: event.itemNo,
    receivedAt: event.receivedAt.toISOString(),
  }));
}
