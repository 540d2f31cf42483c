import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { FormTextField } from "~/components/FormTextField";
import { SEKO_SYSTEM_NAMES, type SekoEnvironment, type SekoSystem } from "~/seko/config";
import { SEKO_DOMAINS } from "~/seko/hosts";
import {
  connect,
  credentialInput,
  disconnect,
  getSekoConfig,
  listConnections,
  recheck,
  saveSekoSettings,
  settingsInput,
  type ConnectionView,
} from "~/seko/connection.server";
import { getTrackingEndpoint, recentTrackingEvents, rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import { testConsignments } from "~/test-returns/test-returns.server";
import { allAnswers } from "~/forms/answers";
import { loadFormState } from "~/forms/form-state.server";
import { retailerNameSuggestion, type RetailerSuggestion } from "~/forms/retailer-name";
import { staffFrom } from "~/utils/staff.server";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Settings · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [config, connections, tracking, events, onboarding, tests] = await Promise.all([
    getSekoConfig(session.shop),
    listConnections(session.shop),
    getTrackingEndpoint(session.shop),
    recentTrackingEvents(session.shop),
    loadFormState(session.shop, "onboarding"),
    testConsignments(session.shop),
  ]);
  const testSet = new Set(tests);
  return {
    shop: session.shop,
    scopes: (session.scope ?? "").split(",").filter(Boolean),
    environment: config.environment,
    overrides: {
      omniparcelBaseUrl: config.omniparcel.baseUrl ?? "",
      omnireturnsBaseUrl: config.omnireturns.baseUrl ?? "",
      omnirpsBaseUrl: config.omnirps.baseUrl ?? "",
      omniparcelAuthHeader: config.omniparcel.authHeader ?? "",
      omnireturnsAuthHeader: config.omnireturns.authHeader ?? "",
      omnirpsAuthHeader: config.omnirps.authHeader ?? "",
    },
    connections,
    retailerSuggestion: retailerNameSuggestion(connections, allAnswers(onboarding)),
    tracking,
    // Test returns' events are tagged: they are never a live return (step 9).
    events: events.map((event) => ({ ...event, test: testSet.has(event.consignmentNo) })),
  };
};

type ActionResult =
  | { intent: string; ok: true; message: string; password?: string; username?: string; url?: string; system?: string }
  | { intent: string; ok: false; message: string; fieldErrors?: Record<string, string>; system?: string };

const systemAndEnvironment = z.object({
  system: z.enum(["omniparcel", "omnireturns", "omnirps"]),
  environment: z.enum(["test", "production"]),
});

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionResult> => {
  const { session, sessionToken } = await authenticate.admin(request);
  const shop = session.shop;
  // Who did it, for the activity log each change below records.
  const by = staffFrom(sessionToken).id;
  const body = await readForm(request);
  const form = Object.fromEntries(body);
  const intent = String(form.intent ?? "");

  switch (intent) {
    case "connect": {
      // Answered in the card of the system concerned, at the field SEKO refused when it refused a key.
      const system = String(form.system ?? "");
      const parsed = parseWithZod(body, { schema: credentialInput });
      if (parsed.status !== "success") return { intent, system, ok: false, message: "Check the highlighted fields.", fieldErrors: firstErrors(parsed.error) };
      const result = await connect(shop, parsed.value, by);
      if (!result.ok) {
        return result.fieldErrors
          ? { intent, system, ok: false, message: `${SEKO_SYSTEM_NAMES[parsed.value.system]} did not accept the key.`, fieldErrors: result.fieldErrors }
          : { intent, system, ok: false, message: result.error.message };
      }
      return { intent, system, ok: true, message: `${SEKO_SYSTEM_NAMES[parsed.value.system]} connected.` };
    }
    case "recheck":
    case "disconnect": {
      const parsed = parseWithZod(body, { schema: systemAndEnvironment });
      if (parsed.status !== "success") throw new Response("Unknown connection: name a SEKO system and environment", { status: 400 });
      const { system, environment } = parsed.value;
      if (intent === "disconnect") {
        await disconnect(shop, system, environment, by);
        return { intent, ok: true, message: `${SEKO_SYSTEM_NAMES[system]} (${environment}) removed.` };
      }
      const result = await recheck(shop, system, environment, by);
      if (!result) return { intent, ok: false, message: "That connection no longer exists." };
      return result.ok
        ? { intent, ok: true, message: `${SEKO_SYSTEM_NAMES[system]} is connected.` }
        : { intent, ok: false, message: result.error.message };
    }
    case "save-settings": {
      const parsed = parseWithZod(body, { schema: settingsInput });
      if (parsed.status !== "success") return { intent, ok: false, message: "Check the highlighted fields.", fieldErrors: firstErrors(parsed.error) };
      const saved = await saveSekoSettings(shop, parsed.value, by);
      if (!saved.ok) return { intent, ok: false, message: "Check the highlighted fields.", fieldErrors: saved.fieldErrors };
      return { intent, ok: true, message: "Connection settings saved." };
    }
    case "rotate-tracking": {
      const credentials = await rotateTrackingCredentials(shop, by);
      return { intent, ok: true, message: "New tracking webhook credentials generated.", ...credentials };
    }
    default:
      throw new Response(`Unknown intent "${intent}"`, { status: 400 });
  }
};

