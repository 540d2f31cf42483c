import { useFetcher, useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { HandOverButton, HandOverOutcome, type HandOverReply } from "~/components/notifications/TemplateStepCards";
import { LAST_STATUS_FOR_EVERY_RETURN, TRACKING_STATUSES } from "~/notifications/statuses";
import type { NotificationsData } from "./route";

/** The eight tracking statuses, each on or off, with the step's skip and its hand-over to SEKO. */
export function StatusesCard({ statuses, code, skipped }: Pick<NotificationsData, "statuses" | "code" | "skipped">) {
  const navigate = useNavigate();
  const handover = useFetcher<HandOverReply>({ key: "handover-notifications" });
  const skip = useFetcher<{ ok: boolean; message: string }>({ key: "skip-notifications" });
  const firstOmniRps = TRACKING_STATUSES.findIndex((status) => status.omniRpsOnly);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Tracking statuses
          </Text>
          <skip.Form method="post">
            <input type="hidden" name="intent" value={skipped ? "unskip" : "skip"} />
            <Button submit loading={skip.state !== "idle"}>
              {skipped ? "Don't skip this step" : "Skip: no tracking emails"}
            </Button>
          </skip.Form>
        </InlineStack>
        {skipped ? <Banner tone="info">{`Skipped by ${skipped.by}. SEKO sends no tracking emails to your customers.`}</Banner> : null}
        <ul aria-label="Tracking statuses" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {statuses.map((status, index) => (
            <li key={status.code} style={{ padding: "6px 0", borderTop: "1px solid var(--p-color-border-secondary)" }}>
              {index === firstOmniRps ? (
                <Text as="p" variant="bodySm" tone="subdued">
                  {`The statuses below apply only to returns processed through OmniRPS: for other returns tracking ends at ${LAST_STATUS_FOR_EVERY_RETURN.label}.`}
                </Text>
              ) : null}
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight={status.code === code ? "bold" : "regular"}>{`${status.label} (${status.code})`}</Text>
                  <Badge tone={status.enabled ? "success" : undefined}>{status.enabled ? "On" : "Off"}</Badge>
                  {status.omniRpsOnly ? <Badge>OmniRPS only</Badge> : null}
                </InlineStack>
                <Button size="slim" onClick={() => navigate(`?status=${status.code}`, { preventScrollReset: true })} accessibilityLabel={`Edit the ${status.label} email`}>
                  Edit
                </Button>
              </InlineStack>
              {status.enabled && status.duplicates ? <Text as="p" variant="bodySm" tone="caution">{`Possible duplicate: ${status.duplicates}. Switch one of them off.`}</Text> : null}
              {status.enabled && status.unreadable.length ? (
                <Text as="p" variant="bodySm" tone="critical">
                  {`Hard to read: ${status.unreadable.join(" ")}`}
                </Text>
              ) : null}
            </li>
          ))}
        </ul>
        <InlineStack gap="200" blockAlign="center">
          <HandOverButton fetcher={handover} />
          <HandOverOutcome fetcher={handover} />
          {skip.data && skip.state === "idle" ? <Text as="span">{skip.data.message}</Text> : null}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
