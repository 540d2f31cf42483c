import type { LoaderFunctionArgs } from "@remix-run/node";
import { submissionDownload } from "~/outbox/submissions.server";
import { authenticate } from "~/shopify.server";

/** The JSON of one submission exactly as SEKO received it. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const file = await submissionDownload(session.shop, params.id ?? "");
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(file.body, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
};
