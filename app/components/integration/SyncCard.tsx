import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { SyncView } from "~/shopify/sync-view.server";
import { useDates } from "../date-setting";
import { useToastOnResult, type ActionResult } from "./shared";

function duration(seconds: number) {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.round(minutes / 6) / 10} h`;
}

const count = (n: number) => n.toLocaleString("en");

/** What the sync imports, in one sentence that holds for this shop's access and its last sync. */
export function importedRange(sync: Pick<SyncView, "status" | "since">, allOrders: boolean, dates: ReturnType<typeof useDates>) {
  const lastCovered60Days = sync.status !== "idle" && sync.since !== null;
  if (allOrders && lastCovered60Days) {
    return `The last sync imported orders since ${dates.date(sync.since) || "never"} (60 days). With all-orders access granted, “Sync again” imports your whole order history.`;
  }
  if (allOrders) return "Your whole order history is imported once; after that, order updates arrive as they happen and a nightly check catches anything missed.";
  return `Orders from the last 60 days${sync.since ? ` (since ${dates.date(sync.since)})` : ""} are imported once: Shopify shares older orders only with the “All orders” access below. After that, order updates arrive as they happen and a nightly check catches anything missed.`;
}

export function SyncCard({ sync, allOrders }: { sync: SyncView; allOrders: boolean }) {
  const fetcher = useFetcher<ActionResult>();
  useToastOnResult(fetcher.data);
  const dates = useDates();
  const busy = sync.status === "queued" || sync.status === "running";
  const { progress } = sync;
  const exporting = busy && sync.phase !== "ingesting";
  const total = progress.estimatedTotal;
  const tone = sync.status === "done" ? "success" : sync.status === "failed" ? "critical" : busy ? "info" : undefined;
  // Orders stored by the live updates before any import: the import has not run, but the app is not empty.
  const label = sync.status === "idle" && sync.ordersStored ? "No full import yet" : { idle: "Not started", queued: "Starting", running: "Syncing", done: "Synced", failed: "Stopped" }[sync.status];
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
          {importedRange(sync, allOrders, dates)}
        </Text>
        {sync.status === "idle" && sync.ordersStored ? (
          <Text as="p">
            {count(sync.ordersStored)} order{sync.ordersStored === 1 ? "" : "s"} arrived through live order updates. &ldquo;Start sync&rdquo; imports the rest.
          </Text>
        ) : null}
        {sync.status !== "idle" ? (
          <BlockStack gap="200">
            <div aria-label="Order sync progress" role="group">
              <ProgressBar progress={Math.round(progress.bar * 100)} tone={sync.status === "failed" ? "critical" : "primary"} animated={busy} />
            </div>
            <Text as="p" aria-live="polite">
              {exporting
                ? `Shopify is preparing your orders${total !== null ? `: ${count(Math.min(sync.bulkObjectCount, total))} of ${count(total)} exported` : ""}…`
                : `${progress.ingested} of ${total ?? "?"} orders imported`}
              {busy && !exporting && progress.ordersPerSecond ? ` · ${progress.ordersPerSecond} orders/s` : ""}
              {busy && !exporting && progress.etaSeconds !== null ? ` · about ${duration(progress.etaSeconds)} left` : ""}
            </Text>
            <Text as="p" tone="subdued">
              {count(sync.ordersStored)} orders stored · last check for missed updates: {dates.date(sync.lastReconciledAt) || "never"}
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
