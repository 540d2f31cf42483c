import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { syncView } from "~/shopify/sync-view.server";

/**
 * The order sync's state and nothing else, for the step 5 page to poll during
 * a sync: one row and one count, where the page's own loader also asks Shopify
 * and builds the summary (docs/order-sync.md, docs/benchmarks.md).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return syncView(session.shop);
};
