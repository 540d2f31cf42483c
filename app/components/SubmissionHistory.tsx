import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { useDates } from "./date-setting";

export type SubmissionRow = {
  id: string;
  version: number;
  submittedAt: string;
  submittedBy: string;
  deliveryStatus: "pending" | "sending" | "sent" | "failed";
  deliveryError: string | null;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
};

const DELIVERY: Record<SubmissionRow["deliveryStatus"], [string, "success" | "critical" | "info"]> = {
  sent: ["Delivered to SEKO", "success"],
  failed: ["Not delivered", "critical"],
  pending: ["Sending", "info"],
  sending: ["Sending", "info"],
};

/**
 * Fetches the JSON through the app's fetch (App Bridge adds the session
 * token); a plain link would reach the server without one from inside the admin iframe.
 */
async function download(id: string) {
  const response = await fetch(`/app/steps/submissions/${id}`);
  if (!response.ok) throw new Error(`Download failed (${response.status})`);
  const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "submission.json";
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Every submitted version with its delivery state, a retry for failures, and the JSON SEKO received. */
export function SubmissionHistory({ submissions, title = "Submitted versions" }: { submissions: SubmissionRow[]; title?: string }) {
  if (submissions.length === 0) return null;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      <ul aria-label={title} style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {submissions.map((submission) => (
          <SubmissionItem key={submission.id} submission={submission} />
        ))}
      </ul>
    </BlockStack>
  );
}

function SubmissionItem({ submission }: { submission: SubmissionRow }) {
  const dates = useDates();
  const retry = useFetcher({ key: `retry-${submission.id}` });
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [label, tone] = DELIVERY[submission.deliveryStatus];
  return (
    <li>
      <Box paddingBlock="200" borderBlockStartWidth="025" borderColor="border-secondary">
        <BlockStack gap="100">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Text as="p">
              Version {submission.version}, {dates.date(submission.submittedAt)} by {submission.submittedBy}
            </Text>
            <Badge tone={tone}>{label}</Badge>
          </InlineStack>
          {submission.deliveryStatus === "failed" ? (
            <Text as="p" tone="critical">
              {submission.deliveryError}
              {submission.nextAttemptAt ? ` Next automatic try after ${dates.date(submission.nextAttemptAt, "time")}.` : ""}
            </Text>
          ) : null}
          <InlineStack gap="200">
            {submission.deliveryStatus !== "sent" ? (
              <retry.Form method="post">
                <input type="hidden" name="intent" value="retry" />
                <input type="hidden" name="submissionId" value={submission.id} />
                <Button submit size="slim" loading={retry.state !== "idle"} accessibilityLabel={`Retry delivery of version ${submission.version}`}>
                  Retry now
                </Button>
              </retry.Form>
            ) : null}
            <Button
              size="slim"
              variant="plain"
              accessibilityLabel={`Download version ${submission.version} as JSON`}
              onClick={() => {
                setDownloadError(null);
                download(submission.id).catch((error: Error) => setDownloadError(error.message));
              }}
            >
              Download JSON
            </Button>
          </InlineStack>
          {downloadError ? (
            <Text as="p" tone="critical">
              {downloadError}
            </Text>
          ) : null}
        </BlockStack>
      </Box>
    </li>
  );
}
