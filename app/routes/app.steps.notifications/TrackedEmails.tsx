import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { useDates } from "~/components/date-setting";
import { EmailPreview } from "~/components/notifications/EmailPreview";
import type { NotificationsData } from "./route";

/** The emails the tracking events of test returns would have sent, each status as it is set up now. */
export function TrackedEmails({ tracked }: Pick<NotificationsData, "tracked">) {
  const [open, setOpen] = useState<string | null>(null);
  const dates = useDates();
  const shown = tracked.find((entry) => entry.eventId === open);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          What your customers would have received
        </Text>
        {tracked.length === 0 ? (
          <Text as="p" tone="subdued">
            No tracking events for test returns yet. Once SEKO tracks one (step 9), each status shows here with the email it would send.
          </Text>
        ) : (
          <ul aria-label="Tracking events of test returns" style={{ listStyle: "none", margin: 0, padding: 0 }}>
            {tracked.map((entry) => (
              <li key={entry.eventId} style={{ padding: "6px 0", borderTop: "1px solid var(--p-color-border-secondary)" }}>
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span">{`${dates.sekoTime(entry.eventAt)} · ${entry.label} · ${entry.orderName ?? entry.connote}`}</Text>
                    <Badge tone={entry.enabled ? "success" : undefined}>{entry.enabled ? "Would send" : "Off: nothing sent"}</Badge>
                  </InlineStack>
                  {entry.email ? (
                    <Button size="slim" pressed={open === entry.eventId} onClick={() => setOpen(open === entry.eventId ? null : entry.eventId)} accessibilityLabel={`Show the ${entry.label} email`}>
                      {entry.email.subject}
                    </Button>
                  ) : (
                    <Text as="span" tone="critical">{`Does not render: ${entry.problem}`}</Text>
                  )}
                </InlineStack>
              </li>
            ))}
          </ul>
        )}
        {shown?.email ? <EmailPreview subject={shown.email.subject} html={shown.email.html} loading={false} /> : null}
      </BlockStack>
    </Card>
  );
}
