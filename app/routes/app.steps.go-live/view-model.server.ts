/**
 * What step 10's page shows: the go-live record with names for its staff ids, who vouched for
 * what and when, the agreed dates sent to SEKO with their delivery, the gate's checks, the
 * countdown to the agreed date and the date to suggest.
 */
import { customerAccountsEditorLink } from "~/customer-account/placement";
import { allAnswers } from "~/forms/answers";
import { loadFormState } from "~/forms/form-state.server";
import { countdownText, daysUntil } from "~/guide/go-live-gate";
import { gateFor } from "~/guide/go-live.server";
import { getGuide } from "~/guide/guide.server";
import { agreedDateSubmissions } from "~/launch/agreed-date.server";
import { goLiveRecord, storefrontPlacement } from "~/launch/go-live.server";
import type { GoLiveRecord } from "~/launch/go-live-record";
import { DEFAULT_DATE_SETTING, formatDate, type DateSetting } from "~/utils/format-date";
import { shopDateSetting } from "~/utils/shop-dates.server";
import { staffDirectory, type StaffDirectory } from "~/utils/staff.server";

/** A moment as step 10 states it, in the app's one date format and the shop's setting: "6 Dec 2026, 2:40 am NZDT". */
export function stated(iso: string, dates: DateSetting = DEFAULT_DATE_SETTING) {
  return formatDate(iso, "date-time", dates);
}

/**
 * What the merchant vouched for, each with who did it, by name, and when: the date SEKO agreed
 * (confirmed by SEKO, or recorded on SEKO's word) and the customer-service procedure read.
 */
function vouched(record: GoLiveRecord, staff: StaffDirectory, dates: DateSetting) {
  const by = (id: string | null, at: string | null) => `by ${id ? staff.label(id) : "someone"}${at ? ` on ${stated(at, dates)}` : ""}`;
  const how = record.confirmedVia === "seko" ? "confirmed by SEKO" : "recorded on SEKO's word";
  return {
    date: record.agreedDate ? `Agreed: ${formatDate(record.agreedDate, "date", dates)} (${how} ${by(record.confirmedBy, record.confirmedAt)}).` : null,
    procedure: record.sopAckAt ? `acknowledged ${by(record.sopAckBy, record.sopAckAt)}` : null,
  };
}

export async function goLiveView(shop: string, now = new Date()) {
  const [guide, record, onboarding, staff, storefrontPlaced, dates] = await Promise.all([
    getGuide(shop),
    goLiveRecord(shop),
    loadFormState(shop, "onboarding"),
    staffDirectory(shop),
    storefrontPlacement(shop),
    shopDateSetting(shop),
  ]);
  const [gate, submissions] = await Promise.all([gateFor(shop, guide, now), agreedDateSubmissions(shop, staff)]);
  const preferred = allAnswers(onboarding).goLiveDate;
  const name = (id: string | null) => (id ? staff.label(id) : null);
  return {
    fact: guide.steps.find((step) => step.id === "go-live")!,
    record: { ...record, proposedBy: name(record.proposedBy), confirmedBy: name(record.confirmedBy), sopAckBy: name(record.sopAckBy), liveBy: name(record.liveBy) },
    vouched: vouched(record, staff, dates),
    submissions,
    gate,
    countdown: countdownText(daysUntil(record.agreedDate, now, dates.timeZone)),
    suggestedDate: record.proposedDate ?? (typeof preferred === "string" ? preferred : ""),
    customerAccountsLink: customerAccountsEditorLink(shop),
    storefrontPlaced,
  };
}
