import type { LoaderFunctionArgs } from "@remix-run/node";
import { testReturnLabel } from "~/test-returns/test-returns.server";
import { authenticate } from "~/shopify.server";

/** A test return's label file as SEKO sent it (fetched by the page with the session token, shown from a blob). */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const file = await testReturnLabel(session.shop, params.id ?? "");
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(file.body, {
    headers: {
      "content-type": file.type,
      "content-disposition": `inline; filename="${file.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
};
