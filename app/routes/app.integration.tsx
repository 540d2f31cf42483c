import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  InlineStack,
  Link,
  List,
  ProgressBar,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { StepPage } from "~/components/StepPage";
import { stepById } from "~/onboarding/steps";
import { requestUpload, setNonReturnableTags, uploadSummary } from "~/seko/order-upload.server";
import { sekoClients } from "~/seko/connection.server";
import { authenticate } from "~/shopify.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { ensureJobRunner } from "~/jobs.server";
import { kickJobs } from "~/utils/jobs.server";
import { integrationFact } from "~/onboarding/facts";
import { grantedScopes, startBackfill } from "~/shopify/backfill.server";
import { integrationRecords, syncView, webhookActivity } from "~/shopify/sync-view.server";
import {
  summaryAndReadiness,
  confirmSummaryHandedOver,
  latestSummary,
  OPTIONAL_SCOPES,
  REQUIRED_SCOPES,
  submitSummary,
} from "~/shopify/order-sync-summary.server";
import { requestVariantRefresh } from "~/shopify/products.server";
import { db } from "~/utils/db.server";
import type { loader as progressLoader } from "./app.integration.progress";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Shopify integration · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  ensureJobRunner();
  const shop = session.shop;
  const graphql = admin.graphql as AdminGraphql;
  const [sync, webhooks, fact, summary, upload, { summary: preview, toFix }, settings, clients] = await Promise.all([
    syncView(shop),
    webhookActivity(shop),
    integrationRecords(shop).then(integrationFact),
    latestSummary(shop),
    uploadSummary(shop),
    summaryAndReadiness(shop, graphql),
    db.orderSyncState.findUnique({ where: { shop }, select: { nonReturnableTags: true, summaryConfirmedAt: true } }),
    sekoClients(shop),
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
    summaryConfirmed: Boolean(settings?.summaryConfirmedAt),
    nonReturnableTags: settings?.nonReturnableTags ?? "final-sale",
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
  const { admin, session } = await authenticate.admin(request);
  ensureJobRunner();
  const shop = session.shop;
  const form = Object.fromEntries(await readForm(request));
  if (!intents.options.some((option) => option.shape.intent.value === form.intent)) {
    throw new Response(`Unknown intent "${String(form.intent ?? "")}"`, { status: 400 });
  }
  const parsed = intents.safeParse(form);
  if (!parsed.success) return data({ ok: false as const, message: parsed.error.issues[0]?.message ?? "Check the form" }, { status: 400 });
  const actor = session.onlineAccessInfo?.associated_user?.id ? String(session.onlineAccessInfo.associated_user.id) : "staff";
  switch (parsed.data.intent) {
    case "start-sync": {
      const started = await startBackfill(shop);
      return { ok: true as const, message: started ? "Order sync started" : "The order sync is already running" };
    }
    case "submit-summary": {
      const result = await submitSummary(shop, admin.graphql as AdminGraphql, actor);
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
      // The truth is what Shopify reports for the installation, not what the browser said.
      const scopes = await grantedScopes(admin.graphql as AdminGraphql);
      await db.shop.updateMany({ where: { shop }, data: { scopes: scopes.join(",") } });
      return { ok: true as const, message: scopes.includes("read_all_orders") ? "All-orders access granted: sync again to import older orders" : "Access updated" };
    }
  }
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function formatDate(value: string | null) {
  return value ? new Date(value).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }) : "never";
}

