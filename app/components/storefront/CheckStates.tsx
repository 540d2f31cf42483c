import { BlockStack, Button, InlineStack, Spinner, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** While App Bridge is being asked where an extension is. */
export function CheckPending({ label }: { label: string }) {
  return (
    <InlineStack gap="200" blockAlign="center">
      <Spinner size="small" accessibilityLabel={label} />
      <Text as="span">{`${label}…`}</Text>
    </InlineStack>
  );
}

/** When App Bridge did not answer: what went wrong, "Check again", and any other way out (`children`). */
export function CheckFailed({ message, onRecheck, recheckLabel, children }: { message: string; onRecheck: () => void; recheckLabel?: string; children?: ReactNode }) {
  return (
    <BlockStack gap="200">
      <Text as="p" tone="critical">
        {message}
      </Text>
      <InlineStack gap="200">
        <Button onClick={onRecheck} accessibilityLabel={recheckLabel}>
          Check again
        </Button>
        {children}
      </InlineStack>
    </BlockStack>
  );
}
