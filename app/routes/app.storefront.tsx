import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { fieldError } from "~/components/form-errors";
import { FormTextField } from "~/components/FormTextField";
import { CustomerAccountStatus } from "~/components/storefront/CustomerAccountStatus";
import { LinkPreview } from "~/components/storefront/LinkPreview";
import { PlacementStatus, usePlacement } from "~/components/storefront/PlacementStatus";
import { customerAccountsEditorLink } from "~/customer-account/placement";
import { storefrontPlacement } from "~/launch/go-live.server";
import { staffFrom } from "~/utils/staff.server";
import { storefrontLinkInput, themeEditorLinks } from "~/storefront/link";
import { RETURNS_LINK_CSS } from "~/storefront/styles.server";
import { saveStorefrontLink, syncStorefrontLink } from "~/storefront/link.server";
import { authenticate } from "~/shopify.server";
import { env } from "~/utils/env.server";
import { firstErrorByField, readForm, unknownIntent } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Storefront · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const [link, storefrontPlaced] = await Promise.all([syncStorefrontLink(session.shop, admin.graphql), storefrontPlacement(session.shop)]);
  return { storefrontPlaced, link, links: { ...themeEditorLinks(session.shop, env().SHOPIFY_API_KEY), customerAccounts: customerAccountsEditorLink(session.shop) }, css: RETURNS_LINK_CSS };
};

/** A field left out of the post counts as emptied; an emptied address removes the link. */
const saveLinkForm = z.object({ portalUrl: z.string().default(""), orderParam: z.string().default(""), emailParam: z.string().default("") }).pipe(storefrontLinkInput);

/** A refusal carries conform's reply (`result`, shown through `fieldError`) and its errors as one message per field. */
type ActionResult = { ok: true; message: string } | { ok: false; message: string; result: SubmissionResult<string[]>; fieldErrors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionResult> => {
  const { session, sessionToken, admin } = await authenticate.admin(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent !== "save") return unknownIntent(intent);
  // No coercion: an emptied field is a value (no portal, no prefill), not a missing one.
  const submission = parseWithZod(formData, { schema: saveLinkForm, disableAutoCoercion: true });
  if (submission.status !== "success") {
    const result = submission.reply();
    return { ok: false, message: "Check the highlighted fields.", result, fieldErrors: firstErrorByField(result) };
  }
  const saved = await saveStorefrontLink(session.shop, admin.graphql, submission.value, staffFrom(sessionToken).id);
  return { ok: true, message: saved.portalUrl ? "Returns portal saved. The storefront link uses it now." : "Returns portal removed: the storefront shows no link." };
};

export default function Storefront() {
  const { link, links, css, storefrontPlaced } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const { state, check } = usePlacement({ known: storefrontPlaced });
  // A save changes what Shopify says of the embed and block (available_if on portal_set): the page
  // shows it at once from its reloaded data (PlacementStatus's portalSaved) and asks App Bridge again.
  useEffect(() => {
    if (result?.ok) check();
  }, [result, check]);
  const refused = result && !result.ok ? result.result : undefined;
  return (
    <Page title="Storefront" subtitle="The “Start a return” link customers use to reach your SEKO returns portal.">
      <TitleBar title="Storefront" />
      <Layout>
        {result ? (
          <Layout.Section>
            <Banner tone={result.ok ? "success" : "critical"} title={result.message} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Where customers see it
                </Text>
                {link.live ? <Badge tone="success">Returns are live</Badge> : <Badge tone="attention">Not live yet</Badge>}
              </InlineStack>
              {link.live ? null : (
                <Text as="p" tone="subdued">
                  Customers see the link once returns go live (step 10). You can place it in your theme as soon as the returns portal address is saved below.
                </Text>
              )}
              <PlacementStatus state={state} onRecheck={check} embedLink={links.embed} blockLink={links.blockOnPage} portalSaved={link.portalUrl !== null} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Customer accounts
              </Text>
              <Text as="p" tone="subdued">
                Logged-in customers start a return from the order itself and follow its status there, in their own language.
              </Text>
              <CustomerAccountStatus state={state} onRecheck={check} editorLink={links.customerAccounts} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="save" />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Returns portal
                </Text>
                <FormLayout>
                  <FormTextField
                    label="Returns portal address"
                    name="portalUrl"
                    type="url"
                    autoComplete="off"
                    initialValue={link.portalUrl ?? ""}
                    placeholder="https://…"
                    helpText="The address SEKO gave you for your customers' returns portal. Without it, the storefront shows no link."
                    error={fieldError(refused, "portalUrl")}
                  />
                  <FormLayout.Group>
                    <FormTextField
                      label="Order number parameter (optional)"
                      name="orderParam"
                      autoComplete="off"
                      initialValue={link.orderParam ?? ""}
                      helpText="Only if SEKO confirms their portal reads the order number from the address."
                      error={fieldError(refused, "orderParam")}
                    />
                    <FormTextField
                      label="Email parameter (optional)"
                      name="emailParam"
                      autoComplete="off"
                      initialValue={link.emailParam ?? ""}
                      helpText="Used on the customer's order page only."
                      error={fieldError(refused, "emailParam")}
                    />
                  </FormLayout.Group>
                </FormLayout>
                <InlineStack>
                  <Button submit variant="primary" loading={saving}>
                    Save
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Preview
              </Text>
              <LinkPreview css={css} portalUrl={link.portalUrl} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
