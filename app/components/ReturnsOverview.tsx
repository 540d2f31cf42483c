import { Form, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Link, Text, TextField } from "@shopify/polaris";
import { useRef, useState } from "react";
import { useDates } from "./date-setting";
import { LabelledDataTable } from "./LabelledDataTable";
import { useTypedBeforeHydration } from "./use-typed-before-hydration";
import type { ReturnsOverview as Overview } from "~/returns/live-returns.server";
import type { TrackingRefusalsView } from "./TrackingRefusedBanner";

/** What Home asks the merchant to keep an eye on after go-live, besides the returns themselves. */
export type Watch = {
  /** SEKO's refused deliveries to the tracking webhook, or null while none is refused. */
  refusals: TrackingRefusalsView | null;
  /** Why step 10 reopened after go-live (app/guide/go-live-gate.ts, withHealth), or null while everything holds. */
  health: string | null;
};

/** One thing to watch: whether it holds, what the merchant should know, and where to act (none where the answer is on Home). */
export type WatchItem = { id: "stuck" | "tracking" | "health"; title: string; ok: boolean; text: string; link?: { url: string; label: string } };

/** The three things to watch once live: returns that stopped moving, SEKO's status deliveries, setup health. */
export function watchItems(overview: Pick<Overview, "stuck" | "stuckDays">, watch: Watch): WatchItem[] {
  const stuck = overview.stuck.length;
  return [
    {
      id: "stuck",
      title: "Returns that stopped moving",
      ok: stuck === 0,
      text:
        stuck === 0
          ? `No open return has gone ${overview.stuckDays} days without news.`
          : `${stuck} ${stuck === 1 ? "return has" : "returns have"} had no news for ${overview.stuckDays} days (listed below): ask SEKO where they are.`,
    },
    {
      id: "tracking",
      title: "SEKO's status deliveries",
      ok: watch.refusals === null,
      text: watch.refusals
        ? `${watch.refusals.count} refused (${watch.refusals.reason}): no status reaches the app until SEKO has the webhook's current username and password.`
        : "None refused: statuses SEKO sends reach the app.",
      link: { url: "/app/settings", label: "Tracking webhook in Settings" },
    },
    {
      id: "health",
      title: "Setup health",
      ok: watch.health === null,
      text: watch.health ? `Go-live reopened: ${watch.health}.` : "Every go-live check still holds.",
      link: { url: "/app/steps/go-live", label: "Go-live checks" },
    },
  ];
}

/** Whether SEKO's live returns are written into Shopify (Settings), and how many of them need the merchant (unmatched or failed). */
export type MirrorLine = { enabled: boolean; attention: number };

/** Home's line about Returns in Shopify: on or off, and the returns it could not write, in words. */
export function mirrorLineText(mirror: MirrorLine) {
  if (!mirror.enabled) return "Returns in Shopify: off. SEKO's returns are not added to your Shopify orders.";
  if (mirror.attention === 0) return "Returns in Shopify: on. Every live return written so far is in Shopify.";
  return `Returns in Shopify: on. ${mirror.attention} ${mirror.attention === 1 ? "return needs" : "returns need"} you: not matched or failed in Shopify.`;
}

/** Home after go-live: what to watch, live returns by status, the latest events, returns that stopped moving, quick links. */
export function ReturnsOverview({ overview, watch, reply, mirror }: { overview: Overview; watch: Watch; reply?: { ok: boolean; message: string }; mirror?: MirrorLine }) {
  const [days, setDays] = useState(String(overview.stuckDays));
  const dates = useDates();
  // A number typed before the page was hydrated stays (./use-typed-before-hydration.ts).
  const stuckForm = useRef<HTMLFormElement>(null);
  useTypedBeforeHydration(stuckForm, { stuckDays: String(overview.stuckDays) }, (typed) => setDays((current) => typed.stuckDays ?? current));
  // The answer belongs to the value sent: typing again clears it.
  const [sent, setSent] = useState<string | null>(null);
  const answered = reply && sent === days ? reply : undefined;
  const saving = useNavigation().formData?.get("intent") === "stuck-days";
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            What to watch
          </Text>
          <ul aria-label="What to watch" style={{ listStyle: "none", margin: 0, padding: 0, display: "grid", gap: "var(--p-space-300)" }}>
            {watchItems(overview, watch).map((item) => (
              <li key={item.id} data-ok={item.ok ? "yes" : "no"}>
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="h3" variant="headingSm">
                      {item.title}
                    </Text>
                    <Badge tone={item.ok ? "success" : "critical"}>{item.ok ? "Holds" : "Needs you"}</Badge>
                  </InlineStack>
                  <Text as="p">{item.text}</Text>
                  {item.ok || !item.link ? null : (
                    <Text as="p">
                      <Link url={item.link.url}>{item.link.label}</Link>
                    </Text>
                  )}
                </BlockStack>
              </li>
            ))}
          </ul>
        </BlockStack>
      </Card>
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
          {mirror ? (
            <InlineStack gap="300" blockAlign="center">
              <Text as="p">{mirrorLineText(mirror)}</Text>
              {mirror.enabled && mirror.attention > 0 ? <Link url="/app/returns?attention=1">Returns needing attention</Link> : null}
              <Link url="/app/settings">{mirror.enabled ? "Returns in Shopify settings" : "Turn on in Settings"}</Link>
            </InlineStack>
          ) : null}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {`Returns with no news for ${overview.stuckDays} days`}
          </Text>
          <Form ref={stuckForm} method="post" onSubmit={() => setSent(days)}>
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
            <LabelledDataTable
              label="Returns with no news"
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Consignment", "Order", "Status", "Last event"]}
              rows={overview.stuck.map((row) => [row.consignmentNo, row.orderNo ?? "", row.label, dates.sekoTime(row.lastEventAt)])}
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
            <LabelledDataTable
              label="Latest tracking events"
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Consignment", "Order", "Status", "Event time"]}
              rows={overview.latest.map((event) => [event.consignmentNo, event.orderNo ?? "", `${event.code} · ${event.label}`, dates.sekoTime(event.eventAt)])}
            />
          ) : (
            <Text as="p" tone="subdued">
              No live return has been tracked yet.
            </Text>
          )}
          <InlineStack gap="300">
            <Link url="/app/returns">All returns</Link>
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
