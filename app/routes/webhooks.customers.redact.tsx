import type { ActionFunctionArgs } from "@remix-run/node";
import { customerPayload, redactCustomer } from "~/privacy/compliance.server";
import { authenticateWebhook, handleOnce, methodNotAllowed } from "~/shopify/webhooks.server";

/**
 * Erases the customer's orders and earlier data-request reports. Replays are
 * harmless: the event id is recorded, and erasing twice erases nothing more.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request);
  const parsed = customerPayload.safeParse(webhook.payload);
  if (!parsed.success) return new Response("Invalid payload", { status: 400 });
  await handleOnce(webhook, async (tx) => {
    await redactCustomer(tx, webhook.shop, parsed.data);
  });
  return new Response();
};

// A GET (a browser, a probe) is answered 405 naming POST, not with Remix's "no loader" error and its stack trace.
export const loader = () => methodNotAllowed();
