import { BlockStack, Box, Select, Text, TextField, Checkbox, InlineGrid } from "@shopify/polaris";
import { useEffect, useState } from "react";

export type PreviewSettings = { text: string; style: "button" | "link"; alignment: "left" | "center" | "right"; newTab: boolean };

/** The preview frame's height in px, and its placeholder's before hydration. */
const PREVIEW_HEIGHT = 96;

/**
 * The returns link as the storefront renders it: the extension's own CSS and markup in a sandboxed
 * frame (no scripts, no navigation), in the theme-neutral fonts and colours the link inherits.
 * The settings here are the app block's; the merchant sets them for real in the theme editor.
 *
 * The frame is added once the page is hydrated, in a box of its height kept from the start. A
 * srcdoc frame in the server's HTML had Chromium lay the embedded page out before its stylesheet
 * applied (the UA's body margin, no Polaris styles): the whole page then moved as the styles came,
 * a layout shift of 0.21 to 0.25 on most loads (tests/e2e/storefront.spec.ts).
 */
export function LinkPreview({ css, portalUrl }: { css: string; portalUrl: string | null }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [settings, setSettings] = useState<PreviewSettings>({ text: "", style: "button", alignment: "left", newTab: false });
  const update =
    <K extends keyof PreviewSettings>(key: K) =>
    (value: PreviewSettings[K]) =>
      setSettings((current) => ({ ...current, [key]: value }));
  return (
    <BlockStack gap="300">
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
        <TextField label="Link text" value={settings.text} onChange={update("text")} placeholder="Start a return" helpText="Blank: “Start a return” in the customer's language." autoComplete="off" />
        <Select
          label="Style"
          options={[
            { label: "Button", value: "button" },
            { label: "Link", value: "link" },
          ]}
          value={settings.style}
          onChange={(value) => update("style")(value as PreviewSettings["style"])}
        />
        <Select
          label="Alignment"
          options={[
            { label: "Left", value: "left" },
            { label: "Center", value: "center" },
            { label: "Right", value: "right" },
          ]}
          value={settings.alignment}
          onChange={(value) => update("alignment")(value as PreviewSettings["alignment"])}
        />
        <Checkbox label="Open the returns portal in a new tab" checked={settings.newTab} onChange={update("newTab")} />
      </InlineGrid>
      <Box borderWidth="025" borderColor="border" borderRadius="200" overflowX="hidden" overflowY="hidden">
        {hydrated ? (
          <iframe title="Preview of the returns link" sandbox="" srcDoc={previewDocument(css, portalUrl, settings)} style={{ border: 0, width: "100%", height: PREVIEW_HEIGHT, display: "block" }} />
        ) : (
          <div data-preview-pending="" style={{ height: PREVIEW_HEIGHT }} />
        )}
      </Box>
      {portalUrl ? null : (
        <Text as="p" tone="subdued">
          Customers will not see the link until the portal address is saved: the preview shows where it goes.
        </Text>
      )}
    </BlockStack>
  );
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The same markup snippets/returns-link.liquid writes for these settings. */
export function previewDocument(css: string, portalUrl: string | null, settings: PreviewSettings): string {
  const label = settings.text.trim() || "Start a return";
  const link = `<a class="seko-returns__${settings.style}" href="${escapeHtml(portalUrl ?? "#")}"${settings.newTab ? ' target="_blank" rel="noopener"' : ""}>${escapeHtml(label)}${
    settings.newTab ? '<span class="seko-returns__hidden"> (opens in a new tab)</span>' : ""
  }</a>`;
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;padding:8px 16px;font-family:system-ui,sans-serif;color:#303030;background:#fff}a{pointer-events:none}${css}</style></head><body><div class="seko-returns seko-returns--block seko-returns--${settings.alignment}">${link}</div></body></html>`;
}
