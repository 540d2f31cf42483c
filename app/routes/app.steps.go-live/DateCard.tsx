import type { FetcherWithComponents } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, FormLayout, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { useDates } from "~/components/date-setting";
import { fieldError } from "~/components/form-errors";
import { FormTextField } from "~/components/FormTextField";
import { SubmissionHistory } from "~/components/SubmissionHistory";
import type { GoLiveReply } from "./actions.server";
import type { GoLiveData } from "./route";

/**
 * The go-live date: proposed to SEKO, then recorded as agreed (by SEKO, or on their word; who and
 * when shown), the agreed date sent to SEKO with its delivery listed (retried from here on failure).
 * Once returns are live the date is settled: the forms are gone (the action refuses a change too).
 */
export function DateCard({
  record,
  vouched,
  submissions,
  countdown,
  suggestedDate,
  live,
  fetcher,
}: Pick<GoLiveData, "record" | "vouched" | "submissions" | "countdown" | "suggestedDate"> & { live: boolean; fetcher: FetcherWithComponents<GoLiveReply> }) {
  const [via, setVia] = useState("seko");
  const dates = useDates();
  const busy = fetcher.state !== "idle";
  const error = (intent: string, name: string) => (fetcher.data?.intent === intent ? fieldError(fetcher.data.result, name) : undefined);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd" id="date">
            Go-live date
          </Text>
          {countdown ? <Badge tone="info">{countdown}</Badge> : null}
        </InlineStack>
        {vouched.date ? (
          <Text as="p">{vouched.date}</Text>
        ) : record.proposedDate ? (
          <Text as="p">{`Proposed ${dates.date(record.proposedDate, "date")} by ${record.proposedBy ?? "someone"}: waiting for SEKO.`}</Text>
        ) : null}
        {live ? (
          <Text as="p" tone="subdued">
            Returns are live, so the date is settled.
          </Text>
        ) : (
          <>
            <fetcher.Form method="post">
              <input type="hidden" name="intent" value="propose" />
              <FormLayout>
                <FormTextField name="date" label="Proposed date" type="date" autoComplete="off" initialValue={suggestedDate} error={error("propose", "date")} />
                <Button submit loading={busy}>
                  Propose this date
                </Button>
              </FormLayout>
            </fetcher.Form>
            {record.proposedDate ? (
              <fetcher.Form method="post">
                <input type="hidden" name="intent" value="confirm" />
                <FormLayout>
                  <FormLayout.Group condensed>
                    <FormTextField name="date" label="Agreed date" type="date" autoComplete="off" initialValue={record.agreedDate ?? record.proposedDate} error={error("confirm", "date")} />
                    <Select
                      label="Confirmed by"
                      name="via"
                      value={via}
                      onChange={setVia}
                      error={error("confirm", "via")}
                      options={[
                        { label: "SEKO (their email or call)", value: "seko" },
                        { label: "Me, on SEKO's word", value: "merchant" },
                      ]}
                    />
                  </FormLayout.Group>
                  <Button submit loading={busy}>
                    Record the agreed date
                  </Button>
                </FormLayout>
              </fetcher.Form>
            ) : null}
          </>
        )}
        <SubmissionHistory submissions={submissions} title="Agreed dates sent to SEKO" />
      </BlockStack>
    </Card>
  );
}
