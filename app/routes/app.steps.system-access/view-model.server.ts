import { allAnswers } from "~/forms/answers";
import { loadFormState } from "~/forms/form-state.server";
import { readPrefill } from "~/forms/prefill.server";
import { systemAccessFact } from "~/guide/facts";
import { listSubmissions } from "~/outbox/submissions.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { listMembers } from "~/team/members.server";
import { staffDirectory } from "~/utils/staff.server";

/** What step 6 shows: the team and its requests to SEKO, and whom to suggest adding next. */
export async function systemAccessView(shop: string, graphql: AdminGraphql) {
  const [members, submissions, onboarding, prefill, staff] = await Promise.all([
    listMembers(shop),
    listSubmissions(shop, ["system-access"]),
    loadFormState(shop, "onboarding"),
    readPrefill(graphql),
    staffDirectory(shop),
  ]);
  const answers = allAnswers(onboarding);
  const known = new Set(members.map((member) => member.email));
  const email = typeof answers.contactEmail === "string" ? answers.contactEmail : "";
  return {
    members,
    fact: systemAccessFact(members),
    submissions: submissions.map((submission) => ({ ...submission, submittedBy: staff.label(submission.submittedBy) })),
    // Offline sessions carry no staff name or email, so the suggestion is the main contact from step 1.
    suggestion: email && !known.has(email.toLowerCase()) ? { name: typeof answers.contactName === "string" ? answers.contactName : "", email, timeZone: prefill.timeZone } : null,
    defaultTimeZone: prefill.timeZone,
    timeZones: Intl.supportedValuesOf("timeZone"),
  };
}
