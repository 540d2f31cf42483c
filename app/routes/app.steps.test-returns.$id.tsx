import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { LabelPreview } from "~/components/test-returns/LabelPreview";
import { statusPreview } from "~/customer-account/order-returns.server";
import { statusBlockWords } from "~/customer-account/wording";
import { notificationContext } from "~/notifications/label-email.server";
import { statusEmails } from "~/notifications/status-emails.server";
import { countryName } from "~/components/test-returns/OrderPicker";
import { readPrefill } from "~/forms/prefill.server";
import { staffDirectory, staffFrom } from "~/utils/staff.server";
import { DECISIONS, decisionSchema } from "~/test-returns/test-returns";
import { RETURN_OPTION_LABELS } from "~/return-settings/return-settings";
import { checkTestReturnStatus } from "~/test-returns/status-check.server";
import { decideTestReturn, getTestReturn, printLabel, voidTestReturn } from "~/test-returns/test-returns.server";
import { authenticate } from "~/shopify.server";
import { orderForReturn } from "~/shopify/order-search.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Test return · SEKO Returns" }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [item, staff] = await Promise.all([getTestReturn(session.shop, params.id ?? ""), staffDirectory(session.shop)]);
  if (!item) throw new Response("No such test return", { status: 404 });
  // Step 8: the email each status would send the customer (a test return sends none).
  const [emails, customerView] = await Promise.all([
    notificationContext(session.shop).then((context) => statusEmails(session.shop, context)),
    item.connote ? statusPreview(session.shop, item.connote) : null,
  ]);
  return {
    // Worded on the server, as the block words it: the words file stays out of the browser bundle.
    customerView: customerView && {
      heading: statusBlockWords.heading,
      status: statusBlockWords.code(customerView.code),
      updated: customerView.lastEventAt ? statusBlockWords.updated(customerView.lastEventAt) : null,
      trackingNumber: customerView.trackingNo ? statusBlockWords.trackingNumber(customerView.trackingNo) : null,
    },
    notifications: Object.fromEntries(emails.map((email) => [email.code, { enabled: email.template.enabled, subject: email.template.subject }])) as Record<string, { enabled: boolean; subject: string }>, item: { ...item, createdBy: staff.label(item.createdBy), decidedBy: item.decidedBy ? staff.label(item.decidedBy) : null, voidedBy: item.voidedBy ? staff.label(item.voidedBy) : null } };
};

type Reply = { ok: boolean; message: string };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  const shop = session.shop;
  const id = params.id ?? "";
  const staff = staffFrom(sessionToken);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const item = await getTestReturn(shop, id);
  if (!item) throw new Response("No such test return", { status: 404 });
  const reply = (result: { ok: boolean; message?: string }, done: string) =>
    data<Reply>({ ok: result.ok, message: result.ok ? done : (result.message ?? "Something went wrong") }, { status: result.ok ? 200 : 400 });
  const labelling = async () => {
    const { returnAddress } = await readPrefill(admin.graphql);
    if (!returnAddress) throw data<Reply>({ ok: false, message: "Your store has no address in Shopify: labels need one to go back to." }, { status: 400 });
    return { order: await orderForReturn(shop, item.orderId), destination: returnAddress };
  };
  switch (intent) {
    case "void":
      return reply(await voidTestReturn(shop, id, staff.id), "Label voided with SEKO.");
    case "check": {
      const result = await checkTestReturnStatus(shop, id);
      return reply(result, result.ok ? `Status checked with SEKO: ${result.stored ?? 0} new event${result.stored === 1 ? "" : "s"}.` : "");
    }
    case "decide": {
      const decision = decisionSchema.safeParse(formData.get("decision"));
      if (!decision.success) return data<Reply>({ ok: false, message: "Choose a decision" }, { status: 400 });
      const label = DECISIONS[decision.data].printsLabel ? await labelling() : { order: null, destination: { name: "", street: "", city: "", countryCode: "NZ" } };
      return reply(await decideTestReturn(shop, id, decision.data, staff.id, label), `Decision recorded: ${DECISIONS[decision.data].label}.`);
    }
    case "retry": {
      if (item.state !== "failed") return data<Reply>({ ok: false, message: "Only a return whose label failed can be tried again." }, { status: 400 });
      const { order, destination } = await labelling();
      if (!order) return data<Reply>({ ok: false, message: "The order is no longer in the app." }, { status: 400 });
      return reply(await printLabel(shop, id, order, destination), "Label created.");
    }
    default:
      throw new Response(`Unknown intent "${intent}"`, { status: 400 });
  }
};

function when(value: string | null) {
  return value ? new Date(value).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }) : "";
}

