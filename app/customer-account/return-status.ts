/**
 * The return status a customer sees on their order: the latest of the order's returns as the
 * tracking events stored them (ReturnShipment rows), test returns left out. Pure.
 */
import { isReturnStatusCode, RETURN_STATUSES, type ReturnStatusCode } from "~/seko/return-statuses";

export type ShipmentRow = { consignmentNo: string; trackingNo: string | null; status: string | null; lastEventAt: string | null };

export type CustomerReturnStatus = {
  /** OmniRPS code (docs/seko.md 4); the extension words it in the customer's language. */
  code: ReturnStatusCode;
  /** SEKO's English name, for logs and for a locale that lacks the code. */
  label: string;
  /** SEKO's local "YYYY-MM-DD HH:mm:ss" of the latest event, as sent. */
  lastEventAt: string | null;
  trackingNo: string | null;
  /** The customer's tracking page; null while SEKO's public tracking address format is unknown. */
  trackingUrl: string | null;
};

/** The status of the order's most recent return; null when it has none (or only test returns). */
export function customerReturnStatus(rows: ShipmentRow[], testConsignments: ReadonlySet<string>): CustomerReturnStatus | null {
  const live = rows.filter((row) => !testConsignments.has(row.consignmentNo) && isReturnStatusCode(row.status));
  const latest = live.sort((a, b) => (b.lastEventAt ?? "").localeCompare(a.lastEventAt ?? ""))[0];
  if (!latest || !isReturnStatusCode(latest.status)) return null;
  return {
    code: latest.status,
    label: RETURN_STATUSES[latest.status].label,
    lastEventAt: latest.lastEventAt,
    trackingNo: latest.trackingNo,
    trackingUrl: null,
  };
}
