import { BlockStack, Card, Text } from "@shopify/polaris";
import { LabelledDataTable } from "../LabelledDataTable";
import { useDates } from "../date-setting";

const TOPIC_LABELS: Record<string, string> = {
  "orders/create": "New orders",
  "orders/updated": "Order changes",
  "orders/cancelled": "Cancellations",
  "orders/fulfilled": "Fulfilments",
  "refunds/create": "Refunds",
};

export function WebhooksCard({ webhooks }: { webhooks: { topic: string; lastDeliveredAt: string | null }[] }) {
  const dates = useDates();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Live order updates
        </Text>
        <Text as="p" tone="subdued">
          Shopify tells the app about these events as they happen. A nightly check catches any update that did not arrive.
        </Text>
        <LabelledDataTable
          label="Live order updates"
          columnContentTypes={["text", "text", "text"]}
          headings={["Event", "Subscription", "Last delivered"]}
          rows={webhooks.map((w) => [TOPIC_LABELS[w.topic] ?? w.topic, w.topic, dates.date(w.lastDeliveredAt) || "never"])}
        />
      </BlockStack>
    </Card>
  );
}
