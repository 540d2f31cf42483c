import fs from "node:fs";
import { once } from "node:events";

/** What each return goes through in the generated deliveries: 8 events (two line items). */
export const TRACKING_JOURNEY = [["RC", "A"], ["RC", "B"], ["RT"], ["RDTPF"], ["DS"], ["RP", "A"], ["RP", "B"], ["RE"]] as const;

/**
 * Writes an OmniRPS tracking delivery (a JSON array, docs/seko.md 5.6) of `events`
 * events, without holding it in memory: `events / 8` returns, sent step by
 * step across all of them (every return's RC, then every RT, ...), so each
 * return's events are spread over the whole body.
 */
export async function generateTrackingBody(file: string, events: number) {
  const out = fs.createWriteStream(file);
  const returns = Math.ceil(events / TRACKING_JOURNEY.length);
  const start = Date.parse("2026-10-01T00:00:00Z");
  let written = 0;
  let text = "[";
  for (const [step, [code, item]] of TRACKING_JOURNEY.entries()) {
    for (let n = 0; n < returns && written < events; n++, written++) {
      const at = new Date(start + n * 60_000 + step * 86_400_000).toISOString().slice(0, 19).replace("T", " ");
      const event = {
        ConsignmentNo: `SEKO${7_000_000 + n}`,
        OmniRPSTrackingNo: `RPS${9_000_000 + n}`,
        OrderNo: `#${20_001 + n}`,
        Code: code,
        Status: code,
        Carrier: "SEKO Returns",
        EventDT: at,
        ItemNo: item ? `SKU-${n % 500}-${item}` : null,
        ReturnReason: item ? "Too small" : null,
        ReturnAction: item ? "Refund" : null,
      };
      text += (written === 0 ? "" : ",") + JSON.stringify(event);
      if (text.length > 64 * 1024) {
        if (!out.write(text)) await once(out, "drain");
        text = "";
      }
    }
  }
  out.end(`${text}]`);
  await once(out, "finish");
  return { returns };
}
