/**
 * Step 8's intents: skipping the step (no tracking emails at all), and those
 * it shares with step 7 (app/notifications/template-step.server.ts) for the
 * email of each tracking status, the same in every country.
 */
import { data } from "@remix-run/node";
import { notificationContext } from "~/notifications/label-email.server";
import { sampleData } from "~/notifications/sample";
import { handOverNotifications, setSkipped } from "~/notifications/status-emails.server";
import { isTrackingStatus } from "~/notifications/statuses";
import { answerTemplateStep, isTemplateStepIntent, type TemplateStepRequester } from "~/notifications/template-step.server";
import { unknownIntent } from "~/utils/form.server";

export async function answerNotifications(requester: TemplateStepRequester, formData: FormData) {
  const { shop, actorId } = requester;
  const intent = String(formData.get("intent") ?? "");
  if (intent === "skip" || intent === "unskip") {
    await setSkipped(shop, intent === "skip", actorId);
    return data({ intent, ok: true, message: intent === "skip" ? "Step skipped: SEKO sends no tracking emails." : "Step reopened." });
  }
  if (!isTemplateStepIntent(intent)) return unknownIntent(intent);
  const notifications = await notificationContext(shop);
  return answerTemplateStep(
    intent,
    formData,
    { ...requester, context: notifications },
    {
      kind: (posted) => {
        const kind = String(posted.get("kind") ?? "");
        return isTrackingStatus(kind) ? { ok: true, kind } : { ok: false, message: "Unknown tracking status" };
      },
      refuseScope: (scope) => (scope !== "default" ? "Notifications are the same for every country" : null),
      owns: (key) => isTrackingStatus(key.kind),
      sample: async ({ kind }) => sampleData(notifications.shop, { status: isTrackingStatus(kind) ? kind : undefined }),
      handOver: handOverNotifications,
    },
  );
}