/** conform's errors (field → messages) as the cards show them: the first message per field. */
function firstErrors(error: Record<string, string[] | null> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(error ?? {}).flatMap(([field, messages]) => (messages?.[0] ? [[field || "form", messages[0]]] : [])));
}

const STATUS_TONE = { connected: "success", failed: "critical", unchecked: undefined } as const;

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title="Settings">
      <TitleBar title="Settings" />
      <Layout>
        {result && result.intent !== "connect" ? (
          <Layout.Section>
            <Banner tone={result.ok ? "success" : "critical"} title={result.message}>
              {result.ok && result.password ? (
                <BlockStack gap="100">
                  <Text as="p">Give SEKO these values now: the password is shown only once.</Text>
                  {"url" in result && result.url ? (
                    <Text as="p">
                      Webhook URL: <code data-testid="tracking-url">{result.url}</code>
                    </Text>
                  ) : null}
                  <Text as="p">
                    Username: <code data-testid="tracking-username">{result.username}</code>
                  </Text>
                  <Text as="p">
                    Password: <code data-testid="tracking-password">{result.password}</code>
                  </Text>
                </BlockStack>
              ) : null}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection
          title="SEKO connection"
          description="The keys SEKO gave you for OmniReturns, OmniRPS and OmniParcel. Each key is checked with SEKO before it is saved, stored encrypted, and never shown again in full."
        >
          <BlockStack gap="400">
            <EnvironmentCard environment={data.environment} overrides={data.overrides} result={result} />
            <CredentialCard system="omnireturns" environment={data.environment} connections={data.connections} result={result} />
            <CredentialCard
              system="omnirps"
              environment={data.environment}
              connections={data.connections}
              result={result}
              retailerSuggestion={data.retailerSuggestion}
            />
            <CredentialCard system="omniparcel" environment={data.environment} connections={data.connections} result={result} />
          </BlockStack>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Return tracking webhook"
          description="SEKO posts every Return Tracking-Status here. Give SEKO the URL, username and password below."
        >
          <TrackingCard tracking={data.tracking} events={data.events} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Shopify access" description="What this app may read in your store, and why.">
          <Card>
            <BlockStack gap="200">
              <Text as="p">
                Connected to{" "}
                <Text as="span" fontWeight="semibold">
                  {data.shop}
                </Text>
              </Text>
              <Text as="p" tone="subdued">
                Granted access: {data.scopes.length ? data.scopes.join(", ") : "none"}
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

function useBusy(intent: string, system?: string) {
  const navigation = useNavigation();
  return (
    navigation.state === "submitting" &&
    navigation.formData?.get("intent") === intent &&
    (system === undefined || navigation.formData?.get("system") === system)
  );
}

function EnvironmentCard({
  environment,
  overrides,
  result,
}: {
  environment: SekoEnvironment;
  overrides: Record<string, string>;
  result: ActionResult | undefined;
}) {
  const [value, setValue] = useState<string>(environment);
  const [advanced, setAdvanced] = useState(false);
  const errors = result && !result.ok && result.intent === "save-settings" ? (result.fieldErrors ?? {}) : {};
  const busy = useBusy("save-settings");
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="save-settings" />
        <FormLayout>
          <Select
            label="SEKO environment"
            name="environment"
            options={[
              { label: "Test (SEKO's test and staging hosts)", value: "test" },
              { label: "Production", value: "production" },
            ]}
            value={value}
            onChange={setValue}
            helpText="Keys are kept per environment; switch to production when SEKO says your live accounts are ready."
          />
          <Button variant="plain" onClick={() => setAdvanced(!advanced)} ariaExpanded={advanced} ariaControls="seko-advanced">
            {advanced ? "Hide host and header overrides" : "Host and header overrides (only if SEKO asks)"}
          </Button>
          {advanced ? (
            <div id="seko-advanced">
              <FormLayout>
                {(["omnireturns", "omnirps", "omniparcel"] as const).map((system) => (
                  <FormLayout.Group key={system}>
                    <FormTextField
                      label={`${SEKO_SYSTEM_NAMES[system]} base URL`}
                      name={`${system}BaseUrl`}
                      initialValue={overrides[`${system}BaseUrl`]}
                      autoComplete="off"
                      helpText={`https:// on ${SEKO_DOMAINS.join(", ")} or their subdomains`}
                      error={errors[`${system}BaseUrl`]}
                    />
                    <FormTextField
                      label={`${SEKO_SYSTEM_NAMES[system]} key header`}
                      name={`${system}AuthHeader`}
                      initialValue={overrides[`${system}AuthHeader`]}
                      autoComplete="off"
                      error={errors[`${system}AuthHeader`]}
                    />
                  </FormLayout.Group>
                ))}
              </FormLayout>
            </div>
          ) : null}
          <InlineStack align="end">
            <Button submit loading={busy}>
              Save connection settings
            </Button>
          </InlineStack>
        </FormLayout>
      </Form>
    </Card>
  );
}

function CredentialCard({
  system,
  environment,
  connections,
  result,
  retailerSuggestion,
}: {
  system: SekoSystem;
  environment: SekoEnvironment;
  connections: ConnectionView[];
  result: ActionResult | undefined;
  retailerSuggestion?: RetailerSuggestion | null;
}) {
  const connection = connections.find((item) => item.system === system && item.environment === environment);
  const mine = result?.intent === "connect" && result.system === system ? result : undefined;
  const errors = mine && !mine.ok ? (mine.fieldErrors ?? {}) : {};
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
              {connection.checkedAt ? ` · checked ${new Date(connection.checkedAt).toLocaleString()}` : ""}
            </Text>
            {connection.lastError ? <Text as="p" tone="critical">{connection.lastError}</Text> : null}
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
        {mine && !connecting ? (
          mine.ok ? (
            <Banner tone="success">{mine.message}</Banner>
          ) : Object.keys(errors).length === 0 ? (
            <Banner tone="critical">{mine.message}</Banner>
          ) : null
        ) : null}
        {/* A new key remounts the form, so the typed key does not linger in the page. */}
        <Form method="post" key={connection?.checkedAt ?? "new"}>
          <input type="hidden" name="intent" value="connect" />
          <input type="hidden" name="system" value={system} />
          <input type="hidden" name="environment" value={environment} />
          <FormLayout>
            {system === "omnirps" ? (
              <FormLayout.Group>
                <FormTextField label="OmniRPS token" name="token" type="password" autoComplete="off" error={errors.token} />
                <FormTextField
                  label="Retailer name"
                  name="retailerName"
                  autoComplete="off"
                  helpText={
                    !connection?.retailerName && retailerSuggestion
                      ? `Suggested from ${retailerSuggestion.source}. It must be spelled exactly as in OmniRPS.`
                      : "Exactly as spelled in OmniRPS"
                  }
                  initialValue={connection?.retailerName ?? retailerSuggestion?.name ?? ""}
                  error={errors.retailerName}
                />
              </FormLayout.Group>
            ) : (
              <FormTextField label={`${name} access key`} name="accessKey" type="password" autoComplete="off" error={errors.accessKey} />
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

function TrackingCard({
  tracking,
  events,
}: {
  tracking: { url: string; username: string; rotatedAt: string } | null;
  events: { id: string; consignmentNo: string; orderNo: string | null; code: string; kind: string; label: string; eventAt: string; test: boolean }[];
}) {
  const busy = useBusy("rotate-tracking");
  return (
    <Card>
      <BlockStack gap="300">
        {tracking ? (
          <BlockStack gap="100">
            <TextField label="Webhook URL" value={tracking.url} readOnly autoComplete="off" />
            <Text as="p">
              Username: <code>{tracking.username}</code> · password set {new Date(tracking.rotatedAt).toLocaleDateString()}
            </Text>
          </BlockStack>
        ) : (
          <Text as="p">No tracking webhook yet. Generate its credentials, then give them to SEKO.</Text>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="rotate-tracking" />
          <Button submit loading={busy}>
            {tracking ? "Rotate URL and credentials" : "Generate tracking webhook credentials"}
          </Button>
        </Form>
        <Box>
          <Text as="h3" variant="headingSm">
            Latest events
          </Text>
          {events.length ? (
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Consignment", "Order", "Status", "Event time"]}
              rows={events.map((event) => [
                event.test ? `${event.consignmentNo} (test return)` : event.consignmentNo,
                event.orderNo ?? "",
                event.kind === "unknown" ? `${event.code} (unknown code)` : `${event.code} · ${event.label}`,
                event.eventAt,
              ])}
            />
          ) : (
            <Text as="p" tone="subdued">
              No events received yet.
            </Text>
          )}
        </Box>
      </BlockStack>
    </Card>
  );
}
