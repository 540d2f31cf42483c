/**
 * What step 10's page shows: the go-live record with names for its staff ids,
 * the gate's checks, the countdown to the agreed date and the date to suggest.
 */
import { customerAccountsEditorLink } from "~/customer-account/placement";
import { allAnswers } from "~/forms/answers";
import { loadFormState } from "~/forms/form-state.server";
import { countdownText, daysUntil } from "~/guide/go-live-gate";
import { gateFor } from "~/guide/go-live.server";
import { getGuide } from "~/guide/guide.server";
import { goLiveRecord, storefrontPlacement } from "~/launch/go-live.server";
import { staffDirectory } from "~/utils/staff.server";

export async function goLiveView(shop: string, now = new Date()) {
  const [guide, record, onboarding, staff, storefrontPlaced] = await Promise.all([
    getGuide(shop),
    goLiveRecord(shop),
    loadFormState(shop, "onboarding"),
    staffDirectory(shop),
    storefrontPlacement(shop),
  ]);
  const gate = await gateFor(shop, guide, now);
  const preferred = allAnswers(onboarding).goLiveDate;
  const name = (id: string | null) => (id ? staff.label(id) : null);
  return {
    fact: guide.steps.find((step) => step.id === "go-live")!,
    record: { ...record, proposedBy: name(record.proposedBy), confirmedBy: name(record.confirmedBy), sopAckBy: name(record.sopAckBy), liveBy: name(record.liveBy) },
    gate,
    countdown: countdownText(daysUntil(record.agreedDate, now)),
    suggestedDate: record.proposedDate ?? (typeof preferred === "string" ? preferred : ""),
    customerAccountsLink: customerAccountsEditorLink(shop),
    storefrontPlaced,
  };
}
