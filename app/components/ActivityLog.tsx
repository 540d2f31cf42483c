import { BlockStack, Card, Text } from "@shopify/polaris";

export type ActivityItem = { id: string; who: string; action: string; detail: string | null; at: string };

/** Who did what in the on-boarding, newest first. */
export function ActivityLog({ entries }: { entries: ActivityItem[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Activity
        </Text>
        {entries.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing yet. Saved answers, submissions and signatures appear here with who did them.
          </Text>
        ) : (
          <ul aria-label="On-boarding activity" style={{ margin: 0, paddingInlineStart: "1.2em" }}>
            {entries.map((entry) => (
              <li key={entry.id}>
                <Text as="span">
                  {entry.action}
                  {entry.detail ? ` (${entry.detail})` : ""}
                </Text>{" "}
                <Text as="span" tone="subdued">
                  by {entry.who}, {new Date(entry.at).toLocaleString()}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </BlockStack>
    </Card>
  );
}
