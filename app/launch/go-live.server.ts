/**
 * Step 10's records: the go-live date proposed and agreed, the customer-service
 * procedure acknowledged, the moment returns went live, and what after go-live reads
 * (the storefront, the customer-account endpoint, Home). The gate is app/guide/go-live.server.ts.
 */
import type { GoLive } from "@prisma/client";
import { z } from "zod";
import type { DeliveryStatus } from "~/outbox/submissions.server";
import { recordActivity } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import { staffDirectory } from "~/utils/staff.server";
import { formatDate } from "~/utils/format-date";
import { shopDateSetting } from "~/utils/shop-dates.server";
import { agreedHow, sendAgreedDate } from "./agreed-date.server";
import { EMPTY_GO_LIVE, type GoLiveRecord } from "./go-live-record";

function toRecord(row: GoLive | null): GoLiveRecord {
  if (!row) return EMPTY_GO_LIVE;
  return {
    proposedDate: row.proposedDate,
    proposedBy: row.proposedBy,
    agreedDate: row.agreedDate,
    confirmedVia: row.confirmedVia === "seko" || row.confirmedVia === "merchant" ? row.confirmedVia : null,
    confirmedBy: row.confirmedBy,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    sopUrl: row.sopUrl,
    sopAckBy: row.sopAckBy,
    sopAckAt: row.sopAckAt?.toISOString() ?? null,
    liveAt: row.liveAt?.toISOString() ?? null,
    liveBy: row.liveBy,
  };
}

export async function goLiveRecord(shop: string): Promise<GoLiveRecord> {
  return toRecord(await db.goLive.findUnique({ where: { shop } }));
}

export type GoLiveState = {
  live: boolean;
  liveAt: string | null;
  agreedDate: string | null;
  /** The overview's saved "no news for N days" threshold; null while never saved. */
  stuckDays: number | null;
  /** What the admin's App Bridge last said about the live theme ({@link storefrontPlacement}). */
  storefrontPlaced: boolean | null;
};

/**
 * Whether returns are live for a shop: true from the moment someone pressed
 * "Go live" on step 10 (the gate passed then). What the storefront link and
 * anything else that must wait for go-live reads.
 */
export async function goLiveState(shop: string): Promise<GoLiveState> {
  const row = await db.goLive.findUnique({ where: { shop }, select: { liveAt: true, agreedDate: true, stuckDays: true, storefrontPlaced: true } });
  return {
    live: Boolean(row?.liveAt),
    liveAt: row?.liveAt?.toISOString() ?? null,
    agreedDate: row?.agreedDate ?? null,
    stuckDays: row?.stuckDays ?? null,
    storefrontPlaced: row?.storefrontPlaced ?? null,
  };
}

/**
 * What the admin's App Bridge last said about the live theme (true: the returns
 * link is placed; null: no admin page has asked yet). Setup health after
 * go-live and the gate, when the browser did not say, read it.
 */
export async function storefrontPlacement(shop: string): Promise<boolean | null> {
  const row = await db.goLive.findUnique({ where: { shop }, select: { storefrontPlaced: true } });
  return row?.storefrontPlaced ?? null;
}

export const placementInput = z.object({ placed: z.enum(["yes", "no"], "Say whether the returns link is placed (yes or no)") });

/** Records what App Bridge reported about the live theme (posted by the admin pages that ask it). */
export async function recordStorefrontPlacement(shop: string, placed: boolean, now = new Date()) {
  await db.goLive.upsert({
    where: { shop },
    create: { shop, storefrontPlaced: placed, storefrontCheckedAt: now },
    update: { storefrontPlaced: placed, storefrontCheckedAt: now },
  });
}

/** The returns overview's "no news for N days" threshold: 1 to 90 days. */
export const stuckDaysInput = z.object({ stuckDays: z.coerce.number("Enter a number of days").int("Enter whole days").min(1, "At least 1 day").max(90, "At most 90 days") });

