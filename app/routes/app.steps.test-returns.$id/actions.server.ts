/**
 * A test return's intents: void its label, check its status with SEKO,
 * decide a return held for review, and try a failed label again.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { z } from "zod";
import { readPrefill } from "~/forms/prefill.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { orderForReturn } from "~/shopify/order-search.server";
import { checkTestReturnStatus } from "~/test-returns/status-check.server";
import { DECISIONS, decisionSchema } from "~/test-returns/test-returns";
import { decideTestReturn, getTestReturn, printLabel, voidTestReturn } from "~/test-returns/test-returns.server";
import { unknownIntent } from "~/utils/form.server";

/** The page shows `message` in a banner: its forms are buttons, with no field to carry an error. */
export type TestReturnReply = { ok: boolean; message: string };

const decideSchema = z.object({ decision: decisionSchema });

export async function answerTestReturn(context: { shop: string; staffId: string; graphql: AdminGraphql }, id: string, formData: FormData) {
  const { shop, staffId } = context;
  const intent = String(formData.get("intent") ?? "");
  const item = await getTestReturn(shop, id);
  if (!item) throw new Response("No such test return", { status: 404 });
  const reply = (result: { ok: boolean; message?: string }, done: string) =>
    data<TestReturnReply>({ ok: result.ok, message: result.ok ? done : (result.message ?? "Something went wrong") }, { status: result.ok ? 200 : 400 });
  const refuse = (message: string) => data<TestReturnReply>({ ok: false, message }, { status: 400 });
  // A label goes back to the store's address in Shopify, for the order the return is on.
  const labelling = async () => {
    const { returnAddress } = await readPrefill(context.graphql);
    if (!returnAddress) throw refuse("Your store has no address in Shopify: labels need one to go back to.");
    return { order: await orderForReturn(shop, item.orderId), destination: returnAddress };
  };
  switch (intent) {
    case "void":
      return reply(await voidTestReturn(shop, id, staffId), "Label voided with SEKO.");
    case "check": {
      const result = await checkTestReturnStatus(shop, id);
      return reply(result, result.ok ? `Status checked with SEKO: ${result.stored ?? 0} new event${result.stored === 1 ? "" : "s"}.` : "");
    }
    case "decide": {
      const submission = parseWithZod(formData, { schema: decideSchema });
      if (submission.status !== "success") return refuse("Choose a decision");
      const decision = submission.value.decision;
      const label = DECISIONS[decision].printsLabel ? await labelling() : { order: null, destination: { name: "", street: "", city: "", countryCode: "NZ" } };
      return reply(await decideTestReturn(shop, id, decision, staffId, label), `Decision recorded: ${DECISIONS[decision].label}.`);
    }
    case "retry": {
      if (item.state !== "failed") return refuse("Only a return whose label failed can be tried again.");
      const { order, destination } = await labelling();
      if (!order) return refuse("The order is no longer in the app.");
      return reply(await printLabel(shop, id, order, destination), "Label created.");
    }
    default:
      return unknownIntent(intent);
  }
}
