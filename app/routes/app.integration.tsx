import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { AccessCard } from "~/components/integration/AccessCard";
import { IntegrationOverview, Section } from "~/components/integration/IntegrationOverview";
import { ReadinessCard } from "~/components/integration/ReadinessCard";
import { REFUSED_PAGE_PARAM, RefusedOrdersCard } from "~/components/integration/RefusedOrdersCard";
import { SECTIONS } from "~/components/integration/shared";
import { SummaryCard } from "~/components/integration/SummaryCard";
import { SyncCard } from "~/components/integration/SyncCard";
import { UploadCard } from "~/components/integration/UploadCard";
import { WebhooksCard } from "~/components/integration/WebhooksCard";
import { StepPage } from "~/components/StepPage";
import { loadReturnSettings } from "~/return-settings/return-settings.server";
import { integrationFact } from "~/guide/facts";
import { stepById } from "~/guide/steps";
import { requestUpload, setNonReturnableTags, uploadSummary } from "~/seko/order-upload.server";
import { sekoClients } from "~/seko/connection.server";
import { authenticate } from "~/shopify.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { ensureJobRunner } from "~/job-handlers.server";
import { kickJobs } from "~/utils/job-queue.server";
import { startBackfill } from "~/shopify/backfill.server";
import { integrationRecords, syncSettings } from "~/shopify/sync-view.server";
import {
  summaryAndReadiness,
  confirmSummaryHandedOver,
  latestSummary,
  OPTIONAL_SCOPES,
  REQUIRED_SCOPES,
  refreshGrantedScopes,
  submitSummary,
} from "~/integration/summary.server";
import { refusedOrders, requestVariantRefresh } from "~/shopify/products.server";
import type { loader as progressLoader } from "./app.integration.progress";
import { readForm } from "~/utils/form.server";
import { staffFrom } from "~/utils/staff.server";

export const meta: MetaFunction = () => [{ title: "Shopify integration · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  ensureJobRunner();
  const shop = session.shop;
  const graphql = admin.graphql as AdminGraphql;
  const refusedPage = Number(new URL(request.url).searchParams.get(REFUSED_PAGE_PARAM) ?? "1");
  const offered = (await loadReturnSettings(shop)).countries;
  const [fact, summary, upload, { summary: preview, toFix, sync, webhooks }, settings, clients, refused] = await Promise.all([
    integrationRecords(shop).then(integrationFact),
    latestSummary(shop),
    uploadSummary(shop),
    summaryAndReadiness(shop, graphql, { offered }),
    syncSettings(shop),
    sekoClients(shop),
    refusedOrders(shop, refusedPage),
  ]);
  return {
    shop,
    sync,
    webhooks,
    fact,
    summary,
    upload: { ...upload, connected: Boolean(clients.omnirps) },
    preview,
    toFix,
    offered,
    refused,
    summaryConfirmed: settings.summaryConfirmed,
    nonReturnableTags: settings.nonReturnableTags,
    scopes: { granted: preview.access.granted, required: REQUIRED_SCOPES, optional: OPTIONAL_SCOPES },
  };
};

const intents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start-sync") }),
  z.object({ intent: z.literal("submit-summary") }),
  z.object({ intent: z.literal("confirm-summary") }),
  z.object({ intent: z.literal("refresh-products") }),
  z.object({ intent: z.literal("upload-now") }),
  z.object({ intent: z.literal("scopes-changed") }),
  z.object({ intent: z.literal("save-rules"), nonReturnableTags: z.string().max(500, "Keep the list under 500 characters") }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  ensureJobRunner();
  const shop = session.shop;
  const form = Object.fromEntries(await readForm(request));
  if (!intents.options.some((option) => option.shape.intent.value === form.intent)) {
    throw new Response(`Unknown intent "${String(form.intent ?? "")}"`, { status: 400 });
  }
  const parsed = intents.safeParse(form);
  if (!parsed.success) return data({ ok: false as const, message: parsed.error.issues[0]?.message ?? "Check the form" }, { status: 400 });
  const actor = staffFrom(sessionToken).id;
  switch (parsed.data.intent) {
    case "start-sync": {
      const started = await startBackfill(shop);
      return { ok: true as const, message: started ? "Order sync started" : "The order sync is already running" };
    }
    case "submit-summary": {
      const result = await submitSummary(shop, admin.graphql as AdminGraphql, actor, { offered: (await loadReturnSettings(shop)).countries });
      return result.status === "sent"
        ? { ok: true as const, message: "Summary sent to SEKO" }
        : { ok: false as const, message: "The summary is saved but could not be emailed to SEKO yet" };
    }
    case "confirm-summary":
      await confirmSummaryHandedOver(shop, actor);
      return { ok: true as const, message: "Recorded: SEKO has the summary" };
    case "refresh-products":
      await requestVariantRefresh(shop);
      kickJobs();
      return { ok: true as const, message: "Reading product data from Shopify again" };
    case "upload-now":
      await requestUpload(shop);
      kickJobs();
      return { ok: true as const, message: "Sending orders to SEKO" };
    case "save-rules": {
      const tags = await setNonReturnableTags(shop, parsed.data.nonReturnableTags);
      kickJobs();
      return { ok: true as const, message: tags ? `Products tagged ${tags} are sent as not returnable` : "Every product is sent as returnable" };
    }
    case "scopes-changed": {
      const scopes = await refreshGrantedScopes(shop, admin.graphql as AdminGraphql);
      return { ok: true as const, message: scopes.includes("read_all_orders") ? "All-orders access granted: sync again to import older orders" : "Access updated" };
    }
  }
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const PROGRESS_URL = "/app/integration/progress";

/**
 * During a sync the page polls the progress endpoint (the sync's state only)
 * once a second, and loads its own data again, with Shopify calls and the
 * summary's queries, only when the sync changes status or phase.
 */
function useSyncProgress(loaded: LoaderData["sync"]): LoaderData["sync"] {
  const progress = useFetcher<typeof progressLoader>();
  const revalidator = useRevalidator();
  const busy = loaded.status === "queued" || loaded.status === "running";
  const fetcherState = useRef(progress.state);
  fetcherState.current = progress.state;
  const { load } = progress;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      if (fetcherState.current === "idle") load(PROGRESS_URL);
    }, 1000);
    return () => clearInterval(timer);
  }, [busy, load]);
  const polled = progress.data;
  const changed = polled !== undefined && (polled.status !== loaded.status || polled.phase !== loaded.phase);
  // Once per answer that differs: a reload already under way, or an answer older than it, asks for no other.
  const handled = useRef<typeof polled>(undefined);
  useEffect(() => {
    if (!changed || handled.current === polled) return;
    handled.current = polled;
    revalidator.revalidate();
  }, [polled, changed, revalidator]);
  return busy && polled !== undefined && !changed ? polled : loaded;
}

export default function IntegrationPage() {
  const data = useLoaderData<typeof loader>();
  const sync = useSyncProgress(data.sync);
  const step = stepById("integration");
  const delivered = data.summary?.deliveryStatus === "sent" || data.summaryConfirmed;
  return (
    <StepPage title={step.title} number={step.number} fact={data.fact} intro={step.summary}>
      <IntegrationOverview
        data={{
          sync: { status: sync.status, ordersStored: sync.ordersStored },
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
        <SummaryCard preview={data.preview} summary={data.summary} syncDone={Boolean(data.sync.finishedAt)} confirmed={data.summaryConfirmed} />
      </Section>
      <Section id={SECTIONS.products}>
        <ReadinessCard readiness={data.preview.productReadiness} toFix={data.toFix} offered={data.offered} />
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
