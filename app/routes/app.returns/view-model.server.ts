import { z } from "zod";
import { goLiveState } from "~/launch/go-live.server";
import { ATTENTION_STATES, DEFAULT_STUCK_DAYS, liveReturns, type LiveReturnRow, type LiveReturnsFilter } from "~/returns/live-returns.server";
import { getMirrorSettings } from "~/returns/mirror-settings.server";
import { RETURN_STATUSES, isReturnStatusCode, type ReturnStatusCode } from "~/seko/return-statuses";

const STATUS_CODES = Object.keys(RETURN_STATUSES) as [ReturnStatusCode, ...ReturnStatusCode[]];

/**
 * The page's filters from its URL. Anything not understood (an unknown status, a country that is
 * not two letters, a page that is not a number) is no filter rather than an error: a stale or
 * hand-edited link still opens the page.
 */
const filterParams = z.object({
  status: z.enum(STATUS_CODES).optional().catch(undefined),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .catch(undefined),
  stuck: z.literal("1").optional().catch(undefined),
  attention: z.literal("1").optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export function filterFrom(url: URL): { filter: LiveReturnsFilter; page: number } {
  const params = filterParams.parse(Object.fromEntries(url.searchParams));
  return {
    filter: { status: params.status, country: params.country, stuck: params.stuck === "1" || undefined, attention: params.attention === "1" || undefined },
    page: params.page ?? 1,
  };
}

/** The Shopify side of a row, in words: what was written, or "Off" while the merchant has not turned it on. */
export const SHOPIFY_STATE_LABELS: Record<string, string> = {
  waiting: "Waiting for SEKO's items",
  unmatched: "Not matched",
  failed: "Failed",
  open: "Open",
  in_transit: "In transit",
  received: "Received",
  processed: "Processed",
  rejected: "Rejected by SEKO: open for staff",
  closed: "Closed",
};

/** `shopify:admin/orders/<numeric id>`: the order in Shopify admin, from its global id; null for anything else. */
export function adminOrderUrl(orderId: string | null): string | null {
  const id = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(orderId ?? "")?.[1];
  return id ? `shopify:admin/orders/${id}` : null;
}

function rowView(row: LiveReturnRow, enabled: boolean) {
  const mirrored = enabled ? row.shopify : null;
  const attention = mirrored !== null && (ATTENTION_STATES as readonly string[]).includes(mirrored.state);
  return {
    consignmentNo: row.consignmentNo,
    orderNo: row.orderNo,
    // Shopify's name for the order where known, else the number as SEKO wrote it.
    order: row.orderName ?? row.orderNo,
    orderUrl: adminOrderUrl(row.orderId),
    country: row.country,
    seko: isReturnStatusCode(row.status) ? `${RETURN_STATUSES[row.status].label} (${row.status})` : (row.status ?? "No status yet"),
    lastEventAt: row.lastEventAt,
    shopify: !enabled ? "Off" : mirrored ? (SHOPIFY_STATE_LABELS[mirrored.state] ?? mirrored.state) : "Not written yet",
    attention,
    // Why it is unmatched or failed (or rejected), for the merchant to act on.
    reason: mirrored ? (mirrored.reason ?? mirrored.lastError) : null,
  };
}

export type ReturnsPageRow = ReturnType<typeof rowView>;

/** The Returns page: one page of live returns with SEKO's status and Shopify's state side by side, and what to filter by. */
export async function returnsPageView(shop: string, url: URL) {
  const { filter, page } = filterFrom(url);
  const [live, settings] = await Promise.all([goLiveState(shop), getMirrorSettings(shop)]);
  const stuckDays = live.stuckDays ?? DEFAULT_STUCK_DAYS;
  const result = await liveReturns(shop, filter, { page, stuckDays });
  return {
    filter,
    page: result.page,
    pages: result.pages,
    total: result.total,
    countries: result.countries,
    statuses: STATUS_CODES.map((code) => ({ code, label: RETURN_STATUSES[code].label })),
    stuckDays,
    enabled: settings.enabled,
    rows: result.rows.map((row) => rowView(row, settings.enabled)),
  };
}
