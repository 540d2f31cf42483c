import type { ActionFunctionArgs } from "@remix-run/node";
import { customerPayload, recordCustomerDataRequest } from "~/privacy/compliance.server";
import { authenticateWebhook, handleOnce, methodNotAllowed } from "~/shopify/webhooks.server";

/**
 * Collects what we hold for the customer into a compliance record the merchant
 * can pass on. Replays are harmless: the event id is recorded, so one request
 * yields one record.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request);
  const parsed = customerPayload.safeParse(webhook.payload);
  if (!parsed.success) return new Response("Invalid payload", { status: 400 });
  await handleOnce(webhook, async (tx) => {
    await recordCustomerDataRequest(tx, webhook.shop, parsed.data);
  });
  return new Response();
};

// A GET (a browser, a probe) is answered 405 naming POST, not with Remix's "no loader" error and its stack trace.
export const loader = () => methodNotAllowed();
