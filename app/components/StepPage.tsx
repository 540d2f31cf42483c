import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, InlineStack, Page, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { StepFact } from "~/guide/progress";
import { StepStatusBadge } from "./SetupGuide";

/** The frame of every step page: title, back to the guide, the step's status and where it stands. */
export function StepPage({ title, number, fact, intro, children }: { title: string; number: number; fact: StepFact; intro: ReactNode; children: ReactNode }) {
  return (
    <Page title={`${number}. ${title}`} backAction={{ content: "Setup guide", url: "/app" }} titleMetadata={<StepStatusBadge status={fact.status} />}>
      <TitleBar title={title} />
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="p">{intro}</Text>
          {fact.note ? (
            <InlineStack>
              <Text as="p" tone="subdued">
                {fact.note}
              </Text>
            </InlineStack>
          ) : null}
        </BlockStack>
        {children}
      </BlockStack>
    </Page>
  );
}
