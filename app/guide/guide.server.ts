import { buildGuide, type Guide, isComplete, type StepFact } from "./progress";
import {
  australiaFact,
  contractsFact,
  integrationFact,
  labelEmailFact,
  notificationsFact,
  questionnaireFact,
  type QuestionnaireFacts,
  sekoAccountsFact,
  systemAccessFact,
  testReturnsFact,
} from "./facts";
import { submissionFact } from "~/outbox/submission";
import { formOverview } from "~/forms/form-state.server";
import { memberRecords, sekoConnectionRecords } from "./progress-records.server";
import type { FormId } from "~/forms/questions";
import { signatureFacts, signatureStatus } from "~/contracts/signatures.server";
import { staffDirectory, type StaffDirectory } from "~/utils/staff.server";
import { shopDateSetting } from "~/utils/shop-dates.server";
import type { StepId } from "./steps";
import { goLiveFact, liveHealth, withHealth } from "./go-live-gate";
import { goLiveRecord, storefrontPlacement } from "~/launch/go-live.server";
import { returnSettings } from "~/return-settings/return-settings";
import { testReturnRecords } from "~/test-returns/test-returns.server";
import { integrationRecords, syncView, webhookActivity } from "~/shopify/sync-view.server";
import { labelEmailRecords, notificationContext } from "~/notifications/label-email.server";
import { notificationRecords } from "~/notifications/status-emails.server";

async function questionnaire(shop: string, formId: FormId, staff: StaffDirectory): Promise<QuestionnaireFacts> {
  const overview = await formOverview(shop, formId, staff);
  const latest = overview.submissions[0];
  const fact = latest && submissionFact(latest, staff.label);
  return { formId, state: overview.state, latest: fact, editedSinceSubmission: overview.editedSinceSubmission };
}

/**
 * The guide for one shop. Each step's fact is read from the data that proves
 * it (a delivered form, signed documents, connected credentials); steps owned
 * by other parts of the app add their readers here.
 */
export async function getGuide(shop: string): Promise<Guide> {
  const staff = await staffDirectory(shop);
  const [onboarding, credit, australia, documents, seko, members] = await Promise.all([
    questionnaire(shop, "onboarding", staff),
    questionnaire(shop, "credit-application", staff),
    questionnaire(shop, "australia-post", staff),
    signatureStatus(shop),
    sekoConnectionRecords(shop, staff),
    memberRecords(shop),
  ]);
  const facts: Partial<Record<StepId, StepFact>> = {};
  facts["onboarding-form"] = questionnaireFact(onboarding);
  facts.contracts = contractsFact(credit, signatureFacts(documents));
  const handedOver =
    isComplete(facts["onboarding-form"].status) && isComplete(facts.contracts.status) ? [facts["onboarding-form"].completedAt ?? "", facts.contracts.completedAt ?? ""].sort()[1] : undefined;
  // Step 3: a key SEKO accepted, connected in the environment chosen in Settings.
  facts["seko-accounts"] = sekoAccountsFact({ ...seko, handedOverAt: handedOver });
  facts["australia-returns"] = australiaFact(onboarding.state, australia);
  facts["system-access"] = systemAccessFact(members);
  const integration = integrationFact(await integrationRecords(shop));
  facts.integration = { ...integration, completedBy: integration.completedBy && staff.label(integration.completedBy) };
  // Step 7: every offered country's label email renders, and SEKO has the set as it is now.
  const notificationSetup = await notificationContext(shop);
  facts["label-email"] = labelEmailFact(await labelEmailRecords(shop, staff, notificationSetup));
  // Step 8 (optional): every status switched on handed over as it is now, or skipped.
  facts.notifications = notificationsFact(await notificationRecords(shop, staff, notificationSetup));
  // Step 9: ticked from the test returns made and the label costs confirmed.
  const testReturns = testReturnsFact({ config: returnSettings(onboarding.state), ...(await testReturnRecords(shop)) });
  facts["test-returns"] = { ...testReturns, completedBy: testReturns.completedBy && staff.label(testReturns.completedBy) };
  // Step 10: done once returns went live; until then where the agreed date stands.
  const goLive = goLiveFact(await goLiveRecord(shop), new Date(), await shopDateSetting(shop));
  facts["go-live"] = { ...goLive, completedBy: goLive.completedBy && staff.label(goLive.completedBy) };
  const guide = buildGuide(facts);
  if (goLive.status !== "done") return guide;
  // Setup health after go-live: an earlier step reopened, the order sync stalled or the returns link gone from the live theme reopens step 10 with the reason.
  const now = new Date();
  const [sync, hooks, storefrontPlaced] = await Promise.all([syncView(shop, now), webhookActivity(shop), storefrontPlacement(shop)]);
  const lastWebhookAt =
    hooks
      .map((hook) => hook.lastDeliveredAt ?? "")
      .sort()
      .at(-1) || null;
  const reasons = liveHealth({ steps: guide.steps, sync: { status: sync.status, lastReconciledAt: sync.lastReconciledAt, lastWebhookAt }, storefrontPlaced, now });
  facts["go-live"] = withHealth(facts["go-live"], reasons);
  return reasons.length ? buildGuide(facts) : guide;
}
