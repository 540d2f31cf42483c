/**
 * Step 10's gate and the "Go live" action: the gate's items from the guide and the
 * records behind them, going live once they all pass, and setup health after go-live
 * (docs/test-returns.md). The go-live records themselves are app/launch/go-live.server.ts.
 */
import { goLiveRecord, liveSince, markLive, storefrontPlacement } from "~/launch/go-live.server";
import { labelEmailRecords } from "~/notifications/label-email.server";
import { loadFormState } from "~/forms/form-state.server";
import { returnSettings } from "~/return-settings/return-settings";
import { queueStorefrontSync } from "~/storefront/link.server";
import { syncView, webhookActivity } from "~/shopify/sync-view.server";
import { recordActivity } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import { APP_ACTOR, staffDirectory } from "~/utils/staff.server";
import { shopDateSetting } from "~/utils/shop-dates.server";
import { goLiveGate, type GateItem } from "./go-live-gate";
import type { Guide } from "./progress";
import { sekoConnectionRecords } from "./progress-records.server";

/**
 * The gate's items for the shop now, from the guide and the records behind it.
 * The storefront item reads what the admin's App Bridge last reported about the
 * live theme (`shopify.app.extensions()` is only asked in the browser; the admin
 * pages post its answer to app/routes/app.storefront-placement.tsx); nothing posted
 * with "Go live" counts for it.
 */
export async function gateFor(shop: string, guide: Guide, now = new Date()): Promise<GateItem[]> {
  const [record, sync, hooks, onboarding, tested, [labelEmails, seko], placed, dates] = await Promise.all([
    goLiveRecord(shop),
    syncView(shop, now),
    webhookActivity(shop),
    loadFormState(shop, "onboarding"),
    db.testReturn.findMany({ where: { shop, connote: { not: null } }, distinct: ["originCountry"], select: { originCountry: true } }),
    staffDirectory(shop).then((staff) => Promise.all([labelEmailRecords(shop, staff), sekoConnectionRecords(shop, staff)])),
    storefrontPlacement(shop),
    shopDateSetting(shop),
  ]);
  const lastWebhookAt =
    hooks
      .map((hook) => hook.lastDeliveredAt ?? "")
      .sort()
      .at(-1) || null;
  return goLiveGate({
    steps: guide.steps,
    sync: { status: sync.status, lastReconciledAt: sync.lastReconciledAt, lastWebhookAt },
    countries: returnSettings(onboarding).countries,
    testedCountries: tested.map((row) => row.originCountry),
    // Step 7: countries whose label email checks and renders with a real order of theirs.
    templateCountries: labelEmails.rendering,
    storefrontLive: placed,
    // Step 3 counts Test keys until Production is chosen; going live needs Production's, checked recently.
    seko: { environment: seko.environment, connections: seko.connections },
    record,
    now,
    dates,
  });
}

/**
 * Records the moment returns went live and who did it; refused while any gate
 * item is open (Test keys among them: the SEKO Production keys item; the returns link as App Bridge
 * last reported it, stored, for the storefront item). The storefront then follows in the background
 * (its link shows once live).
 */
export async function goLive(shop: string, guide: Guide, by: string, now = new Date()) {
  const open = (await gateFor(shop, guide, now)).filter((item) => !item.done);
  if (open.length) return { ok: false as const, open };
  if (await markLive(shop, by, now)) await queueStorefrontSync(shop);
  return { ok: true as const };
}

const HEALTH_LOST = "Setup health: go-live reopened";
const HEALTH_BACK = "Setup health: everything holds again";

/**
 * Records in the activity log when step 10's health changes after go-live
 * (Home calls it with the guide it shows): once when something stops holding
 * or the reason changes, once when it holds again. Reading the log's last
 * health entry makes a repeat a no-op.
 */
export async function recordHealthChange(shop: string, guide: Guide) {
  const step = guide.steps.find((candidate) => candidate.id === "go-live");
  if (!step || !(await liveSince(shop))) return;
  const last = await db.onboardingActivity.findFirst({
    where: { shop, kind: "go-live", action: { in: [HEALTH_LOST, HEALTH_BACK] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { action: true, detail: true },
  });
  if (step.reopened) {
    if (last?.action === HEALTH_LOST && last.detail === step.reopened) return;
    await recordActivity(shop, { kind: "go-live", actor: APP_ACTOR, action: HEALTH_LOST, detail: step.reopened });
  } else if (last?.action === HEALTH_LOST) {
    await recordActivity(shop, { kind: "go-live", actor: APP_ACTOR, action: HEALTH_BACK });
  }
}