export default function TestReturnPage() {
  const { item, notifications, customerView } = useLoaderData<typeof loader>();
  const action = useFetcher<Reply>({ key: `test-return-${item.id}` });
  const revalidator = useRevalidator();
  // The timeline is fed by SEKO's webhook: while a label is out, look again every few seconds.
  const following = item.state === "labelled" && item.timeline.current !== "RDBTC" && item.timeline.current !== "RR";
  useEffect(() => {
    if (!following) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [following, revalidator]);
  const busy = action.state !== "idle";
  const post = (fields: Record<string, string>) => action.submit(fields, { method: "post" });

  return (
    <Page
      title={`Test return on ${item.orderName}`}
      backAction={{ content: "Test returns", url: "/app/steps/test-returns" }}
      titleMetadata={
        <InlineStack gap="100">
          <Badge tone="info">Test</Badge>
          <Badge>{item.stateLabel}</Badge>
        </InlineStack>
      }
    >
      <TitleBar title="Test return" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {action.data && !busy ? <Banner tone={action.data.ok ? "success" : "critical"}>{action.data.message}</Banner> : null}
            {item.state === "on_hold" ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    On hold for review
                  </Text>
                  <Text as="p">{`The reason "${item.reason}" needs review. Decide as your team would for a customer's return.`}</Text>
                  <InlineStack gap="200">
                    {(Object.keys(DECISIONS) as (keyof typeof DECISIONS)[]).map((decision) => (
                      <Button key={decision} loading={busy} tone={decision === "reject" ? "critical" : undefined} onClick={() => post({ intent: "decide", decision })}>
                        {DECISIONS[decision].label}
                      </Button>
                    ))}
                  </InlineStack>
                </BlockStack>
              </Card>
            ) : null}
            {item.state === "failed" && item.error ? (
              <Banner tone="critical" title="No label">
                <BlockStack gap="200">
                  <p>{item.error}</p>
                  <InlineStack>
                    <Button loading={busy} onClick={() => post({ intent: "retry" })}>
                      Try the label again
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Banner>
            ) : null}
            {item.connote ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Label
                  </Text>
                  <Text as="p">
                    Consignment <strong>{item.connote}</strong>
                    {item.cost !== null ? ` · SEKO's cost ${item.cost.toFixed(2)}` : ""}
                    {item.system ? ` · ${item.system === "omnireturns" ? "OmniReturns" : "OmniParcel"} (test)` : ""}
                  </Text>
                  {item.trackingUrl ? (
                    <Link url={item.trackingUrl} target="_blank">
                      Tracking page
                    </Link>
                  ) : null}
                  {item.state === "voided" ? (
                    <Text as="p" tone="subdued">{`Voided ${when(item.voidedAt)} by ${item.voidedBy ?? "someone"}.`}</Text>
                  ) : item.hasLabel ? (
                    <LabelPreview id={item.id} connote={item.connote} />
                  ) : null}
                  {item.state === "labelled" ? (
                    <InlineStack gap="200">
                      <Button loading={busy} onClick={() => post({ intent: "check" })}>
                        Check status with SEKO
                      </Button>
                      <Button tone="critical" loading={busy} onClick={() => post({ intent: "void" })}>
                        Void label
                      </Button>
                    </InlineStack>
                  ) : null}
                </BlockStack>
              </Card>
            ) : null}
            {item.connote ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Tracking
                  </Text>
                  <ol aria-label="Tracking timeline" style={{ margin: 0, paddingLeft: 20 }}>
                    {item.timeline.track.map((status) => (
                      <li key={status.code} data-reached={status.reachedAt ? "yes" : "no"}>
                        <InlineStack gap="200">
                          <Text as="span" fontWeight={status.code === item.timeline.current ? "bold" : "regular"} tone={status.reachedAt ? undefined : "subdued"}>
                            {`${status.label} (${status.code})`}
                          </Text>
                          <Text as="span" tone="subdued">
                            {status.reachedAt ?? "not yet"}
                          </Text>
                          {notifications[status.code]?.enabled ? (
                            <Badge tone="info">{`Email: ${notifications[status.code]!.subject}`}</Badge>
                          ) : (
                            <Badge>No customer email</Badge>
                          )}
                        </InlineStack>
                      </li>
                    ))}
                  </ol>
                  <Text as="p" tone="subdued">
                    Next to each status: the email a live return would send the customer then (step 8). A test return sends none.
                  </Text>
                  {item.timeline.events.length === 0 ? (
                    <Text as="p" tone="subdued">
                      No tracking events yet. SEKO posts them to the app&apos;s tracking webhook (Settings); you can also check now.
                    </Text>
                  ) : null}
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Details
              </Text>
              <Text as="p">{`Returned from ${countryName(item.originCountry)}`}</Text>
              <Text as="p">{`Reason: ${item.reason}${item.needsReview ? " (needs review)" : ""}`}</Text>
              <Text as="p">{`Option: ${RETURN_OPTION_LABELS[item.returnOption] ?? item.returnOption}`}</Text>
              <ul aria-label="Items" style={{ margin: 0, paddingLeft: 20 }}>
                {item.items.map((line) => (
                  <li key={line.lineItemId}>{`${line.quantity} × ${line.title}`}</li>
                ))}
              </ul>
              <Text as="p" tone="subdued">{`Created ${when(item.createdAt)} by ${item.createdBy}`}</Text>
              {item.decision ? <Text as="p">{`Decision: ${item.decisionLabel}, by ${item.decidedBy ?? "someone"} ${when(item.decidedAt)}`}</Text> : null}
            </BlockStack>
          </Card>
          {item.connote ? (
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  In the customer&apos;s account
                </Text>
                <Text as="p" tone="subdued">
                  What the return-status block on the order status page would show for this return. Customers never see test returns.
                </Text>
                <section aria-label="Return status block preview" style={{ border: "1px solid #e3e3e3", borderRadius: 8, padding: 12 }}>
                  {customerView ? (
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm">
                        {customerView.heading}
                      </Text>
                      <Text as="p" fontWeight="semibold">
                        {customerView.status}
                      </Text>
                      {customerView.updated ? <Text as="p">{customerView.updated}</Text> : null}
                      {customerView.trackingNumber ? <Text as="p">{customerView.trackingNumber}</Text> : null}
                    </BlockStack>
                  ) : (
                    <Text as="p" tone="subdued">
                      Nothing yet: the block stays empty until SEKO reports the return.
                    </Text>
                  )}
                </section>
              </BlockStack>
            </Card>
          ) : null}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
