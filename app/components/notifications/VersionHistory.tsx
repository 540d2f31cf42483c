import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { diffLines } from "~/notifications/diff";
import { useDates } from "../date-setting";

export type VersionRow = { id: string; version: number; savedBy: string; savedAt: string; restoredFrom: number | null; subject: string; html: string; text: string };

/** Every saved version, newest first: compare one with the current version, or restore it (as a new version). */
export function VersionHistory({ versions }: { versions: VersionRow[] }) {
  const dates = useDates();
  const [comparing, setComparing] = useState<string | null>(null);
  const restore = useFetcher<{ ok: boolean; message: string }>();
  const current = versions[0];
  if (!current) {
    return (
      <Text as="p" tone="subdued">
        No saved versions yet: the default template is used.
      </Text>
    );
  }
  const other = versions.find((version) => version.id === comparing);
  return (
    <BlockStack gap="200">
      {restore.data && restore.state === "idle" ? <Banner tone={restore.data.ok ? "success" : "critical"}>{restore.data.message}</Banner> : null}
      <ul aria-label="Saved versions" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {versions.map((version) => (
          <li key={version.id} style={{ padding: "6px 0", borderTop: "1px solid var(--p-color-border-secondary)" }}>
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <Text as="span">
                {`Version ${version.version}`}
                {version === current ? " (current)" : ""}
                {version.restoredFrom ? ` · restored from version ${version.restoredFrom}` : ""}
                {` · ${dates.date(version.savedAt)} · ${version.savedBy}`}
              </Text>
              {version !== current ? (
                <InlineStack gap="100">
                  <Button
                    size="slim"
                    pressed={comparing === version.id}
                    onClick={() => setComparing(comparing === version.id ? null : version.id)}
                    accessibilityLabel={`Compare version ${version.version} with the current one`}
                  >
                    Compare
                  </Button>
                  <Button
                    size="slim"
                    loading={restore.state !== "idle"}
                    onClick={() => restore.submit({ intent: "restore", id: version.id }, { method: "post" })}
                    accessibilityLabel={`Restore version ${version.version}`}
                  >
                    Restore
                  </Button>
                </InlineStack>
              ) : null}
            </InlineStack>
          </li>
        ))}
      </ul>
      {other ? (
        <Box padding="200" background="bg-surface-secondary" borderRadius="200">
          <Text as="p" variant="bodySm">{`Version ${other.version} → version ${current.version} (current)`}</Text>
          <pre aria-label="Differences" style={{ fontSize: 12, whiteSpace: "pre-wrap", margin: 0, maxHeight: 320, overflow: "auto" }}>
            {(["subject", "html", "text"] as const).flatMap((part) =>
              diffLines(other[part], current[part])
                .filter((line) => line.kind !== "same")
                .map((line, index) => (
                  <div key={`${part}-${index}`} style={{ background: line.kind === "added" ? "#e3f1df" : "#fbeae5", color: "#202223" }}>
                    {`${part}: ${line.kind === "added" ? "+" : "-"} ${line.text}`}
                  </div>
                )),
            )}
          </pre>
        </Box>
      ) : null}
    </BlockStack>
  );
}
