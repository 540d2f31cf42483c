import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
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
  const parsed = placementInput.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ ok: false, message: parsed.error.issues[0]!.message }, { status: 400 });
  await recordStorefrontPlacement(session.shop, parsed.data.placed === "yes");
  return { ok: true, message: parsed.data.placed === "yes" ? "The returns link is in the live theme." : "The returns link is not in the live theme." };
};

export const loader = () => new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
