import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { retrySubmission } from "~/outbox/submissions.server";
import { teamMemberSchema } from "~/team/members";
import { addMember, markCreated, removeMember, requestAccess } from "~/team/members.server";
import { unknownIntent } from "~/utils/form.server";

/** Step 6's forms: add or remove a team member, ask SEKO for their logins, mark a login created. */
export async function systemAccessAction(shop: string, staffId: string, formData: FormData) {
  const intent = String(formData.get("intent") ?? "");
  const id = String(formData.get("id") ?? "");
  switch (intent) {
    case "add": {
      const submission = parseWithZod(formData, { schema: teamMemberSchema });
      if (submission.status !== "success") return data({ intent, ok: false, result: submission.reply() }, { status: 400 });
      const added = await addMember(shop, submission.value, staffId);
      if (!added.ok) return data({ intent, ok: false, result: submission.reply({ fieldErrors: { [added.field]: [added.message] } }) }, { status: 400 });
      // conform's reset reply carries no status: `ok` is what tells the page the person was added.
      return data({ intent, ok: true, result: submission.reply({ resetForm: true }) });
    }
    case "remove":
      if (!(await removeMember(shop, id, staffId))) throw new Response("No team member waiting to be requested has this id", { status: 404 });
      return data({ intent, ok: true });
    case "request": {
      const result = await requestAccess(shop, staffId);
      return data({ intent, ...result }, { status: result.ok ? 200 : 400 });
    }
    case "created":
      if (!(await markCreated(shop, id, staffId))) throw new Response("No requested team member has this id", { status: 404 });
      return data({ intent, ok: true });
    case "retry": {
      const status = await retrySubmission(shop, String(formData.get("submissionId") ?? ""));
      if (!status) throw new Response("No such submission", { status: 404 });
      return data({ intent, ok: status === "sent" });
    }
    default:
      return unknownIntent(intent);
  }
}
