import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, DataTable, InlineGrid, InlineStack, Link, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { ReturnsOverview as Overview } from "~/launch/returns-overview.server";

/** Home after go-live: live returns by status, the latest events, returns that stopped moving, quick links. */
export function ReturnsOverview({ overview, reply }: { overview: Overview; reply?: { ok: boolean; message: string } }) {
  const [days, setDays] = useState(String(overview.stuckDays));
  // The answer belongs to the value sent: typing again clears it.
  const [sent, setSent] = useState<string | null>(null);
  const answered = reply && sent === days ? reply : undefined;
  const saving = useNavigation().formData?.get("intent") === "stuck-days";
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {`Live returns by status (${overview.total})`}
          </Text>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
            {overview.byStatus.map((status) => (
              <BlockStack key={status.code} gap="050">
                <Text as="span" variant="headingLg">
                  {String(status.count)}
                </Text>
                <Text as="span" tone="subdued">{`${status.label} (${status.code})`}</Text>
              </BlockStack>
            ))}
          </InlineGrid>
          <Text as="p" tone="subdued">
            Test returns are never counted here.
          </Text>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {`Returns with no news for ${overview.stuckDays} days`}
          </Text>
          <Form method="post" onSubmit={() => setSent(days)}>
            <input type="hidden" name="intent" value="stuck-days" />
            <InlineStack gap="200" blockAlign="end">
              <TextField
                label="Days without news"
                name="stuckDays"
                type="number"
                min={1}
                max={90}
                value={days}
                onChange={setDays}
                autoComplete="off"
                error={answered && !answered.ok ? answered.message : undefined}
                helpText={answered?.ok ? answered.message : "Saved for everyone on your team."}
              />
              <Button submit loading={saving}>
                Save
              </Button>
            </InlineStack>
          </Form>
          {overview.stuck.length ? (
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Consignment", "Order", "Status", "Last event"]}
              rows={overview.stuck.map((row) => [row.consignmentNo, row.orderNo ?? "", row.label, row.lastEventAt ?? ""])}
            />
          ) : (
            <Text as="p" tone="subdued">
              None: every open return moved recently.
            </Text>
          )}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Latest tracking events
          </Text>
          {overview.latest.length ? (
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Consignment", "Order", "Status", "Event time"]}
              rows={overview.latest.map((event) => [event.consignmentNo, event.orderNo ?? "", `${event.code} · ${event.label}`, event.eventAt])}
            />
          ) : (
            <Text as="p" tone="subdued">
              No live return has been tracked yet.
            </Text>
          )}
          <InlineStack gap="300">
            <Link url="/app/integration">Order sync</Link>
            <Link url="/app/settings">SEKO connection</Link>
            <Link url="/app/steps/test-returns">Test returns</Link>
            <Link url="/app/activity">Activity</Link>
          </InlineStack>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
