import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";

export const meta: MetaFunction = () => [{ title: "Settings · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { shop: session.shop, scopes: (session.scope ?? "").split(",").filter(Boolean) };
};

export default function Settings() {
  const { shop, scopes } = useLoaderData<typeof loader>();
  return (
    <Page title="Settings">
      <TitleBar title="Settings" />
      <Layout>
        <Layout.AnnotatedSection title="Shopify access" description="What this app may read in your store, and why.">
          <Card>
            <BlockStack gap="200">
              <Text as="p">
                Connected to <Text as="span" fontWeight="semibold">{shop}</Text>
              </Text>
              <Text as="p" tone="subdued">
                Granted access: {scopes.length ? scopes.join(", ") : "none"}
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
