import { Form } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text } from "@shopify/polaris";
import { fieldError } from "~/components/form-errors";
import { useDates } from "~/components/date-setting";
import { FormTextField } from "~/components/FormTextField";
import type { RetailerSuggestion } from "~/forms/retailer-name";
import { SEKO_SYSTEM_NAMES, type SekoEnvironment, type SekoSystem } from "~/seko/config";
import type { ConnectionView } from "~/seko/connection.server";
import type { SettingsAnswer } from "./actions.server";
import { useBusy } from "./use-busy";

const STATUS_TONE = { connected: "success", failed: "critical", unchecked: undefined } as const;

/** One SEKO system's key in the chosen environment: its state, re-check, removal, and a new key. */
export function CredentialCard({
  system,
  environment,
  connections,
  answer,
  retailerSuggestion,
}: {
  system: SekoSystem;
  environment: SekoEnvironment;
  connections: ConnectionView[];
  answer: SettingsAnswer | undefined;
  retailerSuggestion?: RetailerSuggestion | null;
}) {
  const dates = useDates();
  const connection = connections.find((item) => item.system === system && item.environment === environment);
  const mine = answer?.intent === "connect" && answer.system === system ? answer : undefined;
  const result = mine && !mine.ok ? mine.result : undefined;
  const fieldsRefused = Object.values(result?.error ?? {}).some(Boolean);
  const connecting = useBusy("connect", system);
  const rechecking = useBusy("recheck", system);
  const name = SEKO_SYSTEM_NAMES[system];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {name}
          </Text>
          <Badge tone={connection ? STATUS_TONE[connection.status] : undefined}>
            {connection ? (connection.status === "connected" ? "Connected" : connection.status === "failed" ? "Check failed" : "Not checked") : "Not connected"}
          </Badge>
        </InlineStack>
        {connection ? (
          <BlockStack gap="100">
            <Text as="p" tone="subdued">
              Key ending in {connection.last4} · {connection.environment}
              {connection.retailerName ? ` · retailer "${connection.retailerName}"` : ""}
              {connection.checkedAt ? ` · checked ${dates.date(connection.checkedAt)}` : ""}
            </Text>
            {connection.lastError ? (
              <Text as="p" tone="critical">
                {connection.lastError}
              </Text>
            ) : null}
            <InlineStack gap="200">
              <Form method="post">
                <input type="hidden" name="intent" value="recheck" />
                <input type="hidden" name="system" value={system} />
                <input type="hidden" name="environment" value={environment} />
                <Button submit loading={rechecking} accessibilityLabel={`Check the ${name} connection again`}>
                  Check again
                </Button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="disconnect" />
                <input type="hidden" name="system" value={system} />
                <input type="hidden" name="environment" value={environment} />
                <Button submit tone="critical" variant="plain" accessibilityLabel={`Remove the ${name} key`}>
                  Remove
                </Button>
              </Form>
            </InlineStack>
          </BlockStack>
        ) : null}
        {mine && !connecting ? mine.ok ? <Banner tone="success">{mine.message}</Banner> : !fieldsRefused ? <Banner tone="critical">{mine.message}</Banner> : null : null}
        {/* A new key remounts the form, so the typed key does not linger in the page. */}
        <Form method="post" key={connection?.checkedAt ?? "new"}>
          <input type="hidden" name="intent" value="connect" />
          <input type="hidden" name="system" value={system} />
          <input type="hidden" name="environment" value={environment} />
          <FormLayout>
            {system === "omnirps" ? (
              <FormLayout.Group>
                <FormTextField label="OmniRPS token" name="token" type="password" autoComplete="off" error={fieldError(result, "token")} />
                <FormTextField
                  label="Retailer name"
                  name="retailerName"
                  autoComplete="off"
                  helpText={
                    !connection?.retailerName && retailerSuggestion ? `Suggested from ${retailerSuggestion.source}. It must be spelled exactly as in OmniRPS.` : "Exactly as spelled in OmniRPS"
                  }
                  initialValue={connection?.retailerName ?? retailerSuggestion?.name ?? ""}
                  error={fieldError(result, "retailerName")}
                />
              </FormLayout.Group>
            ) : (
              <FormTextField label={`${name} access key`} name="accessKey" type="password" autoComplete="off" error={fieldError(result, "accessKey")} />
            )}
            <InlineStack align="end">
              <Button submit variant="primary" loading={connecting}>
                {connection ? `Replace ${name} key` : `Connect ${name}`}
              </Button>
            </InlineStack>
          </FormLayout>
        </Form>
      </BlockStack>
    </Card>
  );
}
