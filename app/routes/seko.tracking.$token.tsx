import type { ActionFunctionArgs } from "@remix-run/node";
import { parseTrackingWebhookText } from "~/seko/tracking";
import { authenticateTrackingDelivery, storeTrackingEvents } from "~/seko/tracking-receiver.server";
import { log } from "~/utils/logger.server";

/**
 * SEKO's OmniRPS tracking webhook. SEKO retries a failed delivery after 60 min,
 * 24 h and 48 h, then disables the webhook, so: events are stored before the
 * 200; anything we could not store gets a 5xx so SEKO retries; a replay is
 * harmless (events are keyed by consignment, code, item and time).
 */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
  const shop = await authenticateTrackingDelivery(params.token ?? "", request.headers);
  if (!shop) return new Response("Unauthorized", { status: 401 });

  const parsed = parseTrackingWebhookText(await request.text());
  // A body that is not events will not become events on retry; say so instead of asking for one.
  if (!parsed.ok) return Response.json({ error: parsed.reason }, { status: 400 });
  try {
    const result = await storeTrackingEvents(shop, parsed.value);
    return Response.json(result);
  } catch (error) {
    log.error("seko tracking: could not store events; SEKO will retry", { shop, error: String(error) });
    return Response.json({ error: "could not store events, please retry" }, { status: 503 });
  }
};

export const loader = () => new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
