import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Collapsible, Layout, Link, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { ActivityLog } from "~/components/ActivityLog";
import { useDates } from "~/components/date-setting";
import { fieldError } from "~/components/form-errors";
import { ReturnsOverview } from "~/components/ReturnsOverview";
import { TrackingRefusedBanner } from "~/components/TrackingRefusedBanner";
import { SetupGuide } from "~/components/SetupGuide";
import { recentActivity } from "~/utils/activity.server";
import { usePlacement } from "~/components/storefront/PlacementStatus";
import { goLiveState, saveStuckDays, stuckDaysInput } from "~/launch/go-live.server";
import { recordHealthChange } from "~/guide/go-live.server";
import { staffFrom } from "~/utils/staff.server";
import { readForm, unknownIntent } from "~/utils/form.server";
import { getGuide } from "~/guide/guide.server";
import { DEFAULT_STUCK_DAYS, returnsOverview } from "~/returns/live-returns.server";
import { getMirrorSettings } from "~/returns/mirror-settings.server";
import type { Guide } from "~/guide/progress";
import { stepActions, type StepAction } from "~/guide/step-actions";
import { authenticate } from "~/shopify.server";
import { ensureJobRunner, resumeDeliveries } from "~/job-handlers.server";
import { queueOwnershipBackfillOnLoad } from "~/customer-account/ownership-backfill.server";
import { getShopInfo } from "~/shopify/shop-info.server";
import { trackingRefusals } from "~/seko/tracking-receiver.server";

export const meta: MetaFunction = () => [{ title: "SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // Undelivered submissions are retried by the job runner; the page never waits on SMTP.
  await resumeDeliveries(session.shop);
  // read_customers granted but orders in the return window without their customer: a job reads them (once per process).
  if (await queueOwnershipBackfillOnLoad(session.shop)) ensureJobRunner();
  const [shop, guide, live, refusals] = await Promise.all([getShopInfo(admin.graphql), getGuide(session.shop), goLiveState(session.shop), trackingRefusals(session.shop)]);
  // A change of setup health is logged before the log is read, so this page shows its own entry.
  if (live.live) await recordHealthChange(session.shop, guide);
  // After go-live Home is a returns overview; the setup guide stays one click away.
  const [overview, activity, mirrorSettings] = await Promise.all([
    live.live ? returnsOverview(session.shop, { stuckDays: live.stuckDays ?? DEFAULT_STUCK_DAYS }) : null,
    recentActivity(session.shop),
    live.live ? getMirrorSettings(session.shop) : null,
  ]);
  // Home's line about Returns in Shopify: on or off, and the returns that need the merchant.
  const mirror = overview && mirrorSettings ? { enabled: mirrorSettings.enabled, attention: overview.attention } : null;
  // What to watch once live (app/components/ReturnsOverview.tsx): setup health is step 10 reopened after go-live.
  const watch = { refusals, health: (live.live && guide.steps.find((step) => step.id === "go-live")?.reopened) || null };
  return { shopName: shop.name, guide, actions: stepActions(guide), activity, live, overview, trackingRefusals: refusals, watch, mirror };
};

/** The answer the overview shows at its one field (app/components/ReturnsOverview.tsx). */
type Reply = { ok: boolean; message: string };

/** The overview's one setting: after how many days without news an open return counts as stuck. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent !== "stuck-days") return unknownIntent(intent);
  // No coercion: the schema reads the typed text itself ("" is 0 days, "soon" is not a number).
  const submission = parseWithZod(formData, { schema: stuckDaysInput, disableAutoCoercion: true });
  if (submission.status !== "success") return data<Reply>({ ok: false, message: fieldError(submission.reply(), "stuckDays") ?? "Enter a number of days" }, { status: 400 });
  await saveStuckDays(session.shop, submission.value.stuckDays, staffFrom(sessionToken).id);
  return data<Reply>({ ok: true, message: `Saved: returns with no news for ${submission.value.stuckDays} days are listed.` });
};

export default function Home() {
  const { shopName, guide, actions, activity, live, overview, trackingRefusals: refused, watch, mirror } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [guideOpen, setGuideOpen] = useState(false);
  const dates = useDates();
  // After go-live, every visit asks App Bridge whether the live theme still has the returns link
  // (only the browser can); a change reaches setup health, and this page shows it.
  usePlacement({ known: live.storefrontPlaced, enabled: live.live });
  return (
    <Page title="SEKO Returns">
      <TitleBar title="SEKO Returns" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" variant="bodyLg">
              {overview ? `Welcome, ${shopName}. Returns are live with SEKO since ${dates.date(live.liveAt, "date")}.` : `Welcome, ${shopName}. Follow the steps below to take returns live with SEKO.`}
            </Text>
            <TrackingRefusedBanner refusals={refused} settingsUrl="/app/settings" />
            <ReopenedSteps guide={guide} actions={actions} />
            {overview ? (
              <>
                <ReturnsOverview overview={overview} watch={watch} reply={reply} mirror={mirror ?? undefined} />
                <BlockStack gap="200">
                  <div>
                    <Button onClick={() => setGuideOpen((open) => !open)} ariaExpanded={guideOpen} ariaControls="setup-guide" disclosure={guideOpen ? "up" : "down"}>
                      Setup guide
                    </Button>
                  </div>
                  <Collapsible id="setup-guide" open={guideOpen}>
                    <SetupGuide guide={guide} actions={actions} />
                  </Collapsible>
                </BlockStack>
              </>
            ) : (
              <SetupGuide guide={guide} actions={actions} />
            )}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <ActivityLog entries={activity} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** Steps that were complete and no longer are, each with the reason and the way back. */
function ReopenedSteps({ guide, actions }: { guide: Guide; actions: Partial<Record<string, StepAction>> }) {
  const reopened = guide.steps.filter((step) => step.reopened);
  if (!reopened.length) return null;
  return (
    <Banner tone="warning" title={reopened.length === 1 ? "A finished step reopened" : `${reopened.length} finished steps reopened`}>
      <BlockStack gap="200">
        {reopened.map((step) => {
          const action = actions[step.id];
          return (
            <BlockStack key={step.id} gap="100">
              <Text as="p">
                <Text as="span" fontWeight="semibold">
                  {`${step.number}. ${step.title}`}
                </Text>
                {` · Reopened: ${step.reopened}`}
              </Text>
              {action ? (
                <Text as="p">
                  <Link url={action.url}>{action.label}</Link>
                </Text>
              ) : null}
            </BlockStack>
          );
        })}
      </BlockStack>
    </Banner>
  );
}
