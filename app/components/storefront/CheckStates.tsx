import { BlockStack, Button, InlineStack, Spinner, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** One line of the answer to come: its heading, and whether a button (a medium Polaris button's height) is expected under it. */
export type PendingRow = { title: string; button?: boolean };

/**
 * While App Bridge is being asked where an extension is: the answer's own lines, with a placeholder
 * where each badge comes and room for the buttons expected, and the spinner where "Checked …" comes,
 * so nothing below moves when the answer arrives (layout shift).
 */
export function CheckPending({ label, rows = [] }: { label: string; rows?: PendingRow[] }) {
  return (
    <BlockStack gap="300">
      {rows.map((row) => (
        <BlockStack key={row.title} gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {row.title}
            </Text>
            <span
              aria-hidden="true"
              style={{ display: "inline-block", width: "4.5rem", height: "1.25rem", borderRadius: "var(--p-border-radius-200)", background: "var(--p-color-bg-fill-secondary)" }}
            />
          </InlineStack>
          {row.button ? (
            // A real medium button, unseen and out of reach: its height follows Polaris's at every width (taller on small screens).
            <div aria-hidden="true" data-pending-button="" style={{ visibility: "hidden" }}>
              <InlineStack>
                <Button>Open</Button>
              </InlineStack>
            </div>
          ) : null}
        </BlockStack>
      ))}
      <InlineStack gap="200" blockAlign="center">
        {/* The spinner's inline SVG would make its line taller than the text's: held to one line's height, like "Checked …". */}
        <div style={{ display: "flex", alignItems: "center", height: "var(--p-font-line-height-500)" }}>
          <Spinner size="small" accessibilityLabel={label} />
        </div>
        <Text as="span">{`${label}…`}</Text>
      </InlineStack>
    </BlockStack>
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
