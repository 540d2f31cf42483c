import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { z } from "zod";
import { confirmSummaryHandedOver, refreshGrantedScopes, submitSummary } from "~/integration/summary.server";
import { loadReturnSettings } from "~/return-settings/return-settings.server";
import { requestUpload, setNonReturnableTags } from "~/seko/order-upload.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { startBackfill } from "~/shopify/backfill.server";
import { requestVariantRefresh } from "~/shopify/products.server";
import { firstErrorByField, unknownIntent } from "~/utils/form.server";
import { kickJobs } from "~/utils/job-runner.server";

const intents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start-sync") }),
  z.object({ intent: z.literal("submit-summary") }),
  z.object({ intent: z.literal("confirm-summary") }),
  z.object({ intent: z.literal("refresh-products") }),
  z.object({ intent: z.literal("upload-now") }),
  z.object({ intent: z.literal("scopes-changed") }),
  z.object({ intent: z.literal("save-rules"), nonReturnableTags: z.string().max(500, "Keep the list under 500 characters") }),
]);

/**
 * Step 5's buttons. Each answers `{ ok, message }`, which the cards show as a toast
 * (app/components/integration/shared.ts); a refused form's message is its first error.
 */
export async function integrationAction(shop: string, graphql: AdminGraphql, actor: string, formData: FormData) {
  const intent = formData.get("intent");
  if (!intents.options.some((option) => option.shape.intent.value === intent)) return unknownIntent(intent);
  // No coercion: an emptied tag list is a value ("every product returnable"), not a missing one.
  const submission = parseWithZod(formData, { schema: intents, disableAutoCoercion: true });
  if (submission.status !== "success") {
    const message = Object.values(firstErrorByField(submission.reply()))[0] ?? "Check the form";
    return data({ ok: false as const, message }, { status: 400 });
  }
  switch (submission.value.intent) {
    case "start-sync": {
      const started = await startBackfill(shop);
      return { ok: true as const, message: started ? "Order sync started" : "The order sync is already running" };
    }
    case "submit-summary": {
      const result = await submitSummary(shop, graphql, actor, { offered: (await loadReturnSettings(shop)).countries });
      return result.status === "sent" ? { ok: true as const, message: "Summary sent to SEKO" } : { ok: false as const, message: "The summary is saved but could not be emailed to SEKO yet" };
    }
    case "confirm-summary":
      await confirmSummaryHandedOver(shop, actor);
      return { ok: true as const, message: "Recorded: SEKO has the summary" };
    case "refresh-products":
      await requestVariantRefresh(shop);
      kickJobs();
      return { ok: true as const, message: "Reading product data from Shopify again" };
    case "upload-now":
      await requestUpload(shop);
      kickJobs();
      return { ok: true as const, message: "Sending orders to SEKO" };
    case "save-rules": {
      const tags = await setNonReturnableTags(shop, submission.value.nonReturnableTags);
      kickJobs();
      return { ok: true as const, message: tags ? `Products tagged ${tags} are sent as not returnable` : "Every product is sent as returnable" };
    }
    case "scopes-changed": {
      const scopes = await refreshGrantedScopes(shop, graphql);
      return { ok: true as const, message: scopes.includes("read_all_orders") ? "All-orders access granted: sync again to import older orders" : "Access updated" };
    }
  }
}
