import { buildGuide, isComplete, type Guide, type StepFact } from "./progress";
import {
  australiaFact,
  contractsFact,
  integrationFact,
  questionnaireFact,
  sekoAccountsFact,
  systemAccessFact,
  type QuestionnaireFacts,
  type SubmissionFact,
} from "./facts";
import { formOverview } from "./forms.server";
import type { FormId } from "./questions";
import { signatureFacts, signatureStatus } from "./signatures.server";
import { staffLabel } from "./staff.server";
import type { StepId } from "./steps";
import { listMembers } from "./team.server";
import { listConnections } from "~/seko/connection.server";
import { integrationRecords } from "~/shopify/sync-view.server";

async function questionnaire(shop: string, formId: FormId): Promise<QuestionnaireFacts> {
  const overview = await formOverview(shop, formId);
  const latest = overview.submissions[0];
  const fact: SubmissionFact | undefined = latest && {
    version: latest.version,
    submittedAt: latest.submittedAt,
    submittedBy: staffLabel(latest.submittedBy),
    deliveryStatus: latest.deliveryStatus,
    deliveredAt: latest.deliveredAt,
    deliveryError: latest.deliveryError,
  };
  return { formId, state: overview.state, latest: fact, editedSinceSubmission: overview.editedSinceSubmission };
}

/** Step 3 is SEKO's: done once the app holds a key SEKO accepted (the Settings page's SEKO connection). */
async function sekoConnection(shop: string) {
  const connected = (await listConnections(shop))
    .filter((connection) => connection.status === "connected" && connection.checkedAt)
    .sort((a, b) => a.checkedAt!.localeCompare(b.checkedAt!));
  return connected[0] ? { system: connected[0].system, connectedAt: connected[0].checkedAt! } : null;
}

/**
 * The guide for one shop. Each step's fact is read from the data that proves
 * it (a delivered form, signed documents, connected credentials); steps owned
 * by other parts of the app add their readers here.
 */
export async function getGuide(shop: string): Promise<Guide> {
  const [onboarding, credit, australia, documents, connection, members] = await Promise.all([
    questionnaire(shop, "onboarding"),
    questionnaire(shop, "credit-application"),
    questionnaire(shop, "australia-post"),
    signatureStatus(shop),
    sekoConnection(shop),
    listMembers(shop),
  ]);
  const facts: Partial<Record<StepId, StepFact>> = {};
  facts["onboarding-form"] = questionnaireFact(onboarding);
  facts.contracts = contractsFact(credit, signatureFacts(documents));
  const handedOver =
    isComplete(facts["onboarding-form"].status) && isComplete(facts.contracts.status)
      ? [facts["onboarding-form"].completedAt ?? "", facts.contracts.completedAt ?? ""].sort()[1]
      : undefined;
  facts["seko-accounts"] = sekoAccountsFact({ connectedAt: connection?.connectedAt, system: connection?.system, handedOverAt: handedOver });
  facts["australia-returns"] = australiaFact(onboarding.state, australia);
  facts["system-access"] = systemAccessFact(members);
  facts.integration = integrationFact(await integrationRecords(shop));
  return buildGuide(facts);
}
