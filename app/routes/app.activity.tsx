import type { LoaderFunctionArgs } from "@remix-run/node";
import { activityFeed } from "~/utils/activity.server";
import { authenticate } from "~/shopify.server";

/** Older pages of the activity log, for Home's "Show older activity" (app/components/ActivityLog.tsx). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const before = new URL(request.url).searchParams.get("before");
  return activityFeed(session.shop, before);
};
