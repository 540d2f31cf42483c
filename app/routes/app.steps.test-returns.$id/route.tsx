import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, InlineStack, Layout, Page } from "@shopify/polaris";
import { useEffect } from "react";
import { TrackingRefusedBanner } from "~/components/TrackingRefusedBanner";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";
import { staffFrom } from "~/utils/staff.server";
import { answerTestReturn, type TestReturnReply } from "./actions.server";
import { LabelCard, LabelFailedBanner, OnHoldCard, TrackingCard } from "./ReturnCards";
import { CustomerViewCard, DetailsCard } from "./SideCards";
import { testReturnView } from "./view-model.server";

export const meta: MetaFunction = () => [{ title: "Test return · SEKO Returns" }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const view = await testReturnView(session.shop, params.id ?? "");
  if (!view) throw new Response("No such test return", { status: 404 });
  return view;
};

export type TestReturnData = ReturnType<typeof useLoaderData<typeof loader>>;

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  const staff = staffFrom(sessionToken);
  const formData = await readForm(request);
  return answerTestReturn({ shop: session.shop, staffId: staff.id, graphql: admin.graphql }, params.id ?? "", formData);
};

export default function TestReturnPage() {
  const { item, notifications, customerView, trackingRefusals } = useLoaderData<typeof loader>();
  const action = useFetcher<TestReturnReply>({ key: `test-return-${item.id}` });
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
            {item.state === "on_hold" ? <OnHoldCard item={item} busy={busy} post={post} /> : null}
            {item.state === "failed" && item.error ? <LabelFailedBanner error={item.error} busy={busy} post={post} /> : null}
            {item.connote ? <LabelCard item={item} connote={item.connote} busy={busy} post={post} /> : null}
            {following ? <TrackingRefusedBanner refusals={trackingRefusals} settingsUrl="/app/settings" /> : null}
            {item.connote ? <TrackingCard timeline={item.timeline} notifications={notifications} /> : null}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <DetailsCard item={item} />
          {item.connote ? <CustomerViewCard customerView={customerView} /> : null}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
