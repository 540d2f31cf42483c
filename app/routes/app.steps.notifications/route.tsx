import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Layout } from "@shopify/polaris";
import { StepPage } from "~/components/StepPage";
import { TemplateEditor } from "~/components/notifications/TemplateEditor";
import { HandedOverCard, restoreCount, VersionsCard } from "~/components/notifications/TemplateStepCards";
import { resumeDeliveries } from "~/job-handlers.server";
import { DEFAULT_LOCALE } from "~/notifications/defaults";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";
import { requestDateSetting } from "~/utils/shop-dates.server";
import { staffFrom, verifiedStaffEmail } from "~/utils/staff.server";
import { answerNotifications } from "./actions.server";
import { StatusesCard } from "./StatusesCard";
import { TrackedEmails } from "./TrackedEmails";
import { notificationsView } from "./view-model.server";

export const meta: MetaFunction = () => [{ title: "Customer notifications · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  await resumeDeliveries(session.shop);
  return notificationsView(session.shop, new URL(request.url));
};

export type NotificationsData = ReturnType<typeof useLoaderData<typeof loader>>;

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const actor = staffFrom(sessionToken);
  const formData = await readForm(request, { maxBytes: 400 * 1024 });
  return answerNotifications({ shop: session.shop, actorId: actor.id, recipient: verifiedStaffEmail(session), dates: await requestDateSetting(request, session.shop) }, formData);
};

export default function Notifications() {
  const { fact, skipped, statuses, code, template, versions, submissions, tracked } = useLoaderData<typeof loader>();
  const current = statuses.find((status) => status.code === code)!;
  return (
    <StepPage
      number={8}
      title="Customer notifications"
      fact={fact}
      intro="Optional: SEKO can email your customers when their return reaches a new tracking status. These are transactional emails, so they carry no unsubscribe link."
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <StatusesCard statuses={statuses} code={code} skipped={skipped} />
            {current.omniRpsOnly ? <Banner tone="info">{`${current.label} applies only to returns processed through OmniRPS.`}</Banner> : null}
            <TemplateEditor
              key={`${code}-${restoreCount(versions)}`}
              template={template}
              hidden={{ kind: code, scope: "default", locale: DEFAULT_LOCALE }}
              label={`${current.label} (${code})`}
              showEnabled
            />
            <VersionsCard versions={versions} />
            <TrackedEmails tracked={tracked} />
            <HandedOverCard submissions={submissions} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </StepPage>
  );
}
