import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { LabelledDataTable } from "~/components/LabelledDataTable";
import { HandOverButton, HandOverOutcome, type HandOverReply } from "~/components/notifications/TemplateStepCards";
import { DEFAULT_LOCALE } from "~/notifications/defaults";
import type { LabelEmailData } from "./route";

const ORIGIN: Record<string, string> = { own: "Own template", "shop-default": "Your default", "built-in": "App default" };

/** Every country step 1 offers returns from, against the email it would send; the set is handed over from here. */
export function CountriesCard({ coverage, go }: { coverage: LabelEmailData["coverage"]; go: (scope: string, locale: string) => void }) {
  const handover = useFetcher<HandOverReply>({ key: "handover" });
  const failing = coverage.filter((entry) => entry.problems.length);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Countries and their email
        </Text>
        <LabelledDataTable
          label="Countries and their email"
          columnContentTypes={["text", "text", "text", "text", "text"]}
          headings={["Country", "Template", "Renders", "Sample data", ""]}
          rows={coverage.map((entry) => [
            entry.country,
            `${ORIGIN[entry.origin]}${entry.version ? ` (version ${entry.version})` : ""}`,
            entry.problems.length ? <Badge tone="critical">No</Badge> : <Badge tone="success">Yes</Badge>,
            entry.sampleOrder ? `Order ${entry.sampleOrder}` : "Sample order",
            <Button key={entry.country} size="slim" onClick={() => go(entry.country, DEFAULT_LOCALE)} accessibilityLabel={`Edit the email for ${entry.country}`}>
              Edit
            </Button>,
          ])}
        />
        {failing.length ? (
          <Banner tone="critical" title="Why an email does not render">
            <ul style={{ margin: 0, paddingInlineStart: 20 }} aria-label="Why emails do not render">
              {failing.flatMap((entry) => entry.problems.map((problem) => <li key={`${entry.country}-${problem}`}>{`${entry.country}: ${problem}`}</li>))}
            </ul>
          </Banner>
        ) : null}
        <InlineStack gap="200" blockAlign="center">
          <Button onClick={() => go("default", DEFAULT_LOCALE)}>Edit the default email</Button>
          <HandOverOutcome fetcher={handover} />
          <HandOverButton fetcher={handover} />
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
