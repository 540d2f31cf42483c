import { Banner, BlockStack, Button, InlineStack, Spinner } from "@shopify/polaris";
import { useEffect, useState } from "react";

/**
 * Fetches the label through the app's fetch (App Bridge adds the session
 * token; a plain src would reach the server without one from inside the admin
 * iframe) and shows it from a blob: a PDF in a frame, an image as an image.
 */
export function LabelPreview({ id, connote }: { id: string; connote: string }) {
  const [file, setFile] = useState<{ url: string; type: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    fetch(`/app/steps/test-returns/${id}/label`)
      .then(async (response) => {
        if (!response.ok) throw new Error(`The label could not be loaded (${response.status}).`);
        const blob = await response.blob();
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setFile({ url, type: blob.type });
      })
      .catch((problem: unknown) => !cancelled && setError(problem instanceof Error ? problem.message : String(problem)));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [id]);

  if (error) return <Banner tone="critical">{error}</Banner>;
  if (!file) return <Spinner accessibilityLabel="Loading the label" size="small" />;
  return (
    <BlockStack gap="200">
      {file.type.startsWith("image/") ? (
        <img src={file.url} alt={`Return label ${connote}`} style={{ maxWidth: 400, border: "1px solid var(--p-color-border)" }} />
      ) : (
        <iframe src={file.url} title={`Return label ${connote}`} style={{ width: "100%", maxWidth: 420, height: 560, border: "1px solid var(--p-color-border)" }} />
      )}
      <InlineStack>
        <Button url={file.url} download={`${connote}.${file.type.startsWith("image/") ? "png" : "pdf"}`}>
          Download label
        </Button>
      </InlineStack>
    </BlockStack>
  );
}
