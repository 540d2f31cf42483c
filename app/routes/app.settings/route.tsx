import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";
import { staffFrom } from "~/utils/staff.server";
import { settingsAction, type SettingsAnswer } from "./actions.server";
import { CredentialCard } from "./CredentialCard";
import { DemoKeys } from "./DemoKeys";
import { EnvironmentCard } from "./EnvironmentCard";
import { RETURNS_IN_SHOPIFY_INTENT, ReturnsInShopifyCard } from "./ReturnsInShopifyCard";
import { TrackingCard } from "./TrackingCard";
import { settingsView } from "./view-model.server";

export const meta: MetaFunction = () => [{ title: "Settings · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return settingsView(session, admin.graphql);
};

export const action = async ({ request }: ActionFunctionArgs): Promise<SettingsAnswer> => {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  // Who did it, for the activity log each change records.
  const by = staffFrom(sessionToken).id;
  return settingsAction(session.shop, by, await readForm(request), admin.graphql);
};

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <Page title="Settings">
      <TitleBar title="Settings" />
      <Layout>
        {answer && answer.intent !== "connect" && answer.intent !== RETURNS_IN_SHOPIFY_INTENT ? (
          <Layout.Section>
            <Banner tone={answer.ok ? "success" : "critical"} title={answer.message}>
              {answer.ok && answer.password ? (
                <BlockStack gap="100">
                  <Text as="p">Give SEKO these values now: the password is shown only once.</Text>
                  {answer.url ? (
                    <Text as="p">
                      Webhook URL: <code data-testid="tracking-url">{answer.url}</code>
                    </Text>
                  ) : null}
                  <Text as="p">
                    Username: <code data-testid="tracking-username">{answer.username}</code>
                  </Text>
                  <Text as="p">
                    Password: <code data-testid="tracking-password">{answer.password}</code>
                  </Text>
                </BlockStack>
              ) : null}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection
          title="SEKO connection"
          description="The keys SEKO gave you for OmniReturns, OmniRPS and OmniParcel. Each key is checked with SEKO before it is saved, stored encrypted, and never shown again in full."
        >
          <BlockStack gap="400">
            {data.demoKeys ? <DemoKeys fields={data.demoKeys.fields} /> : null}
            <EnvironmentCard environment={data.environment} overrides={data.overrides} answer={answer} />
            <CredentialCard system="omnireturns" environment={data.environment} connections={data.connections} answer={answer} />
            <CredentialCard system="omnirps" environment={data.environment} connections={data.connections} answer={answer} retailerSuggestion={data.retailerSuggestion} />
            <CredentialCard system="omniparcel" environment={data.environment} connections={data.connections} answer={answer} />
          </BlockStack>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Return tracking webhook" description="SEKO posts every Return Tracking-Status here. Give SEKO the URL, username and password below.">
          <TrackingCard tracking={data.tracking} events={data.events} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Returns in Shopify"
          description="After go-live, SEKO's live returns can appear on their Shopify orders as Shopify returns, moving as SEKO tracks them. Off until you turn it on."
        >
          <ReturnsInShopifyCard view={data.returnsInShopify} answer={answer} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Shopify access" description="What this app may read in your store, and why.">
          <Card>
            <BlockStack gap="200">
              <Text as="p">
                Connected to{" "}
                <Text as="span" fontWeight="semibold">
                  {data.shop}
                </Text>
              </Text>
              <Text as="p" tone="subdued">
                Granted access: {data.scopes.length ? data.scopes.join(", ") : "none"}
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
