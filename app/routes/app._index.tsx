import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Layout, Page, Text } from "@shopify/polaris";
import { SetupGuide } from "~/components/SetupGuide";
import { getGuide } from "~/onboarding/guide.server";
import { authenticate } from "~/shopify.server";
import { getShopInfo } from "~/shopify/shop-info.server";

export const meta: MetaFunction = () => [{ title: "SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const [shop, guide] = await Promise.all([getShopInfo(admin.graphql), getGuide(session.shop)]);
  return { shopName: shop.name, guide };
};

export default function Home() {
  const { shopName, guide } = useLoaderData<typeof loader>();
  return (
    <Page title="SEKO Returns">
      <TitleBar title="SEKO Returns" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" variant="bodyLg">
              Welcome, {shopName}. Follow the steps below to take returns live with SEKO.
            </Text>
            <SetupGuide guide={guide} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
