import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Link, List, Text } from "@shopify/polaris";
import type { IntegrationSummary } from "~/integration/summary.server";
import { useDates } from "../date-setting";
import type { ReadinessAsOf } from "./ReadinessCard";
import { useToastOnResult, type ActionResult } from "./shared";

export type SavedSummary = {
  id: string;
  version: number;
  submittedAt: string;
  deliveryStatus: string;
  deliveryError: string | null;
  deliveredAt: string | null;
};

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

export function SummaryCard({
  preview,
  summary,
  syncDone,
  confirmed,
  readinessAsOf,
}: {
  preview: IntegrationSummary;
  summary: SavedSummary | null;
  syncDone: boolean;
  confirmed: boolean;
  /** When the readiness figures were computed; during an import they can be older than the orders (ReadinessCard). */
  readinessAsOf: ReadinessAsOf;
}) {
  const fetcher = useFetcher<ActionResult>();
  useToastOnResult(fetcher.data);
  const dates = useDates();
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
          <List.Item>
            Shop: {preview.shop.domain} ({preview.shop.currency}
            {preview.shop.currencies.length ? `; also ${preview.shop.currencies.join(", ")}` : ""})
          </List.Item>
          <List.Item>Warehouses: {preview.locations.map((l) => `${l.name}${l.city ? `, ${l.city}` : ""}`).join("; ") || "none"}</List.Item>
          <List.Item>
            Countries sold to: {preview.countriesSoldTo.join(", ") || "unknown"}
            {preview.markets ? ` (${preview.markets.length} markets)` : " (grant Markets access for market details)"}
          </List.Item>
          <List.Item>
            Orders: {v.ordersSynced} in the app, {v.ordersLast30Days} in the last 30 days (about {v.averageOrdersPerDay} a day)
          </List.Item>
          <List.Item>
            Products sold: {v.productsSold}, SKUs sold: {v.skusSold}; {preview.productReadiness.skusMissingData} SKUs ({preview.productReadiness.shareMissing}%) miss data a return label needs
            {readinessAsOf.updating ? ` (as of ${dates.date(readinessAsOf.asOf, "date-time")}, updating while orders import; a summary sent counts every order)` : ""}
          </List.Item>
        </List>
        {summary ? (
          <BlockStack gap="200">
            <Text as="p">
              Version {summary.version}, {sent ? `emailed to SEKO ${dates.date(summary.deliveredAt) || "never"}` : `saved ${dates.date(summary.submittedAt) || "never"}`}.{" "}
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
