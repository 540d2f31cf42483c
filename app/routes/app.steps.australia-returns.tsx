import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useDates } from "~/components/date-setting";
import { Questionnaire } from "~/components/questionnaire/Questionnaire";
import { StepPage } from "~/components/StepPage";
import { australiaFact } from "~/guide/facts";
import { returnSettings } from "~/return-settings/return-settings";
import { loadFormState } from "~/forms/form-state.server";
import { handoverStatus, issueHandover, type HandoverView } from "~/handover/secret-handover.server";
import { handleQuestionnaire, loadQuestionnaire } from "~/guide/questionnaire-step.server";
import { requestDateSetting } from "~/utils/shop-dates.server";
import { staffFrom } from "~/utils/staff.server";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";
import { resumeDeliveries } from "~/job-handlers.server";

export const meta: MetaFunction = () => [{ title: "Australia returns · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // Submissions a crash or restart left unsent get their delivery jobs (no page waits on SMTP).
  await resumeDeliveries(session.shop);
  const data = await loadQuestionnaire({ shop: session.shop, graphql: admin.graphql }, "australia-post");
  const [onboarding, handover] = await Promise.all([loadFormState(data.shop, "onboarding"), handoverStatus(data.shop)]);
  const { countries } = returnSettings(onboarding);
  return {
    ...data,
    auOffered: countries.length ? countries.includes("AU") : null,
    handover,
    fact: australiaFact(onboarding, { formId: "australia-post", state: data.state, editedSinceSubmission: data.editedSinceSubmission, latest: data.submissions[0] }),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  const staff = staffFrom(sessionToken);
  const form = await readForm(request);
  if (form.get("intent") === "new-handover") {
    const result = await issueHandover(session.shop, staff.id, { dates: await requestDateSetting(request, session.shop) });
    return data({ intent: "new-handover" as const, ...result }, { status: result.ok ? 200 : "limited" in result ? 429 : 400 });
  }
  const reply = await handleQuestionnaire({ shop: session.shop, staff, graphql: admin.graphql }, "australia-post", form);
  return data(reply.body, { status: reply.status });
};

export default function AustraliaReturns() {
  const { auOffered, handover, ...data } = useLoaderData<typeof loader>();
  const hasSecrets = Object.values(data.state).some((section) => Object.keys(section.secretsLast4).length > 0);
  return (
    <StepPage
      number={4}
      title="Australia returns"
      fact={data.fact}
      intro="Only needed if Australian return labels should be created on your own Australia Post eParcel account. Your API key and secret are stored encrypted and never shown again."
    >
      {auOffered === false ? (
        <Banner tone="info" title="Not applicable">
          Your on-boarding form does not offer returns from Australia, so there is nothing to do here. Add Australia to the form&apos;s countries if that changes.
        </Banner>
      ) : null}
      <BlockStack gap="400">
        <Questionnaire {...data} canSubmit={data.fact.status !== "not_applicable"} />
        {hasSecrets || handover.status !== "none" ? <KeyHandover handover={handover} /> : null}
      </BlockStack>
    </StepPage>
  );
}

/** Where the hand-over stands; `when` writes a moment in the app's one date setting (app/components/date-setting.tsx). */
function handoverText(handover: HandoverView, when: (value: string) => string): string {
  switch (handover.status) {
    case "none":
      return "When you submit this step, SEKO's account manager gets a one-time link to your API key and secret. They are never emailed.";
    case "received":
      return `SEKO received the keys on ${when(handover.at)}${handover.by ? ` (${handover.by})` : ""}. The link no longer works.`;
    case "sent":
      return `A one-time link was emailed to SEKO on ${when(handover.issuedAt)}. It works once, until ${when(handover.expiresAt)}.`;
    case "not-emailed":
      return `The link could not be emailed to SEKO, so it does not work: send a new one. ${handover.error}`;
    case "expired":
      return `The link expired on ${when(handover.expiresAt)} before SEKO opened it. Send a new one.`;
  }
}

function KeyHandover({ handover }: { handover: HandoverView }) {
  const fetcher = useFetcher<{ intent: "new-handover"; ok: boolean; message?: string; emailed?: boolean }>({ key: "new-handover" });
  const dates = useDates();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Handing your keys to SEKO
        </Text>
        <Text as="p">{handoverText(handover, (value) => dates.date(value))}</Text>
        {fetcher.data && !fetcher.data.ok ? <Banner tone="critical">{fetcher.data.message}</Banner> : null}
        {handover.status !== "none" ? (
          <InlineStack>
            <fetcher.Form method="post">
              <input type="hidden" name="intent" value="new-handover" />
              <Button submit loading={fetcher.state !== "idle"}>
                Send SEKO a new link
              </Button>
            </fetcher.Form>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