export async function saveStuckDays(shop: string, stuckDays: number, by: string) {
  await db.goLive.upsert({ where: { shop }, create: { shop, stuckDays }, update: { stuckDays } });
  await recordActivity(shop, { kind: "go-live", actor: by, action: `Returns with no news for ${stuckDays} days now count as stuck` });
}

/** The date is settled once returns are live: proposing or agreeing another one then changes nothing and answers false. */
export async function proposeDate(shop: string, date: string, by: string): Promise<boolean> {
  if (await liveSince(shop)) return false;
  await db.goLive.upsert({
    where: { shop },
    create: { shop, proposedDate: date, proposedBy: by, proposedAt: new Date() },
    update: { proposedDate: date, proposedBy: by, proposedAt: new Date(), agreedDate: null, confirmedVia: null, confirmedBy: null, confirmedAt: null },
  });
  await recordActivity(shop, { kind: "go-live", actor: by, action: `Proposed ${formatDate(date, "date", await shopDateSetting(shop))} as the go-live date` });
  return true;
}

/** The outcome of agreeing a date: refused once live; otherwise whether it was already agreed and, if not, how its email to SEKO went. */
export type DateAgreement = { ok: false } | { ok: true; repeated: true; delivery: null } | { ok: true; repeated: false; delivery: DeliveryStatus };

/**
 * SEKO's confirmation, recorded by the merchant on SEKO's word or by SEKO; SEKO may agree another date.
 * A new agreement is logged and sent to SEKO as a submission (app/launch/agreed-date.server.ts); the
 * date already agreed changes nothing and sends nothing again. Refused once returns are live.
 */
export async function confirmDate(shop: string, date: string, via: "seko" | "merchant", by: string, at = new Date()): Promise<DateAgreement> {
  if (await liveSince(shop)) return { ok: false };
  await db.goLive.upsert({ where: { shop }, create: { shop, proposedDate: date }, update: {} });
  // One conditional write decides: two presses at once agree (and send) the date once, and never after go-live.
  const { count } = await db.goLive.updateMany({
    where: { shop, liveAt: null, OR: [{ agreedDate: null }, { agreedDate: { not: date } }] },
    data: { agreedDate: date, confirmedVia: via, confirmedBy: by, confirmedAt: at },
  });
  if (!count) return (await liveSince(shop)) ? { ok: false } : { ok: true, repeated: true, delivery: null };
  await recordActivity(shop, { kind: "go-live", actor: by, action: `Go-live date ${formatDate(date, "date", await shopDateSetting(shop))} agreed`, detail: agreedHow(via) });
  const sent = await sendAgreedDate(shop, { date, via, by, at }, await staffDirectory(shop));
  return { ok: true, repeated: false, delivery: sent.status };
}

export async function setProcedure(shop: string, sopUrl: string, by: string) {
  await db.goLive.upsert({ where: { shop }, create: { shop, sopUrl }, update: { sopUrl, sopAckAt: null, sopAckBy: null } });
  await recordActivity(shop, { kind: "go-live", actor: by, action: "Set the customer-service procedure link", detail: sopUrl });
}

export async function acknowledgeProcedure(shop: string, by: string) {
  const { count } = await db.goLive.updateMany({ where: { shop, sopUrl: { not: null } }, data: { sopAckAt: new Date(), sopAckBy: by } });
  if (count) await recordActivity(shop, { kind: "go-live", actor: by, action: "Acknowledged the customer-service procedure" });
  return count > 0;
}

/** Records the moment returns went live and who did it; false when they already were. */
export async function markLive(shop: string, by: string, now: Date): Promise<boolean> {
  const { count } = await db.goLive.updateMany({ where: { shop, liveAt: null }, data: { liveAt: now, liveBy: by } });
  if (count) await recordActivity(shop, { kind: "go-live", actor: by, action: "Returns went live" });
  return count > 0;
}

/** Whether returns are live, and since when; Home's setup health reads it. */
export async function liveSince(shop: string): Promise<Date | null> {
  return (await db.goLive.findUnique({ where: { shop }, select: { liveAt: true } }))?.liveAt ?? null;
}
