import { Banner, BlockStack, ButtonGroup, Button, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";

const WIDTHS = { desktop: 640, mobile: 375 } as const;

/**
 * The rendered email in a sandboxed frame (no scripts, no same origin), at a
 * desktop or phone width, light or dark. Dark mode forces the email's own
 * `prefers-color-scheme: dark` rules on, as a mail app in dark mode would.
 * `readability`: the colours a customer could not read (app/notifications/readability.ts), shown over the email.
 */
export function previewDocument(html: string, dark: boolean) {
  return dark ? html.replace(/prefers-color-scheme:\s*dark/g, "min-width: 0px") : html;
}

export function EmailPreview({ subject, html, loading, readability = [] }: { subject: string | null; html: string | null; loading: boolean; readability?: string[] }) {
  const [width, setWidth] = useState<keyof typeof WIDTHS>("desktop");
  const [dark, setDark] = useState(false);
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <ButtonGroup variant="segmented">
          <Button pressed={width === "desktop"} onClick={() => setWidth("desktop")}>
            Desktop
          </Button>
          <Button pressed={width === "mobile"} onClick={() => setWidth("mobile")}>
            Mobile
          </Button>
        </ButtonGroup>
        <ButtonGroup variant="segmented">
          <Button pressed={!dark} onClick={() => setDark(false)}>
            Light
          </Button>
          <Button pressed={dark} onClick={() => setDark(true)}>
            Dark
          </Button>
        </ButtonGroup>
      </InlineStack>
      {readability.length ? (
        <Banner tone="critical" title="Customers cannot read this email">
          <BlockStack gap="100">
            <ul style={{ margin: 0, paddingInlineStart: 20 }} aria-label="Readability problems">
              {readability.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
            <Text as="p">It cannot be saved or handed over to SEKO until it is readable.</Text>
          </BlockStack>
        </Banner>
      ) : null}
      <Text as="p" variant="bodySm" tone="subdued">
        {loading ? "Updating the preview…" : subject !== null ? `Subject: ${subject}` : "The preview shows once the template renders."}
      </Text>
      {html !== null ? (
        <div style={{ overflowX: "auto", background: dark ? "#121212" : "#f4f4f4", padding: 8, borderRadius: 8 }}>
          <iframe
            title="Email preview"
            data-testid="email-preview"
            data-width={width}
            data-theme={dark ? "dark" : "light"}
            sandbox=""
            srcDoc={previewDocument(html, dark)}
            style={{ border: 0, width: WIDTHS[width], maxWidth: "100%", height: 560, display: "block", margin: "0 auto", background: "#fff" }}
          />
        </div>
      ) : null}
    </BlockStack>
  );
}
