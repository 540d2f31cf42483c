import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, List, Text } from "@shopify/polaris";
import { useState } from "react";
import { useToastOnResult, type ActionResult } from "./shared";

type Scope = { readonly handle: string; readonly label: string; readonly why: string };
export type ScopesView = { granted: string[]; required: readonly Scope[]; optional: readonly Scope[] };

/** Required and optional access; "Request access" asks through App Bridge, then the server re-reads the grant. */
export function AccessCard({ scopes }: { scopes: ScopesView }) {
  const fetcher = useFetcher<ActionResult>();
  useToastOnResult(fetcher.data);
  const [error, setError] = useState<string | null>(null);
  const request = async ({ handle, label }: Scope) => {
    setError(null);
    const bridge = (window as unknown as { shopify?: { scopes?: { request(scopes: string[]): Promise<unknown> } } }).shopify;
    if (!bridge?.scopes) return setError("Requesting access is not available here. Open the app in Shopify admin.");
    try {
      const answer = (await bridge.scopes.request([handle])) as { result?: string } | undefined;
      if (answer?.result === "declined-all") return setError(`${label} access was not granted. The app works without it; to allow it, select Request access again and grant it.`);
      fetcher.submit({ intent: "scopes-changed" }, { method: "post" });
    } catch {
      setError("Shopify did not grant the access.");
    }
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          What the app can access
        </Text>
        <List>
          {scopes.required.map((scope) => (
            <List.Item key={scope.handle}>
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  {scope.label}
                </Text>
                <Badge tone={scopes.granted.includes(scope.handle) ? "success" : "critical"}>{scopes.granted.includes(scope.handle) ? "Granted" : "Missing"}</Badge>
                <Text as="span" tone="subdued">
                  {scope.why}
                </Text>
              </InlineStack>
            </List.Item>
          ))}
        </List>
        <Text as="h3" variant="headingSm">
          Optional
        </Text>
        {scopes.optional.map((scope) => {
          const granted = scopes.granted.includes(scope.handle);
          return (
            <InlineStack key={scope.handle} align="space-between" blockAlign="center" gap="200">
              <BlockStack gap="050">
                <Text as="span" fontWeight="semibold">
                  {scope.label} {granted ? <Badge tone="success">Granted</Badge> : null}
                </Text>
                <Text as="span" tone="subdued">
                  {scope.why}
                </Text>
              </BlockStack>
              {granted ? null : (
                <Button onClick={() => void request(scope)} loading={fetcher.state !== "idle"} accessibilityLabel={`Request ${scope.label} access`}>
                  Request access
                </Button>
              )}
            </InlineStack>
          );
        })}
        {error ? <Banner tone="warning">{error}</Banner> : null}
      </BlockStack>
    </Card>
  );
}
