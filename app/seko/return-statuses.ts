/**
 * SEKO's return statuses and the order a return moves through them (docs/seko.md 4). Pure and without
 * zod: admin pages show these labels in the browser (Settings, the notification steps), and the
 * tracking webhook's parser (./tracking.ts) would take its schemas into each of them.
 */

/** docs/seko.md 4. `order` ranks the happy path; RR ends a return from any earlier state. */
export const RETURN_STATUSES = {
  RC: { label: "Return Created", order: 1, terminal: false },
  RT: { label: "Return in Transit", order: 2, terminal: false },
  RDTPF: { label: "Transferred to Sorting Facility", order: 3, terminal: false },
  DS: { label: "Depot Scan", order: 4, terminal: false },
  RP: { label: "Return Processed", order: 5, terminal: false },
  RE: { label: "Return Exported", order: 6, terminal: false },
  RDBTC: { label: "Delivered Back To Retailer", order: 7, terminal: true },
  RR: { label: "Return Rejected", order: 8, terminal: true },
} as const;

export type ReturnStatusCode = keyof typeof RETURN_STATUSES;

export function isReturnStatusCode(code: string | null | undefined): code is ReturnStatusCode {
  return typeof code === "string" && Object.hasOwn(RETURN_STATUSES, code);
}

/**
 * The status a return moves to when `incoming` arrives. Events arrive late
 * and out of order (SEKO retries a failed delivery after 60 min, 24 h, 48 h),
 * so a return never moves backwards, never leaves a terminal state, and
 * carrier (OP-n) or unknown codes never move it at all.
 */
export function advance(current: string | null | undefined, incoming: string | null | undefined): ReturnStatusCode | null {
  const from = isReturnStatusCode(current) ? current : null;
  const to = incoming?.trim().toUpperCase();
  if (!isReturnStatusCode(to)) return from;
  if (from === null) return to;
  if (RETURN_STATUSES[from].terminal) return from;
  if (RETURN_STATUSES[to].terminal) return to;
  return RETURN_STATUSES[to].order > RETURN_STATUSES[from].order ? to : from;
}
