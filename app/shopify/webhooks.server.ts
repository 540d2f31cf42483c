import { createHmac, timingSafeEqual } from "node:crypto";
import { authenticate } from "~/shopify.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { log } from "~/utils/logger.server";
import { readBodyBytes, readBodyText, withBody } from "~/utils/request-body.server";
import { forgetCachedSessions } from "./session-storage.server";

export type WebhookContext = {
  shop: string;
  topic: string;
  /** X-Shopify-Event-Id, falling back to the webhook id: the key for dedupe. */
  eventId: string;
  payload: unknown;
  /** Present only while the shop still has a usable offline session. */
  admin?: Awaited<ReturnType<typeof authenticate.webhook>>["admin"];
};

/**
 * authenticate.webhook, hardened for shops that already uninstalled.
 *
 * With expiring offline tokens the library refreshes an expired token before
 * handing over the webhook; for an uninstalled shop the refresh is refused and
 * the library answers 500, so Shopify retries app/uninstalled and the
 * compliance topics until it gives up (docs/shopify.md, "A known library bug"). Here a
 * failed refresh falls back to our own HMAC check and a context without an
 * Admin client: these handlers only touch our own data. The sessions are
 * deleted only when the shop has uninstalled. Remove once the library returns
 * the webhook without a session in that case.
 */
export async function authenticateWebhook(request: Request): Promise<WebhookContext> {
  if (request.method !== "POST") throw methodNotAllowed();
  // Read once, capped, before any signature check; the library is handed a copy of those bytes.
  const raw = await readBodyBytes(request, WEBHOOK_MAX_BYTES);
  try {
    const context = await authenticate.webhook(withBody(request, raw));
    return {
      shop: context.shop,
      // The library names topics like its enum ("REFUNDS_CREATE"); everything we store and show uses
      // Shopify's header spelling ("refunds/create"), as the order topics' own check does.
      topic: request.headers.get("x-shopify-topic") ?? context.topic,
      eventId: eventIdFrom(request.headers) ?? context.webhookId,
      payload: context.payload,
      admin: context.admin,
    };
  } catch (error) {
    if (error instanceof Response && error.status !== 500) throw error;
    const webhook = signedWebhook(new TextDecoder().decode(raw), request.headers);
    const { shop, topic } = webhook;
    log.warn("webhook: offline token refresh failed; handling without an Admin client", { shop, topic });
    // The library answers 500 for a refused refresh and for a passing failure alike (Shopify unreachable or
    // busy, our database): only an uninstalled shop's sessions are known to be dead. An installed shop's
    // stay, for its background jobs and the next attempt.
    if (await uninstalled(shop, topic)) {
      await db.session.deleteMany({ where: { shop } });
      forgetCachedSessions(shop);
    }
    return webhook;
  }
}

async function uninstalled(shop: string, topic: string) {
  if (topic === "app/uninstalled" || topic === "shop/redact") return true;
  const row = await db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
  return row === null || row.uninstalledAt !== null;
}

/**
 * The checks authenticate.webhook makes (POST, HMAC of the raw body with the
 * app's secret, Shopify's headers), without the Admin context it builds. For
 * the order topics: they use no Admin client in the request, and at hundreds
 * a second the library's request conversion (it canonicalises every header
 * name for every lookup) and the offline-session load were a third of each
 * webhook's CPU (docs/benchmarks.md). Answers as the library does: 405, 401,
 * 400; and 413 for a body over WEBHOOK_MAX_BYTES, before the signature is checked.
 */
export async function verifyWebhook(request: Request): Promise<WebhookContext> {
  if (request.method !== "POST") throw methodNotAllowed();
  return signedWebhook(await readBodyText(request, WEBHOOK_MAX_BYTES), request.headers);
}

/**
 * The largest webhook body read (docs/security.md, "Request bodies"): Shopify says its payloads can be
 * "upwards of a megabyte" (a large order, its refunds and fulfilments each repeating line items), and
 * sends a stub instead of anything over 1,000,000 bytes where a channel has a cap. Five times that
 * is never reached by Shopify, and bounds what an unsigned body can make us hold before the HMAC.
 */
export const WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;

/** The answer to anything but a POST on a webhook route (its loader answers GET and HEAD with it): 405, naming POST. */
export function methodNotAllowed() {
  return new Response("Method not allowed", { status: 405, headers: { allow: "POST", "content-type": "text/plain; charset=utf-8" } });
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** A webhook's context from its raw body and headers, or the 401 (signature) or 400 (headers, body) Shopify's library would answer. */
function signedWebhook(rawBody: string, headers: Headers): WebhookContext {
  if (!hmacIsValid(rawBody, headers.get("x-shopify-hmac-sha256"))) {
    throw new Response(undefined, { status: 401, statusText: "Unauthorized" });
  }
  const shop = headers.get("x-shopify-shop-domain") ?? "";
  const topic = headers.get("x-shopify-topic") ?? "";
  const eventId = eventIdFrom(headers);
  if (!SHOP_DOMAIN.test(shop) || !topic || !eventId || !headers.get("x-shopify-api-version")) {
    throw new Response(undefined, { status: 400, statusText: "Bad Request" });
  }
  return { shop, topic, eventId, payload: parseJson(rawBody) };
}

function eventIdFrom(headers: Headers) {
  return headers.get("x-shopify-event-id") ?? headers.get("x-shopify-webhook-id") ?? undefined;
}

function hmacIsValid(rawBody: string, header: string | null) {
  if (!header) return false;
  const expected = createHmac("sha256", env().SHOPIFY_API_SECRET).update(rawBody, "utf8").digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new Response(undefined, { status: 400, statusText: "Bad Request" });
  }
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * Runs a webhook's work at most once per event id, in one transaction with the
 * record of the delivery. Shopify retries and duplicates deliveries; a replay
 * finds the record and does nothing, and a failed run records nothing so the
 * retry does the work. Returns false for a replay.
 */
export async function handleOnce(context: Pick<WebhookContext, "shop" | "topic" | "eventId">, work: (tx: Tx) => Promise<void>): Promise<boolean> {
  const { shop, topic, eventId } = context;
  const key = { shop_topic_eventId: { shop, topic, eventId } };
  if (await db.webhookDelivery.findUnique({ where: key })) return false;
  try {
    await db.$transaction(async (tx) => {
      await tx.webhookDelivery.create({ data: { shop, topic, eventId } });
      await work(tx);
    });
    return true;
  } catch (error) {
    // Two copies of one event raced; the other one did the work.
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
