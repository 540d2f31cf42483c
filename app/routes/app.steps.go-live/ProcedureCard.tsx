import type { FetcherWithComponents } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, Link, Text } from "@shopify/polaris";
import { fieldError } from "~/components/form-errors";
import { FormTextField } from "~/components/FormTextField";
import type { GoLiveReply } from "./actions.server";
import type { GoLiveData } from "./route";

/** SEKO's customer-service procedure: its link saved here, then acknowledged by the team (who and when shown). */
export function ProcedureCard({ record, vouched, fetcher }: Pick<GoLiveData, "record" | "vouched"> & { fetcher: FetcherWithComponents<GoLiveReply> }) {
  const busy = fetcher.state !== "idle";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd" id="procedure">
          Customer-service procedure
        </Text>
        {record.sopUrl ? (
          <Text as="p">
            <Link url={record.sopUrl} target="_blank">
              SEKO&apos;s customer-service procedure
            </Link>
            {vouched.procedure ? ` · ${vouched.procedure}` : ""}
          </Text>
        ) : null}
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="procedure" />
          <FormLayout>
            <FormTextField
              name="sopUrl"
              label="Procedure link"
              type="url"
              autoComplete="off"
              initialValue={record.sopUrl ?? ""}
              error={fetcher.data?.intent === "procedure" ? fieldError(fetcher.data.result, "sopUrl") : undefined}
              helpText="The document SEKO sent you."
            />
            <Button submit loading={busy}>
              Save link
            </Button>
          </FormLayout>
        </fetcher.Form>
        {record.sopUrl && !record.sopAckAt ? (
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="acknowledge" />
            <Button submit loading={busy}>
              I have read it and our team will follow it
            </Button>
          </fetcher.Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}
