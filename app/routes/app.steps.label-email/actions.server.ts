/**
 * Step 7's intents: those it shares with step 8 (app/notifications/template-step.server.ts),
 * for the label email of each country the shop offers returns from.
 */
import { handOverLabelEmails, notificationContext, sampleOrder } from "~/notifications/label-email.server";
import { sampleData } from "~/notifications/sample";
import { answerTemplateStep, isTemplateStepIntent, type TemplateStepRequester } from "~/notifications/template-step.server";
import { unknownIntent } from "~/utils/form.server";

export async function answerLabelEmail(requester: TemplateStepRequester, formData: FormData) {
  const { shop } = requester;
  const intent = String(formData.get("intent") ?? "");
  if (!isTemplateStepIntent(intent)) return unknownIntent(intent);
  const notifications = await notificationContext(shop);
  const offered = notifications.countries ?? [];
  return answerTemplateStep(
    intent,
    formData,
    { ...requester, context: notifications },
    {
      kind: () => ({ ok: true, kind: "label-email" }),
      refuseScope: (scope) => (scope !== "default" && !offered.includes(scope) ? `Step 1 does not offer returns from ${scope}.` : null),
      owns: (key) => key.kind === "label-email",
      // A country's sample is one of its synced orders, when there is one.
      sample: async ({ scope }) => sampleData(notifications.shop, { order: scope === "default" ? null : await sampleOrder(shop, scope) }),
      handOver: handOverLabelEmails,
    },
  );
}
