import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { ActivityLog } from "~/components/ActivityLog";
import { SetupGuide, type StepAction } from "~/components/SetupGuide";
import { recentActivity } from "~/onboarding/activity.server";
import { getGuide } from "~/onboarding/guide.server";
import type { Guide } from "~/onboarding/progress";
import { stepActions } from "~/onboarding/step-actions";
import { authenticate } from "~/shopify.server";
import { resumeDeliveries } from "~/jobs.server";
import { getShopInfo } from "~/shopify/shop-info.server";

export const meta: MetaFunction = () => [{ title: "SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // Undelivered submissions are retried by the job runner; the page never waits on SMTP.
  await resumeDeliveries(session.shop);
  const [shop, guide, activity] = await Promise.all([getShopInfo(admin.graphql), getGuide(session.shop), recentActivity(session.shop)]);
  return { shopName: shop.name, guide, actions: stepActions(guide), activity };
};

export default function Home() {
  const { shopName, guide, actions, activity } = useLoaderData<typeof loader>();
  return (
    <Page title="SEKO Returns">
      <TitleBar title="SEKO Returns" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" variant="bodyLg">
              Welcome, {shopName}. Follow the steps below to take returns live with SEKO.
            </Text>
            <ReopenedSteps guide={guide} actions={actions} />
            <SetupGuide guide={guide} actions={actions} />
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
