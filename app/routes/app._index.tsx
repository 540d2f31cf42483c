import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Layout, Page, Text } from "@shopify/polaris";
import { ActivityLog } from "~/components/ActivityLog";
import { SetupGuide } from "~/components/SetupGuide";
import { recentActivity } from "~/onboarding/activity.server";
import { getGuide } from "~/onboarding/guide.server";
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
