import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, InlineStack, Layout, Link, Text } from "@shopify/polaris";
import { StepPage } from "~/components/StepPage";
import { ChecklistCard } from "~/components/test-returns/ChecklistCard";
import { CreateReturnForm } from "~/components/test-returns/CreateReturnForm";
import { countryName, OrderPicker } from "~/components/test-returns/OrderPicker";
import { readPrefill } from "~/forms/prefill.server";
import { staffDirectory, staffFrom } from "~/utils/staff.server";
import { testReturnSchema, testReturnsChecklist } from "~/test-returns/test-returns";
import { testReturnsFact } from "~/guide/facts";
import { createTestReturn, listTestReturns, returnedOnOrder, testReturnRecords } from "~/test-returns/test-returns.server";
import { loadReturnSettings } from "~/return-settings/return-settings.server";
import { listConnections } from "~/seko/connection.server";
import { authenticate } from "~/shopify.server";
import { orderForReturn, orderSearchFrom, searchOrders } from "~/shopify/order-search.server";
import { readForm, unknownIntent } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Test returns · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const url = new URL(request.url);
  const chosenId = url.searchParams.get("order");
  const [config, search, chosen, returned, returns, records, connections, staff] = await Promise.all([
    loadReturnSettings(shop),
    searchOrders(shop, orderSearchFrom(url.searchParams)),
    chosenId ? orderForReturn(shop, chosenId) : Promise.resolve(null),
    chosenId ? returnedOnOrder(shop, chosenId) : Promise.resolve({}),
    listTestReturns(shop),
    testReturnRecords(shop),
    listConnections(shop),
    staffDirectory(shop),
  ]);
  const input = { config, ...records };
  return {
    config,
    search,
    chosen,
    returned,
    returns: returns.map((item) => ({ ...item, createdBy: staff.label(item.createdBy) })),
    checklist: testReturnsChecklist(input),
    fact: testReturnsFact(input),
    testKeys: connections.filter((connection) => connection.environment === "test" && connection.status === "connected").map((connection) => connection.systemName),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  const shop = session.shop;
  const staff = staffFrom(sessionToken);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  if (intent !== "create") return unknownIntent(intent);
  const order = await orderForReturn(shop, String(formData.get("orderId") ?? ""));
  if (!order) return data({ ok: false, message: "Choose one of your synced orders." }, { status: 400 });
  const config = await loadReturnSettings(shop);
  // An item already in an open test return of this order is not returned twice (beyond its quantity).
  const submission = parseWithZod(formData, { schema: testReturnSchema(config, order, await returnedOnOrder(shop, order.id)) });
  if (submission.status !== "success") return data({ ok: false, errors: submission.reply().error ?? {} }, { status: 400 });
  const { returnAddress } = await readPrefill(admin.graphql);
  if (!returnAddress) return data({ ok: false, message: "Your store has no address in Shopify (Settings > Store details): labels need one to go back to." }, { status: 400 });
  const result = await createTestReturn(shop, { order, ...submission.value }, config, returnAddress, staff.id);
  if (!result.ok && result.errors) return data({ ok: false, message: result.message, errors: result.errors }, { status: 409 });
  return data(result.ok ? { ok: true, id: result.id } : { ok: false, id: result.id, message: result.message }, { status: result.ok ? 200 : 502 });
};

const TONE: Record<string, "success" | "attention" | "critical" | "info" | undefined> = {
  labelled: "success",
  on_hold: "attention",
  failed: "critical",
  rejected: "critical",
  no_label: "info",
  voided: undefined,
};

export default function TestReturns() {
  const { config, search, chosen, returned, returns, checklist, fact, testKeys } = useLoaderData<typeof loader>();
  return (
    <StepPage
      number={9}
      title="Test returns"
      fact={fact}
      intro="Make test returns on your own orders, through SEKO's test environment: a label from every country you offer, every return reason, the faulty-item review, and the label cost in each country."
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {testKeys.length === 0 ? (
              <Banner tone="warning" title="No SEKO test connection">
                <p>
                  Test labels are made with your SEKO test keys. <Link url="/app/settings">Connect them in Settings</Link>
                </p>
              </Banner>
            ) : null}
            <ChecklistCard items={checklist} />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Your test returns
                </Text>
                {returns.length === 0 ? (
                  <Text as="p" tone="subdued">
                    None yet. Create the first one below.
                  </Text>
                ) : (
                  <ul aria-label="Test returns" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                    {returns.map((item) => (
                      <li key={item.id} style={{ padding: "6px 0", borderTop: "1px solid var(--p-color-border-secondary)" }}>
                        <InlineStack gap="200" blockAlign="center">
                          <Badge tone="info">Test</Badge>
                          <Link url={`/app/steps/test-returns/${item.id}`}>{`${item.orderName} from ${countryName(item.originCountry)}`}</Link>
                          <Badge tone={TONE[item.state]}>{item.stateLabel}</Badge>
                          <Text as="span" tone="subdued">
                            {`${item.reason}${item.connote ? ` · ${item.connote}` : ""} · ${item.createdBy}`}
                          </Text>
                        </InlineStack>
                      </li>
                    ))}
                  </ul>
                )}
                <InlineStack>
                  <Link url="/app/steps/test-returns/label-costs">Label cost by country</Link>
                </InlineStack>
              </BlockStack>
            </Card>
            <OrderPicker {...search} chosenId={chosen?.id ?? null} />
            {chosen ? (
              <CreateReturnForm
                key={chosen.id}
                order={chosen}
                returned={returned}
                reasons={config.reasons}
                reviewReasons={config.reviewReasons}
                options={config.options}
                countries={config.fees.map((row) => row.country)}
              />
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </StepPage>
  );
}
