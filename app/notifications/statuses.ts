import { RETURN_STATUSES } from "~/seko/return-statuses";

/**
 * OmniRPS' return tracking statuses (docs/seko.md, "Tracking statuses"), in the order a
 * return moves through them. Tracking ends at RDTPF for returns not processed
 * through OmniRPS, so the statuses after it reach only those customers.
 * Names come from RETURN_STATUSES (app/seko/return-statuses.ts), the one table of status names.
 */
export const TRACKING_STATUSES = [
  { code: "RC", label: RETURN_STATUSES.RC.label, meaning: "The return label was created (portal or API).", omniRpsOnly: false },
  { code: "RT", label: RETURN_STATUSES.RT.label, meaning: "The first-mile carrier has the parcel.", omniRpsOnly: false },
  { code: "RDTPF", label: RETURN_STATUSES.RDTPF.label, meaning: "The parcel reached the first-mile destination.", omniRpsOnly: false },
  { code: "DS", label: RETURN_STATUSES.DS.label, meaning: "Received at a SEKO hub.", omniRpsOnly: true },
  { code: "RP", label: RETURN_STATUSES.RP.label, meaning: "Opened, items confirmed, consolidated.", omniRpsOnly: true },
  { code: "RE", label: RETURN_STATUSES.RE.label, meaning: "The consolidated shipment was sent to you.", omniRpsOnly: true },
  { code: "RDBTC", label: RETURN_STATUSES.RDBTC.label, meaning: "The return arrived back with you.", omniRpsOnly: true },
  { code: "RR", label: RETURN_STATUSES.RR.label, meaning: "Rejected during hub processing.", omniRpsOnly: true },
] as const;

export type TrackingStatusCode = (typeof TRACKING_STATUSES)[number]["code"];

export function isTrackingStatus(code: string): code is TrackingStatusCode {
  return TRACKING_STATUSES.some((status) => status.code === code);
}

/** The last status every return reaches; the ones after it are OmniRPS only. */
export const LAST_STATUS_FOR_EVERY_RETURN = TRACKING_STATUSES.filter((status) => !status.omniRpsOnly).at(-1)!;
