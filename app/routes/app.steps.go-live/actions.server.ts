/**
 * Step 10's intents: propose and confirm the go-live date (the agreed one is sent to SEKO, "retry"
 * sends it again after a failure), save and acknowledge SEKO's customer-service procedure, and go
 * live once the gate is shut.
 */
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { z } from "zod";
import { goLiveIssue } from "~/forms/validation";
import type { GateItem } from "~/guide/go-live-gate";
import { goLive } from "~/guide/go-live.server";
import { getGuide } from "~/guide/guide.server";
import { acknowledgeProcedure, confirmDate, proposeDate, setProcedure } from "~/launch/go-live.server";
import { retrySubmission } from "~/outbox/submissions.server";
import { unknownIntent } from "~/utils/form.server";
import { kickJobs } from "~/utils/job-runner.server";
import { formatDate } from "~/utils/format-date";
import { shopDateSetting } from "~/utils/shop-dates.server";

// The same rule as step 1's preferred go-live date (app/forms/validation.ts): a date, today or later.
const isoDate = z.string({ error: "Enter a date as YYYY-MM-DD" }).superRefine((value, context) => {
  const message = goLiveIssue(value);
  if (message) context.addIssue({ code: "custom", message });
});

const proposeSchema = z.object({ date: isoDate });
const confirmSchema = z.object({ via: z.enum(["seko", "merchant"], "Say who confirmed the date"), date: isoDate });
const procedureSchema = z.object({ sopUrl: z.url({ protocol: /^https$/, error: "Enter the procedure's https:// address" }) });

/**
 * `result` carries a refused form's field errors (conform's reply); `message` is
 * its first one, or the outcome of an intent with no field, and `field` names
 * the input it belongs to (the agreed date's is `confirmDate`). A refused "Go live"
 * lists the open checks in `open`, each with what is missing and where to fix it.
 */
export type GoLiveReply = { intent: string; ok: boolean; message: string; field?: string; result?: SubmissionResult<string[]>; open?: GateItem[] };

/** Once returns are live the agreed date is history: the page no longer offers the date forms, and a posted change is refused. */
export const DATE_SETTLED = "Returns are live: the go-live date is settled and can no longer change.";

/** An agreed date whose email to SEKO failed: the `delivery` job tries again, and the page lists it with "Retry now". */
export const DATE_NOT_SENT = "The email to SEKO has not gone yet: the app keeps trying, or press Retry now under Agreed dates sent to SEKO.";

/** A refused form: its field errors for the page, and the first of them as the message. */
function refuseForm(intent: string, result: SubmissionResult<string[]>, field: string) {
  const message = Object.values(result.error ?? {}).find((messages) => messages?.length)?.[0] ?? "";
  return data<GoLiveReply>({ intent, ok: false, message, field, result }, { status: 400 });
}

export async function answerGoLive(context: { shop: string; staffId: string }, formData: FormData) {
  const { shop, staffId } = context;
  const intent = String(formData.get("intent") ?? "");
  const done = (message: string) => data<GoLiveReply>({ intent, ok: true, message });
  const refuse = (message: string) => data<GoLiveReply>({ intent, ok: false, message }, { status: 400 });
  switch (intent) {
    case "propose": {
      const submission = parseWithZod(formData, { schema: proposeSchema });
      if (submission.status !== "success") return refuseForm(intent, submission.reply(), "date");
      if (!(await proposeDate(shop, submission.value.date, staffId))) return refuse(DATE_SETTLED);
      return done(`Proposed ${formatDate(submission.value.date, "date", await shopDateSetting(shop))}. Send it to your SEKO account manager; record their answer here.`);
    }
    case "confirm": {
      const submission = parseWithZod(formData, { schema: confirmSchema });
      if (submission.status !== "success") return refuseForm(intent, submission.reply(), "confirmDate");
      const { date, via } = submission.value;
      const agreed = await confirmDate(shop, date, via, staffId);
      if (!agreed.ok) return refuse(DATE_SETTLED);
      // The day in the shop's locale, as the page and the activity log write it.
      const day = formatDate(date, "date", await shopDateSetting(shop));
      if (agreed.repeated) return done(`Go-live date ${day} was already agreed: nothing changed and nothing was sent to SEKO again.`);
      return done(agreed.delivery === "sent" ? `Go-live date ${day} agreed and sent to SEKO.` : `Go-live date ${day} agreed. ${DATE_NOT_SENT}`);
    }
    case "procedure": {
      const submission = parseWithZod(formData, { schema: procedureSchema });
      if (submission.status !== "success") return refuseForm(intent, submission.reply(), "sopUrl");
      await setProcedure(shop, submission.value.sopUrl, staffId);
      return done("Procedure link saved: read it, then acknowledge it.");
    }
    case "acknowledge":
      return (await acknowledgeProcedure(shop, staffId)) ? done("Procedure acknowledged.") : refuse("Add the procedure's link first.");
    case "retry": {
      const status = await retrySubmission(shop, String(formData.get("submissionId") ?? ""));
      if (!status) throw new Response("No such submission", { status: 404 });
      return data<GoLiveReply>({ intent, ok: status === "sent", message: status === "sent" ? "Sent to SEKO." : DATE_NOT_SENT });
    }
    case "go-live": {
      // The storefront check reads what the admin's App Bridge reported (app/routes/app.storefront-placement.tsx), never a field posted here.
      const result = await goLive(shop, await getGuide(shop), staffId);
      // The storefront's link follows in a background job: run it now, not at the runner's next idle look (up to a minute).
      if (result.ok) {
        kickJobs();
        return done("Returns are live.");
      }
      const message = `Not yet: ${result.open.map((item) => item.label.toLowerCase()).join("; ")}.`;
      return data<GoLiveReply>({ intent, ok: false, message, open: result.open }, { status: 400 });
    }
    default:
      return unknownIntent(intent);
  }
}
