import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { Prisma } from "@prisma/client";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { log } from "~/utils/logger.server";
import { canonicalOrderNumber } from "./order-number";
import { statusAfter, type TrackingBatch } from "./tracking";

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/**
 * The per-shop endpoint SEKO posts Return Tracking-Status events to. The URL
 * carries an unguessable token; SEKO also sends the Username/Password headers
 * the merchant configured in OmniRPS. The password is shown once, stored as a
 * scrypt hash, and can only be rotated.
 */
export function trackingUrl(token: string) {
  return `${env().SHOPIFY_APP_URL}/seko/tracking/${token}`;
}

export async function getTrackingEndpoint(shop: string) {
  const endpoint = await db.trackingEndpoint.findUnique({ where: { shop } });
  return endpoint
    ? { url: trackingUrl(endpoint.token), username: endpoint.username, rotatedAt: endpoint.rotatedAt.toISOString() }
    : null;
}

async function hash(password: string, salt = randomBytes(16)) {
  const derived = await scrypt(password, salt, 32);
  return `scrypt.${salt.toString("base64url")}.${derived.toString("base64url")}`;
}

async function matches(password: string, stored: string) {
  const [scheme, salt, expected] = stored.split(".");
  if (scheme !== "scrypt" || !salt || !expected) return false;
  const actual = Buffer.from((await hash(password, Buffer.from(salt, "base64url"))).split(".")[2]!, "base64url");
  const wanted = Buffer.from(expected, "base64url");
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

/** New URL token, username and password; the old ones stop working at once. */
export async function rotateTrackingCredentials(shop: string) {
  const token = randomBytes(24).toString("base64url");
  const username = `seko-${randomBytes(4).toString("hex")}`;
  const password = randomBytes(18).toString("base64url");
  const passwordHash = await hash(password);
  await db.trackingEndpoint.upsert({
    where: { shop },
    create: { shop, token, username, passwordHash },
    update: { token, username, passwordHash, rotatedAt: new Date() },
  });
  return { url: trackingUrl(token), username, password };
}

/** The shop a delivery belongs to, or null when the URL or the credentials are wrong. */
export async function authenticateTrackingDelivery(token: string, headers: Headers): Promise<string | null> {
  const endpoint = await db.trackingEndpoint.findUnique({ where: { token } });
  const username = headers.get("username") ?? "";
  const password = headers.get("password") ?? "";
  // Hash even for an unknown token, so timing does not reveal which tokens exist.
  const passwordOk = await matches(password, endpoint?.passwordHash ?? "scrypt.AAAAAAAAAAAAAAAAAAAAAA.AAAA");
  if (!endpoint || !passwordOk || username.length !== endpoint.username.length) return null;
  return timingSafeEqual(Buffer.from(username), Buffer.from(endpoint.username)) ? endpoint.shop : null;
}

/**
 * Stores a batch in one transaction, before the receiver answers 200. An
 * event already stored (same dedupe key) is skipped; each return's status
 * only moves forward, whatever order events arrive in.
 */
export async function storeTrackingEvents(shop: string, batch: TrackingBatch) {
  let stored = 0;
  await db.$transaction(async (tx) => {
    const fresh = [];
    for (const event of batch.events) {
      const exists = await tx.trackingEvent.findUnique({ where: { shop_dedupeKey: { shop, dedupeKey: event.dedupeKey } } });
      if (exists) continue;
      await tx.trackingEvent.create({
        data: {
          shop,
          dedupeKey: event.dedupeKey,
          consignmentNo: event.consignmentNo,
          trackingNo: event.trackingNo ?? null,
          orderNo: event.orderNo ?? null,
          orderKey: event.orderKey ?? null,
          code: event.code,
          kind: event.kind,
          label: event.label,
          carrier: event.carrier ?? null,
          eventAt: event.eventAt,
          itemNo: event.itemNo ?? null,
          returnReason: event.returnReason ?? null,
          returnAction: event.returnAction ?? null,
          raw: JSON.stringify(event.raw),
        },
      });
      fresh.push(event);
    }
    stored = fresh.length;
    const byConsignment = Map.groupBy(fresh, (event) => event.consignmentNo);
    for (const [consignmentNo, events] of byConsignment) {
      const current = await tx.returnShipment.findUnique({ where: { shop_consignmentNo: { shop, consignmentNo } } });
      const latest = events.reduce((a, b) => (a.eventAt >= b.eventAt ? a : b));
      const lastEventAt = current?.lastEventAt && current.lastEventAt > latest.eventAt ? current.lastEventAt : latest.eventAt;
      const withOrder = current?.orderNo ? null : (events.find((event) => event.orderNo) ?? null);
      const data = {
        status: statusAfter(current?.status, events),
        lastEventAt,
        trackingNo: current?.trackingNo ?? latest.trackingNo ?? null,
        // The order is the one the return was first seen with; its key always follows from it.
        orderNo: current?.orderNo ?? withOrder?.orderNo ?? null,
        orderKey: current?.orderNo ? canonicalOrderNumber(current.orderNo) : (withOrder?.orderKey ?? null),
      };
      await tx.returnShipment.upsert({
        where: { shop_consignmentNo: { shop, consignmentNo } },
        create: { shop, consignmentNo, ...data },
        update: data,
      });
    }
  });
  if (batch.rejected.length) log.warn("seko tracking: events rejected", { shop, rejected: batch.rejected });
  return { stored, duplicates: batch.events.length - stored + batch.duplicates, rejected: batch.rejected.length };
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
