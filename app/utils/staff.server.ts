import { z } from "zod";
import { db } from "./db.server";
import { log } from "./logger.server";

/**
 * The staff a shop's records name, by Shopify user id. Session tokens carry only the id (`sub`);
 * the online access token Shopify issues by token exchange carries the associated user's name
 * and email, so each time one is obtained (first visit of a person, then about daily) the entry
 * is refreshed here. Kept on the shop's row: a few people per shop, erased with it by shop/redact.
 */
/** Work the app does on its own (background jobs): no person to name. */
export const APP_ACTOR = "app";
/** What SEKO did: its tracking statuses, a hand-over link it opened. */
export const SEKO_ACTOR = "SEKO";

/**
 * The staff user behind an admin request. Records keep the session token's `sub` (the Shopify user
 * id); pages name the person through {@link staffDirectory}, never from the id alone. Someone not
 * seen that way yet shows as "Staff <id>".
 */
export type Staff = { id: string };

export function staffFrom(sessionToken: { sub?: string } | undefined): Staff {
  return { id: sessionToken?.sub ?? "unknown" };
}

/** The email a test may go to: the person's own, as Shopify vouches for it, or why there is none. */
export type StaffEmail = { ok: true; email: string } | { ok: false; message: string };

/**
 * The email of the person at the screen, for "send a test to me": the online access token's user
 * email, only when Shopify says it is verified (its `email_verified`). Never a typed or stored
 * address instead: a test goes only where the requester has shown they read mail. Shopify tells
 * the app again when it issues the next online token (about daily).
 */
export function verifiedStaffEmail(session: { onlineAccessInfo?: { associated_user?: { email?: string | null; email_verified?: boolean | null } } | null }): StaffEmail {
  const user = session.onlineAccessInfo?.associated_user;
  const email = user?.email?.trim();
  if (!user || !email) {
    return {
      ok: false,
      message:
        "Shopify has not told the app your email address, so no test can be sent. Reload the app from your Shopify admin and try again; if this stays, check that your Shopify account has an email.",
    };
  }
  if (user.email_verified !== true) {
    return {
      ok: false,
      message: `Shopify says your email ${email} is not verified yet, so no test is sent to it. Verify it in your Shopify account settings; the app learns of it when Shopify next signs you in to the app (within a day).`,
    };
  }
  return { ok: true, email };
}

export type KnownStaff = { name: string; email: string | null };

const stored = z.record(z.string(), z.object({ name: z.string(), email: z.string().nullable() }));

/** The fields of Shopify's `associated_user` we keep. */
export type AssociatedUser = { id: number | string; first_name?: string | null; last_name?: string | null; email?: string | null };

export async function rememberStaff(shop: string, user: AssociatedUser) {
  const name = [user.first_name, user.last_name]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(" ");
  const email = user.email?.trim() || null;
  if (!name && !email) return;
  const entry: KnownStaff = { name, email };
  // Read and write in one transaction: two people opening the app at once must not drop each other.
  await db.$transaction(async (tx) => {
    const row = await tx.shop.findUnique({ where: { shop }, select: { staff: true } });
    const staff = { ...parseStaff(shop, row?.staff), [String(user.id)]: entry };
    await tx.shop.upsert({ where: { shop }, create: { shop, staff: JSON.stringify(staff) }, update: { staff: JSON.stringify(staff) } });
  });
}

export async function knownStaff(shop: string): Promise<Record<string, KnownStaff>> {
  const row = await db.shop.findUnique({ where: { shop }, select: { staff: true } });
  return parseStaff(shop, row?.staff);
}

function parseStaff(shop: string, text: string | undefined): Record<string, KnownStaff> {
  if (!text) return {};
  try {
    const parsed = stored.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: a damaged list only costs names until the next online token
  }
  log.warn("staff: stored list unreadable; starting again", { shop });
  return {};
}

/** "Ana Returns (ana@example.com)" when the person is known, else "Staff <id>". */
export function staffLabel(id: string, known: Record<string, KnownStaff> = {}): string {
  if (id === SEKO_ACTOR) return "SEKO";
  if (id === APP_ACTOR) return "SEKO Returns app";
  const person = known[id];
  if (!person) return `Staff ${id}`;
  if (!person.name) return person.email ?? `Staff ${id}`;
  return person.email ? `${person.name} (${person.email})` : person.name;
}

export type StaffDirectory = Awaited<ReturnType<typeof staffDirectory>>;

/** The shop's staff labeller: one read, then `label(id)` for every record on the page. */
export async function staffDirectory(shop: string) {
  const known = await knownStaff(shop);
  return {
    label: (id: string) => staffLabel(id, known),
    /** The person as data, for the JSON sent to SEKO. */
    person: (id: string) => ({ id, name: known[id]?.name || null, email: known[id]?.email ?? null }),
  };
}
