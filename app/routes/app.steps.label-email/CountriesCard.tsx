import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import { HandOverButton, HandOverOutcome, type HandOverReply } from "~/components/notifications/TemplateStepCards";
import { DEFAULT_LOCALE } from "~/notifications/defaults";
import type { LabelEmailData } from "./route";

const ORIGIN: Record<string, string> = { own: "Own template", "shop-default": "Your default", "built-in": "App default" };

/** Every country step 1 offers returns from, against the email it would send; the set is handed over from here. */
export function CountriesCard({ coverage, go }: { coverage: LabelEmailData["coverage"]; go: (scope: string, locale: string) => void }) {
  const handover = useFetcher<HandOverReply>({ key: "handover" });
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Countries and their email
        </Text>
        <DataTable
          columnContentTypes={["text", "text", "text", "text", "text"]}
          headings={["Country", "Template", "Renders", "Sample data", ""]}
          rows={coverage.map((entry) => [
            entry.country,
            `${ORIGIN[entry.origin]}${entry.version ? ` (version ${entry.version})` : ""}`,
            entry.problems.length ? <Badge tone="critical">{`${entry.problems.length} problem${entry.problems.length === 1 ? "" : "s"}`}</Badge> : <Badge tone="success">Yes</Badge>,
            entry.sampleOrder ? `Order ${entry.sampleOrder}` : "Sample order",
            <Button key={entry.country} size="slim" onClick={() => go(entry.country, DEFAULT_LOCALE)} accessibilityLabel={`Edit the email for ${entry.country}`}>
              Edit
            </Button>,
          ])}
        />
        <InlineStack gap="200" blockAlign="center">
          <Button onClick={() => go("default", DEFAULT_LOCALE)}>Edit the default email</Button>
          <HandOverOutcome fetcher={handover} />
          <HandOverButton fetcher={handover} />
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
