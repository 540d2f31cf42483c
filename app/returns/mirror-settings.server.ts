/**
 * The merchant's choice to have SEKO's live returns written into Shopify as native returns, and what
 * the app does when a parcel is delivered back (prisma/schema.prisma, ReturnMirrorSettings). Off until
 * the merchant turns it on in Settings; the app never refunds unless `onDelivered` is "refund".
 */
import { z } from "zod";
import { refreshGrantedScopes } from "~/integration/summary.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { stockLocations } from "~/shopify/locations.server";
import { RETURNS_SCOPE } from "~/shopify/returns.server";
import { recordActivity } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import { log } from "~/utils/logger.server";

export const ON_DELIVERED = ["leave", "restock", "refund"] as const;
export type OnDelivered = (typeof ON_DELIVERED)[number];

export type MirrorSettings = {
  enabled: boolean;
  onDelivered: OnDelivered;
  restockLocationId: string | null;
  updatedBy: string | null;
  updatedAt: Date | null;
};

/** A Shopify location's global id: the only place the app ever restocks to. */
const LOCATION_ID = /^gid:\/\/shopify\/Location\/\d+$/;

export const mirrorSettingsInput = z
  .object({
    enabled: z.boolean(),
    onDelivered: z.enum(ON_DELIVERED),
    restockLocationId: z.string().regex(LOCATION_ID, "Choose a location from the list.").nullable(),
  })
  .superRefine((input, context) => {
    if (input.onDelivered === "restock" && !input.restockLocationId) {
      context.addIssue({ code: "custom", path: ["restockLocationId"], message: "Choose the location to restock returned items at." });
    }
  })
  // A location only means something for "restock": any other choice stores none.
  .transform((input) => ({ ...input, restockLocationId: input.onDelivered === "restock" ? input.restockLocationId : null }));

export type MirrorSettingsInput = z.input<typeof mirrorSettingsInput>;

const DEFAULTS: MirrorSettings = { enabled: false, onDelivered: "leave", restockLocationId: null, updatedBy: null, updatedAt: null };

function onDeliveredOf(value: string): OnDelivered {
  return (ON_DELIVERED as readonly string[]).includes(value) ? (value as OnDelivered) : "leave";
}

const WHEN_BACK: Record<OnDelivered, string> = {
  leave: "parcels back left for staff",
  restock: "parcels back restocked",
  refund: "parcels back processed with a refund",
};

function activityText(settings: { enabled: boolean; onDelivered: OnDelivered }) {
  return `Returns in Shopify turned ${settings.enabled ? "on" : "off"}; ${WHEN_BACK[settings.onDelivered]}`;
}

/** The shop's setting; off, "leave" and no location when it was never saved. */
export async function getMirrorSettings(shop: string): Promise<MirrorSettings> {
  const row = await db.returnMirrorSettings.findUnique({ where: { shop } });
  if (!row) return { ...DEFAULTS };
  // A stored value the app no longer knows reads as the safe default: leave it for staff.
  const onDelivered = onDeliveredOf(row.onDelivered);
  return {
    enabled: row.enabled,
    onDelivered,
    restockLocationId: onDelivered === "restock" ? row.restockLocationId : null,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}

/**
 * Saves the shop's setting as `by` (a staff member's id) chose it. Throws a ZodError for input the
 * schema refuses ("restock" without a location, an unknown choice): callers validate the form first.
 */
export async function saveMirrorSettings(shop: string, input: MirrorSettingsInput, by: string): Promise<MirrorSettings> {
  const data = mirrorSettingsInput.parse(input);
  const row = await db.$transaction(async (tx) => {
    const saved = await tx.returnMirrorSettings.upsert({ where: { shop }, create: { shop, ...data, updatedBy: by }, update: { ...data, updatedBy: by } });
    await recordActivity(shop, { kind: "returns-in-shopify.saved", actor: by, action: activityText(data), detail: data.restockLocationId }, tx);
    return saved;
  });
  return { enabled: row.enabled, onDelivered: onDeliveredOf(row.onDelivered), restockLocationId: row.restockLocationId, updatedBy: row.updatedBy, updatedAt: row.updatedAt };
}

/** Settings' "Returns in Shopify" form as posted: a checkbox, a choice and (for "restock") a location. */
export const mirrorSettingsForm = z.object({
  enabled: z.boolean().default(false),
  onDelivered: z.enum(ON_DELIVERED, { message: "Choose what happens when a parcel is back." }),
  restockLocationId: z.string().max(200).optional(),
});

export type MirrorSettingsAnswer = { ok: true; settings: MirrorSettings } | { ok: false; fieldErrors: Record<string, string> };

/**
 * Saves the form once Shopify confirms what it allows: turning the setting on needs the returns
 * scope granted, read again from Shopify (never what the browser says), and a restock location
 * must be one of the shop's active locations. Anything refused saves nothing.
 */
export async function applyMirrorSettings(shop: string, graphql: AdminGraphql, form: z.output<typeof mirrorSettingsForm>, by: string): Promise<MirrorSettingsAnswer> {
  const input = { enabled: form.enabled, onDelivered: form.onDelivered, restockLocationId: form.onDelivered === "restock" ? (form.restockLocationId ?? null) : null };
  try {
    if (input.enabled && !(await refreshGrantedScopes(shop, graphql)).includes(RETURNS_SCOPE)) {
      return { ok: false, fieldErrors: { enabled: "Shopify has not granted this app access to returns, so the setting stays off. Select Save again and allow access when Shopify asks." } };
    }
    if (input.onDelivered === "restock") {
      if (!input.restockLocationId) return { ok: false, fieldErrors: { restockLocationId: "Choose the location to restock returned items at." } };
      const locations = await stockLocations(graphql);
      if (!locations.some((location) => location.id === input.restockLocationId)) {
        return { ok: false, fieldErrors: { restockLocationId: "That location is not one of your active locations: choose one from the list." } };
      }
    }
  } catch (error) {
    // Shopify unreachable or refusing: nothing it has not confirmed is saved.
    log.warn("returns in shopify: Shopify could not confirm the setting", { shop, error: error instanceof Error ? error.message : String(error) });
    return { ok: false, fieldErrors: { "": "Shopify did not answer, so nothing was saved. Try again in a minute." } };
  }
  return { ok: true, settings: await saveMirrorSettings(shop, input, by) };
}
