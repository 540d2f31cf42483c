/**
 * The one network call of the extension: the app's endpoint with the customer's session token.
 * The answer is checked before use: anything unexpected reads as "nothing to show".
 */
import { RETURNS_ENDPOINT } from "./app-url";

export type ReturnStatusCode = "RC" | "RT" | "RDTPF" | "DS" | "RP" | "RE" | "RDBTC" | "RR";
export const STATUS_CODES: readonly ReturnStatusCode[] = ["RC", "RT", "RDTPF", "DS", "RP", "RE", "RDBTC", "RR"];

export type OrderReturns = {
  eligible: boolean;
  returnBy: string | null;
  portalUrl: string | null;
  status: { code: ReturnStatusCode; lastEventAt: string | null; trackingNo: string | null; trackingUrl: string | null } | null;
};

export type Fetched = { kind: "ok"; value: OrderReturns } | { kind: "login" } | { kind: "error" };

type SessionTokenApi = { sessionToken: { get(): Promise<string> } };

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
const https = (value: unknown) => {
  const url = text(value);
  return url && url.startsWith("https://") ? url : null;
};

export function parseOrderReturns(body: unknown): OrderReturns | null {
  if (!body || typeof body !== "object") return null;
  const record = body as Record<string, any>;
  const eligibility = record.eligibility as Record<string, unknown> | undefined;
  if (!eligibility || typeof eligibility.eligible !== "boolean") return null;
  const status = record.status as Record<string, unknown> | null | undefined;
  const code = status && STATUS_CODES.find((candidate) => candidate === status.code);
  const portalUrl = https(record.portalUrl);
  return {
    eligible: eligibility.eligible && portalUrl !== null,
    returnBy: text(eligibility.returnBy),
    portalUrl,
    status: status && code ? { code, lastEventAt: text(status.lastEventAt), trackingNo: text(status.trackingNo), trackingUrl: https(status.trackingUrl) } : null,
  };
}

export async function fetchOrderReturns(api: SessionTokenApi, orderId: string): Promise<Fetched> {
  try {
    const token = await api.sessionToken.get();
    const response = await fetch(`${RETURNS_ENDPOINT}?order=${encodeURIComponent(orderId)}`, { headers: { Authorization: `Bearer ${token}` } });
    if (response.status === 401) return { kind: "login" };
    if (!response.ok) return { kind: "error" };
    const value = parseOrderReturns(await response.json());
    return value ? { kind: "ok", value } : { kind: "error" };
  } catch {
    return { kind: "error" };
  }
}
