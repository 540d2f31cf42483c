import type { FetcherWithComponents } from "@remix-run/react";
import { BlockStack, Button, Card, Text } from "@shopify/polaris";
import { SubmissionHistory, type SubmissionRow } from "~/components/SubmissionHistory";
import { VersionHistory, type VersionRow } from "./VersionHistory";

/**
 * The parts of steps 7 (return label email) and 8 (customer notifications)
 * that are the same on both pages: the template's versions, handing the set
 * over to SEKO, and the hand-overs so far. The intents behind them are
 * app/notifications/template-step.server.ts.
 */

/**
 * The editor's key part that changes with each restore: a restore replaces
 * what the editor holds, a save keeps it (what was typed is what was saved).
 */
export function restoreCount(versions: Pick<VersionRow, "restoredFrom">[]): number {
  return versions.filter((version) => version.restoredFrom).length;
}

export function VersionsCard({ versions }: { versions: VersionRow[] }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Versions
        </Text>
        <VersionHistory versions={versions} />
      </BlockStack>
    </Card>
  );
}

/** The step's submissions to SEKO, once there are any. */
export function HandedOverCard({ submissions }: { submissions: SubmissionRow[] }) {
  return submissions.length ? (
    <Card>
      <SubmissionHistory submissions={submissions} title="Handed over to SEKO" />
    </Card>
  ) : null;
}

export type HandOverReply = { ok: boolean; message: string };

export function HandOverButton({ fetcher }: { fetcher: FetcherWithComponents<HandOverReply> }) {
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="handover" />
      <Button submit variant="primary" loading={fetcher.state !== "idle"}>
        Hand over to SEKO
      </Button>
    </fetcher.Form>
  );
}

/** What the last hand-over answered, once it has. */
export function HandOverOutcome({ fetcher }: { fetcher: FetcherWithComponents<HandOverReply> }) {
  return fetcher.data && fetcher.state === "idle" ? (
    <Text as="span" tone={fetcher.data.ok ? "success" : "critical"}>
      {fetcher.data.message}
    </Text>
  ) : null;
}
