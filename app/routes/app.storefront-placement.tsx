import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { fieldError } from "~/components/form-errors";
import { placementInput, recordStorefrontPlacement } from "~/launch/go-live.server";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";

/**
 * What the admin's App Bridge said about the live theme, posted by the pages
 * that ask it (`shopify.app.extensions()` answers only in the browser): whether
 * the returns link is placed. Setup health after go-live reads the last answer.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const submission = parseWithZod(await readForm(request), { schema: placementInput, disableAutoCoercion: true });
  if (submission.status !== "success") return data({ ok: false, message: fieldError(submission.reply(), "placed") ?? "Say whether the returns link is placed (yes or no)" }, { status: 400 });
  await recordStorefrontPlacement(session.shop, submission.value.placed === "yes");
  return { ok: true, message: submission.value.placed === "yes" ? "The returns link is in the live theme." : "The returns link is not in the live theme." };
};

export const loader = () => new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
