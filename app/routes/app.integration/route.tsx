import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AccessCard } from "~/components/integration/AccessCard";
import { IntegrationOverview, Section } from "~/components/integration/IntegrationOverview";
import { ReadinessCard } from "~/components/integration/ReadinessCard";
import { REFUSED_PAGE_PARAM, RefusedOrdersCard } from "~/components/integration/RefusedOrdersCard";
import { SECTIONS } from "~/components/integration/shared";
import { SummaryCard } from "~/components/integration/SummaryCard";
import { syncHeadline } from "~/components/integration/sync-headline";
import { SyncCard } from "~/components/integration/SyncCard";
import { UploadCard } from "~/components/integration/UploadCard";
import { WebhooksCard } from "~/components/integration/WebhooksCard";
import { StepPage } from "~/components/StepPage";
import { stepById } from "~/guide/steps";
import { ensureJobRunner } from "~/job-handlers.server";
import { authenticate } from "~/shopify.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { readForm } from "~/utils/form.server";
import { staffFrom } from "~/utils/staff.server";
import { integrationAction } from "./actions.server";
import { useSyncProgress } from "./use-sync-progress";
import { integrationView } from "./view-model.server";

export const meta: MetaFunction = () => [{ title: "Shopify integration · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  ensureJobRunner();
  const refusedPage = Number(new URL(request.url).searchParams.get(REFUSED_PAGE_PARAM) ?? "1");
  return integrationView(session.shop, admin.graphql as AdminGraphql, refusedPage);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  ensureJobRunner();
  return integrationAction(session.shop, admin.graphql as AdminGraphql, staffFrom(sessionToken).id, await readForm(request));
};

export default function IntegrationPage() {
  const data = useLoaderData<typeof loader>();
  const sync = useSyncProgress(data.sync);
  const step = stepById("integration");
  const delivered = data.summary?.deliveryStatus === "sent" || data.summaryConfirmed;
  return (
    <StepPage title={step.title} number={step.number} fact={data.fact} intro={step.summary}>
      <IntegrationOverview
        data={{
          sync: { headline: syncHeadline(sync.status, sync.ordersStored) },
          productsToFix: data.preview.productReadiness.skusMissingData,
          refusedOrders: data.refused.total,
          ordersSent: data.upload.uploaded + data.upload.partial,
          summary: delivered ? "delivered" : data.summary ? "not-delivered" : "not-sent",
          missingRequiredAccess: data.scopes.required.filter((scope) => !data.scopes.granted.includes(scope.handle)).length,
        }}
      />
      <Section id={SECTIONS.sync}>
        <SyncCard sync={sync} allOrders={data.scopes.granted.includes("read_all_orders")} />
      </Section>
      <Section id={SECTIONS.summary}>
        <SummaryCard preview={data.preview} summary={data.summary} syncDone={Boolean(data.sync.finishedAt)} confirmed={data.summaryConfirmed} readinessAsOf={data.readinessAsOf} />
      </Section>
      <Section id={SECTIONS.products}>
        <ReadinessCard readiness={data.preview.productReadiness} toFix={data.toFix} offered={data.offered} asOf={data.readinessAsOf} />
      </Section>
      <Section id={SECTIONS.refused}>
        <RefusedOrdersCard refused={data.refused} />
      </Section>
      <Section id={SECTIONS.upload}>
        <UploadCard upload={data.upload} nonReturnableTags={data.nonReturnableTags} />
      </Section>
      <Section id={SECTIONS.access}>
        <AccessCard scopes={data.scopes} />
      </Section>
      <Section id={SECTIONS.webhooks}>
        <WebhooksCard webhooks={data.webhooks} />
      </Section>
    </StepPage>
  );
}
