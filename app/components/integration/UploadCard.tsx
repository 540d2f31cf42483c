import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineStack, Link, Text, TextField } from "@shopify/polaris";
import { useRef, useState } from "react";
import type { UploadSummary } from "~/seko/order-upload.server";
import { useTypedBeforeHydration } from "../use-typed-before-hydration";
import { SECTIONS, useToastOnResult, type ActionResult } from "./shared";

export function UploadCard({ upload, nonReturnableTags }: { upload: UploadSummary & { connected: boolean }; nonReturnableTags: string }) {
  const fetcher = useFetcher<ActionResult>();
  useToastOnResult(fetcher.data);
  const [tags, setTags] = useState(nonReturnableTags);
  // Tags typed before the page was hydrated stay (../use-typed-before-hydration.ts).
  const rules = useRef<HTMLFormElement>(null);
  useTypedBeforeHydration(rules, { nonReturnableTags }, (typed) => setTags((current) => typed.nonReturnableTags ?? current));
  const refused = upload.partial + upload.blocked + upload.failed;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Orders sent to SEKO (OmniRPS)
          </Text>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="upload-now" />
            <Button submit disabled={!upload.connected} loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "upload-now"}>
              Send now
            </Button>
          </fetcher.Form>
        </InlineStack>
        {upload.connected ? null : <Banner tone="info">Orders are sent once the app is connected to OmniRPS (step 3).</Banner>}
        {/* Every stored order in one category: the counts add up to the total in front of them. */}
        <div role="group" aria-label="Orders by what was sent">
          <Text as="p">
            {upload.stored.toLocaleString("en")} orders in the app: {upload.uploaded} sent · {upload.partial} sent in part · {upload.pending} queued · {upload.waiting} waiting for fulfilment ·{" "}
            {upload.blocked} blocked · {upload.failed} failed (retried automatically) · {upload.neverSent} test or cancelled (never sent)
          </Text>
        </div>
        <Text as="p" tone="subdued">
          Orders go to SEKO once fulfilled, so a return can start from the dispatch date. {refused ? <Link url={`#${SECTIONS.refused}`}>Why {refused} could not be sent in full</Link> : null}
        </Text>
        <fetcher.Form ref={rules} method="post">
          <input type="hidden" name="intent" value="save-rules" />
          <InlineStack gap="200" blockAlign="end">
            <Box minWidth="320px">
              <TextField
                label="Product tags that make an item non-returnable"
                name="nonReturnableTags"
                value={tags}
                onChange={setTags}
                autoComplete="off"
                helpText="Comma-separated, e.g. final-sale. SEKO receives these items with Returnable = N."
              />
            </Box>
            <Button submit>Save</Button>
          </InlineStack>
        </fetcher.Form>
      </BlockStack>
    </Card>
  );
}
