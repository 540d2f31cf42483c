import { Badge, Banner, BlockStack, Button, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { useDates } from "~/components/date-setting";
import { LabelPreview } from "~/components/test-returns/LabelPreview";
import { DECISIONS } from "~/test-returns/test-returns";
import type { TestReturnData } from "./route";

type Item = TestReturnData["item"];
/** Posts one of the page's intents (with its fields) through the page's one fetcher. */
type Post = (fields: Record<string, string>) => void;

/** A return whose reason needs review: decided here as the team would for a customer. */
export function OnHoldCard({ item, busy, post }: { item: Item; busy: boolean; post: Post }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          On hold for review
        </Text>
        <Text as="p">{`The reason "${item.reason}" needs review. Decide as your team would for a customer's return.`}</Text>
        <InlineStack gap="200">
          {(Object.keys(DECISIONS) as (keyof typeof DECISIONS)[]).map((decision) => (
            <Button key={decision} loading={busy} tone={decision === "reject" ? "critical" : undefined} onClick={() => post({ intent: "decide", decision })}>
              {DECISIONS[decision].label}
            </Button>
          ))}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

export function LabelFailedBanner({ error, busy, post }: { error: string; busy: boolean; post: Post }) {
  return (
    <Banner tone="critical" title="No label">
      <BlockStack gap="200">
        <p>{error}</p>
        <InlineStack>
          <Button loading={busy} onClick={() => post({ intent: "retry" })}>
            Try the label again
          </Button>
        </InlineStack>
      </BlockStack>
    </Banner>
  );
}

/** The label SEKO made: consignment, cost, tracking link and the label itself, with "Check status" and "Void". */
export function LabelCard({ item, connote, busy, post }: { item: Item; connote: string; busy: boolean; post: Post }) {
  const dates = useDates();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Label
        </Text>
        <Text as="p">
          Consignment <strong>{connote}</strong>
          {item.cost !== null ? ` · SEKO's cost ${item.cost.toFixed(2)}` : ""}
          {item.system ? ` · ${item.system === "omnireturns" ? "OmniReturns" : "OmniParcel"} (test)` : ""}
        </Text>
        {item.trackingUrl ? (
          <Link url={item.trackingUrl} target="_blank">
            Tracking page
          </Link>
        ) : null}
        {item.state === "voided" ? (
          <Text as="p" tone="subdued">{`Voided ${dates.date(item.voidedAt)} by ${item.voidedBy ?? "someone"}.`}</Text>
        ) : item.hasLabel ? (
          <LabelPreview id={item.id} connote={connote} />
        ) : null}
        {item.state === "labelled" ? (
          <InlineStack gap="200">
            <Button loading={busy} onClick={() => post({ intent: "check" })}>
              Check status with SEKO
            </Button>
            <Button tone="critical" loading={busy} onClick={() => post({ intent: "void" })}>
              Void label
            </Button>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

/** The email a status would send: its subject as rendered for this return, plain words when it does not render. */
function EmailBadge({ email }: { email: TestReturnData["notifications"][string] | undefined }) {
  if (!email?.enabled) return <Badge>No customer email</Badge>;
  return email.subject === null ? <Badge tone="critical">Email on, but it does not render: fix it in step 8</Badge> : <Badge tone="info">{`Email: ${email.subject}`}</Badge>;
}

/** SEKO's tracking statuses for the label, each next to the email a live return would send then. */
export function TrackingCard({ timeline, notifications }: { timeline: Item["timeline"]; notifications: TestReturnData["notifications"] }) {
  const dates = useDates();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Tracking
        </Text>
        <ol aria-label="Tracking timeline" style={{ margin: 0, paddingLeft: 20 }}>
          {timeline.track.map((status) => (
            <li key={status.code} data-reached={status.reachedAt ? "yes" : "no"}>
              <InlineStack gap="200">
                <Text as="span" fontWeight={status.code === timeline.current ? "bold" : "regular"} tone={status.reachedAt ? undefined : "subdued"}>
                  {`${status.label} (${status.code})`}
                </Text>
                <Text as="span" tone="subdued">
                  {status.reachedAt ? dates.sekoTime(status.reachedAt) : "not yet"}
                </Text>
                <EmailBadge email={notifications[status.code]} />
              </InlineStack>
            </li>
          ))}
        </ol>
        <Text as="p" tone="subdued">
          Next to each status: the email a live return would send the customer then (step 8). A test return sends none.
        </Text>
        {timeline.events.length === 0 ? (
          <Text as="p" tone="subdued">
            No tracking events yet. SEKO posts them to the app&apos;s tracking webhook (Settings); you can also check now.
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
