import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useDates } from "./date-setting";

/** `firstAt` is set on a run of repeats grouped into one entry (app/utils/activity.server.ts): from then until `at`. */
export type ActivityItem = { id: string; who: string; action: string; detail: string | null; at: string; firstAt?: string | null };

/** When an entry happened; a run of repeats from its first to its last. */
function when({ at, firstAt }: Pick<ActivityItem, "at" | "firstAt">, dates: ReturnType<typeof useDates>) {
  return firstAt ? dates.range(firstAt, at) : dates.date(at);
}

/** Entries per page, as app/utils/activity.server.ts serves them. */
const PAGE_SIZE = 20;

type Page = { entries: ActivityItem[]; more: boolean };

/**
 * Who did what, newest first, 20 at a time. Older pages come from /app/activity; `more` says
 * whether there are any (when it is not given, a full first page is taken to mean there may be).
 */
export function ActivityLog({ entries, more }: { entries: ActivityItem[]; more?: boolean }) {
  const fetcher = useFetcher<Page>();
  const dates = useDates();
  const [older, setOlder] = useState<ActivityItem[]>([]);
  const [hasMore, setHasMore] = useState(more ?? entries.length >= PAGE_SIZE);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    const page = fetcher.data;
    setOlder((shown) => (shown.some((entry) => entry.id === page.entries[0]?.id) ? shown : [...shown, ...page.entries]));
    setHasMore(page.more);
  }, [fetcher.state, fetcher.data]);

  const shown = [...entries, ...older];
  const last = shown[shown.length - 1];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Activity
        </Text>
        {shown.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing yet. Saved answers, submissions, SEKO keys and the order sync appear here with who did them.
          </Text>
        ) : (
          <ul aria-label="On-boarding activity" style={{ margin: 0, paddingInlineStart: "1.2em" }}>
            {shown.map((entry) => (
              <li key={entry.id}>
                <Text as="span">
                  {entry.action}
                  {entry.detail ? ` (${entry.detail})` : ""}
                </Text>{" "}
                <Text as="span" tone="subdued">
                  by {entry.who}, {when(entry, dates)}
                </Text>
              </li>
            ))}
          </ul>
        )}
        {hasMore && last ? (
          <InlineStack>
            <Button variant="plain" loading={fetcher.state !== "idle"} onClick={() => fetcher.load(`/app/activity?before=${encodeURIComponent(last.id)}`)}>
              Show older activity
            </Button>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
