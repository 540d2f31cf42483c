/**
 * OmniRPS' return tracking statuses (docs/seko.md, "Tracking statuses"), in the order a
 * return moves through them. Tracking ends at RDTPF for returns not processed
 * through OmniRPS, so the statuses after it reach only those customers.
 */
export const TRACKING_STATUSES = [
  { code: "RC", label: "Return Created", meaning: "The return label was created (portal or API).", omniRpsOnly: false },
  { code: "RT", label: "Return in Transit", meaning: "The first-mile carrier has the parcel.", omniRpsOnly: false },
  { code: "RDTPF", label: "Transferred to processing facility", meaning: "The parcel reached the first-mile destination.", omniRpsOnly: false },
  { code: "DS", label: "Depot Scan", meaning: "Received at a SEKO hub.", omniRpsOnly: true },
  { code: "RP", label: "Return Processed", meaning: "Opened, items confirmed, consolidated.", omniRpsOnly: true },
  { code: "RE", label: "Return Exported", meaning: "The consolidated shipment was sent to you.", omniRpsOnly: true },
  { code: "RDBTC", label: "Delivered Back To Retailer", meaning: "The return arrived back with you.", omniRpsOnly: true },
  { code: "RR", label: "Return Rejected", meaning: "Rejected during hub processing.", omniRpsOnly: true },
] as const;

export type TrackingStatusCode = (typeof TRACKING_STATUSES)[number]["code"];

export function isTrackingStatus(code: string): code is TrackingStatusCode {
  return TRACKING_STATUSES.some((status) => status.code === code);
}