function duration(seconds: number) {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.round(minutes / 6) / 10} h`;
}

function useToastOnResult(data: { ok: boolean; message: string } | undefined) {
  useEffect(() => {
    if (data && typeof window !== "undefined" && "shopify" in window) {
      (window as unknown as { shopify: { toast: { show(message: string, options?: { isError?: boolean }): void } } }).shopify.toast.show(data.message, { isError: !data.ok });
    }
  }, [data]);
}

function SyncCard({ sync }: { sync: LoaderData["sync"] }) {
  const fetcher = useFetcher<typeof action>();
  useToastOnResult(fetcher.data);
  const busy = sync.status === "queued" || sync.status === "running";
  const { progress } = sync;
  const exporting = busy && sync.phase !== "ingesting";
  const tone = sync.status === "done" ? "success" : sync.status === "failed" ? "critical" : busy ? "info" : undefined;
  const label = { idle: "Not started", queued: "Starting", running: "Syncing", done: "Synced", failed: "Stopped" }[sync.status];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Order sync
            </Text>
            <Badge tone={tone}>{label}</Badge>
          </InlineStack>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="start-sync" />
            <Button submit variant={sync.status === "idle" ? "primary" : "secondary"} disabled={busy} loading={fetcher.state !== "idle"}>
              {sync.status === "idle" ? "Start sync" : "Sync again"}
            </Button>
          </fetcher.Form>
        </InlineStack>
        <Text as="p" tone="subdued">
          Orders from {sync.since ? `the last 60 days (since ${formatDate(sync.since)})` : "your whole order history"} are imported once; after that, order
          updates arrive as they happen and a nightly check catches anything missed.
        </Text>
        {sync.status !== "idle" ? (
          <BlockStack gap="200">
            <div aria-label="Order sync progress" role="group">
              <ProgressBar progress={Math.round((progress.fraction ?? (exporting ? 0.05 : 0)) * 100)} tone={sync.status === "failed" ? "critical" : "primary"} animated={busy} />
            </div>
            <Text as="p" aria-live="polite">
              {exporting
                ? `Shopify is preparing your orders${sync.bulkObjectCount ? ` (${sync.bulkObjectCount} records so far)` : ""}…`
                : `${progress.ingested} of ${progress.estimatedTotal ?? "?"} orders imported`}
              {busy && !exporting && progress.ordersPerSecond ? ` · ${progress.ordersPerSecond} orders/s` : ""}
              {busy && !exporting && progress.etaSeconds !== null ? ` · about ${duration(progress.etaSeconds)} left` : ""}
            </Text>
            <Text as="p" tone="subdued">
              {sync.ordersStored} orders stored · last check for missed updates: {formatDate(sync.lastReconciledAt)}
              {sync.attempts ? ` · export restarted ${sync.attempts} time${sync.attempts > 1 ? "s" : ""}` : ""}
            </Text>
          </BlockStack>
        ) : null}
        {sync.lastError ? (
          <Banner tone={sync.status === "failed" ? "critical" : "warning"} title={sync.status === "failed" ? "The order sync stopped" : "Retrying"}>
            <p>{sync.lastError}</p>
          </Banner>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function AccessCard({ scopes }: { scopes: LoaderData["scopes"] }) {
  const fetcher = useFetcher<typeof action>();
  useToastOnResult(fetcher.data);
  const [error, setError] = useState<string | null>(null);
  const request = async (handle: string) => {
    setError(null);
    const bridge = (window as unknown as { shopify?: { scopes?: { request(scopes: string[]): Promise<unknown> } } }).shopify;
    if (!bridge?.scopes) return setError("Requesting access is not available here. Open the app in Shopify admin.");
    try {
      const answer = (await bridge.scopes.request([handle])) as { result?: string } | undefined;
      if (answer?.result === "declined-all") return setError("The access was not granted.");
      fetcher.submit({ intent: "scopes-changed" }, { method: "post" });
    } catch {
      setError("Shopify did not grant the access.");
    }
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          What the app can access
        </Text>
        <List>
          {scopes.required.map((scope) => (
            <List.Item key={scope.handle}>
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  {scope.label}
                </Text>
                <Badge tone={scopes.granted.includes(scope.handle) ? "success" : "critical"}>{scopes.granted.includes(scope.handle) ? "Granted" : "Missing"}</Badge>
                <Text as="span" tone="subdued">
                  {scope.why}
                </Text>
              </InlineStack>
            </List.Item>
          ))}
        </List>
        <Text as="h3" variant="headingSm">
          Optional
        </Text>
        {scopes.optional.map((scope) => {
          const granted = scopes.granted.includes(scope.handle);
          return (
            <InlineStack key={scope.handle} align="space-between" blockAlign="center" gap="200">
              <BlockStack gap="050">
                <Text as="span" fontWeight="semibold">
                  {scope.label} {granted ? <Badge tone="success">Granted</Badge> : null}
                </Text>
                <Text as="span" tone="subdued">
                  {scope.why}
                </Text>
              </BlockStack>
              {granted ? null : (
                <Button onClick={() => void request(scope.handle)} loading={fetcher.state !== "idle"} accessibilityLabel={`Request ${scope.label} access`}>
                  Request access
                </Button>
              )}
            </InlineStack>
          );
        })}
        {error ? <Banner tone="warning">{error}</Banner> : null}
      </BlockStack>
    </Card>
  );
}

const TOPIC_LABELS: Record<string, string> = {
  "orders/create": "New orders",
  "orders/updated": "Order changes",
  "orders/cancelled": "Cancellations",
  "orders/fulfilled": "Fulfilments",
  "refunds/create": "Refunds",
};

function WebhooksCard({ webhooks }: { webhooks: LoaderData["webhooks"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Live order updates
        </Text>
        <Text as="p" tone="subdued">
          Shopify tells the app about these events as they happen. A nightly check catches any update that did not arrive.
        </Text>
        <DataTable
          columnContentTypes={["text", "text", "text"]}
          headings={["Event", "Subscription", "Last delivered"]}
          rows={webhooks.map((w) => [TOPIC_LABELS[w.topic] ?? w.topic, w.topic, formatDate(w.lastDeliveredAt)])}
        />
      </BlockStack>
    </Card>
  );
}

async function download(id: string) {
  const response = await fetch(`/app/steps/submissions/${id}`);
  if (!response.ok) throw new Error("download failed");
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "integration-summary.json";
  link.click();
  URL.revokeObjectURL(url);
}

function SummaryCard({ preview, summary, syncDone, confirmed }: { preview: LoaderData["preview"]; summary: LoaderData["summary"]; syncDone: boolean; confirmed: boolean }) {
  const fetcher = useFetcher<typeof action>();
  useToastOnResult(fetcher.data);
  const v = preview.orderVolume;
  const sent = summary?.deliveryStatus === "sent";
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Integration summary for SEKO
            </Text>
            {sent || confirmed ? <Badge tone="success">Delivered</Badge> : summary ? <Badge tone="warning">Not delivered</Badge> : null}
          </InlineStack>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="submit-summary" />
            <Button submit variant={sent || confirmed ? "secondary" : "primary"} disabled={!syncDone} loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "submit-summary"}>
              {summary ? "Send updated summary" : "Send summary to SEKO"}
            </Button>
          </fetcher.Form>
        </InlineStack>
        <Text as="p" tone="subdued">
          This replaces SEKO&apos;s &ldquo;Shopify Integration Document&rdquo;. {syncDone ? "" : "It can be sent once the order sync has finished."}
        </Text>
        <List>
          <List.Item>Shop: {preview.shop.domain} ({preview.shop.currency}; also {preview.shop.currencies.join(", ")})</List.Item>
          <List.Item>Warehouses: {preview.locations.map((l) => `${l.name}${l.city ? `, ${l.city}` : ""}`).join("; ") || "none"}</List.Item>
          <List.Item>
            Countries sold to: {preview.countriesSoldTo.join(", ") || "unknown"}
            {preview.markets ? ` (${preview.markets.length} markets)` : " (grant Markets access for market details)"}
          </List.Item>
          <List.Item>
            Orders: {v.ordersSynced} synced, {v.ordersLast30Days} in the last 30 days (about {v.averageOrdersPerDay} a day)
          </List.Item>
          <List.Item>
            Products sold: {v.productsSold}, SKUs sold: {v.skusSold}; {preview.productReadiness.skusMissingData} SKUs ({preview.productReadiness.shareMissing}%) miss customs data
          </List.Item>
        </List>
        {summary ? (
          <BlockStack gap="200">
            <Text as="p">
              Version {summary.version}, {sent ? `emailed to SEKO ${formatDate(summary.deliveredAt)}` : `saved ${formatDate(summary.submittedAt)}`}.{" "}
              <Link onClick={() => void download(summary.id)}>Download the JSON</Link>
            </Text>
            {!sent && !confirmed ? (
              <Banner tone="warning" title="The summary has not reached SEKO yet">
                <BlockStack gap="200">
                  <p>{summary.deliveryError ?? "Delivery is pending."} You can download it and send it to your account manager yourself.</p>
                  <fetcher.Form method="post">
                    <input type="hidden" name="intent" value="confirm-summary" />
                    <Button submit>I sent it to my account manager</Button>
                  </fetcher.Form>
                </BlockStack>
              </Banner>
            ) : null}
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

const FIELD_LABEL = { hsCode: "HS code", countryOfOrigin: "country of origin", weight: "weight" } as const;

function ReadinessCard({ readiness }: { readiness: LoaderData["preview"]["productReadiness"] }) {
  const fetcher = useFetcher<typeof action>();
  useToastOnResult(fetcher.data);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Product data for international returns
          </Text>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="refresh-products" />
            <Button submit loading={fetcher.state !== "idle"}>
              Check again
            </Button>
          </fetcher.Form>
        </InlineStack>
        <Text as="p" tone="subdued">
          Return labels across a border need each item&apos;s HS code, country of origin and weight. Share of sold SKUs missing any of them, by the country they
          were sold to:
        </Text>
        {readiness.byCountry.length === 0 ? (
          <Text as="p">No orders synced yet.</Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
            headings={["Country", "SKUs sold", "No HS code", "No origin", "No weight", "Missing data"]}
            rows={readiness.byCountry.map((c) => [
              `${c.country}${c.international ? "" : " (domestic)"}`,
              c.skus,
              c.missingHsCode,
              c.missingOrigin,
              c.missingWeight,
              `${c.incompleteShare}%`,
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}

function ToFixCard({ toFix }: { toFix: LoaderData["toFix"] }) {
  if (toFix.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Products to fix in Shopify
        </Text>
        <List>
          {toFix.map((item) => (
            <List.Item key={item.variantId}>
              {item.fixUrl ? (
                <Link url={item.fixUrl} target="_top">
                  {item.title}
                </Link>
              ) : (
                item.title
              )}{" "}
              {item.sku ? `(${item.sku})` : ""}: no {item.missing.map((m) => FIELD_LABEL[m]).join(", no ")}; sold to {item.countries.join(", ")}
            </List.Item>
          ))}
        </List>
      </BlockStack>
    </Card>
  );
}

function UploadCard({ upload, nonReturnableTags }: { upload: LoaderData["upload"]; nonReturnableTags: string }) {
  const fetcher = useFetcher<typeof action>();
  useToastOnResult(fetcher.data);
  const [tags, setTags] = useState(nonReturnableTags);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Orders sent to SEKO (OmniRPS)
          </Text>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="upload-now" />
            <Button submit disabled={!upload.connected} loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "upload-now"}>
              Send now
            </Button>
          </fetcher.Form>
        </InlineStack>
        {upload.connected ? null : <Banner tone="info">Orders are sent once the app is connected to OmniRPS (step 3).</Banner>}
        <Text as="p">
          {upload.uploaded} sent · {upload.partial} sent in part · {upload.pending} queued · {upload.waiting} waiting for fulfilment · {upload.blocked} blocked ·{" "}
          {upload.failed} failed (retried automatically)
        </Text>
        {upload.problems.length ? (
          <List>
            {upload.problems.map((p) => (
              <List.Item key={p.name}>
                {p.name}: {p.error}
              </List.Item>
            ))}
          </List>
        ) : null}
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="save-rules" />
          <InlineStack gap="200" blockAlign="end">
            <Box minWidth="320px">
              <TextField
                label="Product tags that make an item non-returnable"
                name="nonReturnableTags"
                value={tags}
                onChange={setTags}
                autoComplete="off"
                helpText="Comma-separated, e.g. final-sale. SEKO receives these items with Returnable = N."
              />
            </Box>
            <Button submit>Save</Button>
          </InlineStack>
        </fetcher.Form>
      </BlockStack>
    </Card>
  );
}

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
  return (
    <StepPage title={step.title} number={step.number} fact={data.fact} intro={step.summary}>
      <SyncCard sync={sync} />
      <SummaryCard preview={data.preview} summary={data.summary} syncDone={Boolean(data.sync.finishedAt)} confirmed={data.summaryConfirmed} />
      <AccessCard scopes={data.scopes} />
      <WebhooksCard webhooks={data.webhooks} />
      <ReadinessCard readiness={data.preview.productReadiness} />
      <ToFixCard toFix={data.toFix} />
      <UploadCard upload={data.upload} nonReturnableTags={data.nonReturnableTags} />
    </StepPage>
  );
}
