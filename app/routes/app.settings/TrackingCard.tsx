import { Form } from "@remix-run/react";
import { BlockStack, Box, Button, Card, Text, TextField } from "@shopify/polaris";
import { useDates } from "~/components/date-setting";
import { LabelledDataTable } from "~/components/LabelledDataTable";
import { TrackingRefusedBanner, type TrackingRefusalsView } from "~/components/TrackingRefusedBanner";
import { useBusy } from "./use-busy";

/** The webhook SEKO posts return tracking to: its URL and username, deliveries refused, new credentials, the latest events. */
export function TrackingCard({
  tracking,
  events,
}: {
  tracking: { url: string; username: string; rotatedAt: string; lastAcceptedAt: string | null; refusals: TrackingRefusalsView | null } | null;
  events: { id: string; consignmentNo: string; orderNo: string | null; code: string; kind: string; label: string; eventAt: string; test: boolean }[];
}) {
  const busy = useBusy("rotate-tracking");
  const dates = useDates();
  return (
    <Card>
      <BlockStack gap="300">
        <TrackingRefusedBanner refusals={tracking?.refusals ?? null} />
        {tracking ? (
          <BlockStack gap="100">
            <TextField label="Webhook URL" value={tracking.url} readOnly autoComplete="off" />
            <Text as="p">
              Username: <code>{tracking.username}</code> · password set {dates.date(tracking.rotatedAt, "date")}
            </Text>
            <Text as="p" tone="subdued">
              {tracking.lastAcceptedAt ? `Last delivery from SEKO accepted ${dates.date(tracking.lastAcceptedAt)}.` : "No delivery from SEKO accepted with these credentials yet."}
            </Text>
          </BlockStack>
        ) : (
          <Text as="p">No tracking webhook yet. Generate its credentials, then give them to SEKO.</Text>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="rotate-tracking" />
          <Button submit loading={busy}>
            {tracking ? "Rotate URL and credentials" : "Generate tracking webhook credentials"}
          </Button>
        </Form>
        <Box>
          <Text as="h3" variant="headingSm">
            Latest events
          </Text>
          {events.length ? (
            <LabelledDataTable
              label="Latest tracking events"
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Consignment", "Order", "Status", "Event time"]}
              rows={events.map((event) => [
                event.test ? `${event.consignmentNo} (test return)` : event.consignmentNo,
                event.orderNo ?? "",
                event.kind === "unknown" ? `${event.code} (unknown code)` : `${event.code} · ${event.label}`,
                dates.sekoTime(event.eventAt),
              ])}
            />
          ) : (
            <Text as="p" tone="subdued">
              No events received yet.
            </Text>
          )}
        </Box>
      </BlockStack>
    </Card>
  );
}
