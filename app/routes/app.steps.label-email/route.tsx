import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link as RemixLink, useLoaderData, useNavigate } from "@remix-run/react";
import { Banner, BlockStack, InlineStack, Layout, Select, Text } from "@shopify/polaris";
import { StepPage } from "~/components/StepPage";
import { TemplateEditor } from "~/components/notifications/TemplateEditor";
import { HandedOverCard, restoreCount, VersionsCard } from "~/components/notifications/TemplateStepCards";
import { resumeDeliveries } from "~/job-handlers.server";
import { DEFAULT_LOCALE } from "~/notifications/defaults";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";
import { requestDateSetting } from "~/utils/shop-dates.server";
import { staffFrom, verifiedStaffEmail } from "~/utils/staff.server";
import { answerLabelEmail } from "./actions.server";
import { CountriesCard } from "./CountriesCard";
import { labelEmailView } from "./view-model.server";

export const meta: MetaFunction = () => [{ title: "Return label email · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  await resumeDeliveries(session.shop);
  return labelEmailView(session.shop, new URL(request.url));
};

export type LabelEmailData = ReturnType<typeof useLoaderData<typeof loader>>;

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const actor = staffFrom(sessionToken);
  const formData = await readForm(request, { maxBytes: 400 * 1024 });
  return answerLabelEmail({ shop: session.shop, actorId: actor.id, recipient: verifiedStaffEmail(session), dates: await requestDateSetting(request, session.shop) }, formData);
};

export default function LabelEmail() {
  const { fact, countries, locales, selected, coverage, template, versions, submissions } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const go = (scope: string, locale: string) => navigate(`?country=${scope}&locale=${locale}`, { preventScrollReset: true });
  const label = `${selected.scope === "default" ? "Default (every country without its own)" : selected.scope}${selected.locale === DEFAULT_LOCALE ? "" : ` · ${selected.locale}`}`;
  return (
    <StepPage
      number={7}
      title="Return label email"
      fact={fact}
      intro="SEKO emails customers their return label. Check the email for every country you offer returns from, edit it if you like, and hand the set over to SEKO."
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {!countries ? (
              <Banner tone="warning">
                Step 1 does not list the countries you offer returns from yet. <RemixLink to="/app/steps/onboarding-form">Answer it first.</RemixLink>
              </Banner>
            ) : (
              <CountriesCard coverage={coverage} go={go} />
            )}
            <InlineStack gap="200" blockAlign="end">
              <Text as="h2" variant="headingMd">
                {`Editing: ${label}`}
              </Text>
              {locales.length ? (
                <Select
                  label="Language"
                  labelInline
                  value={selected.locale}
                  onChange={(locale) => go(selected.scope, locale)}
                  options={[{ label: "Default (English)", value: DEFAULT_LOCALE }, ...locales.map((locale) => ({ label: locale, value: locale }))]}
                />
              ) : null}
            </InlineStack>
            {template.origin !== "own" ? (
              <Text as="p" tone="subdued">
                {template.origin === "built-in" ? "This is the app's default email, branded from step 1. Saving makes it this one's own." : "This uses your default email. Saving gives it its own."}
              </Text>
            ) : null}
            <TemplateEditor
              key={`${selected.scope}-${selected.locale}-${restoreCount(versions)}`}
              template={template}
              hidden={{ kind: "label-email", scope: selected.scope, locale: selected.locale }}
              label={label}
            />
            <VersionsCard versions={versions} />
            <HandedOverCard submissions={submissions} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </StepPage>
  );
}
