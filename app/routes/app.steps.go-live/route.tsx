import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Layout } from "@shopify/polaris";
import { StepPage } from "~/components/StepPage";
import { resumeDeliveries } from "~/job-handlers.server";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";
import { staffFrom } from "~/utils/staff.server";
import { answerGoLive, type GoLiveReply } from "./actions.server";
import { DateCard } from "./DateCard";
import { GateCard } from "./GateCard";
import { ProcedureCard } from "./ProcedureCard";
import { useDates } from "~/components/date-setting";
import { goLiveView } from "./view-model.server";

export const meta: MetaFunction = () => [{ title: "Go live · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  // An agreed date whose email to SEKO never went gets its `delivery` job again.
  await resumeDeliveries(session.shop);
  return goLiveView(session.shop);
};

export type GoLiveData = ReturnType<typeof useLoaderData<typeof loader>>;

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = staffFrom(sessionToken);
  return answerGoLive({ shop: session.shop, staffId: staff.id }, await readForm(request));
};

export default function GoLive() {
  const { fact, record, vouched, submissions, gate, countdown, suggestedDate, customerAccountsLink, storefrontPlaced } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<GoLiveReply>({ key: "go-live" });
  const dates = useDates();
  const reply = fetcher.state === "idle" ? fetcher.data : undefined;
  return (
    <StepPage number={10} title="Go live" fact={fact} intro="Agree the start date with SEKO, check everything is in place, then go live.">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {/* A refused form shows its errors at its fields; everything else answers here. */}
            {reply && !reply.result ? (
              <Banner tone={reply.ok ? "success" : "critical"}>
                {/* A refused "Go live" (the gate changed since the page was loaded) also says what each open check lacks. */}
                {reply.open?.some((item) => item.missing) ? (
                  <BlockStack gap="100">
                    <p>{reply.message}</p>
                    {reply.open.map((item) => (item.missing ? <p key={item.id}>{`${item.label}: ${item.missing}`}</p> : null))}
                  </BlockStack>
                ) : (
                  reply.message
                )}
              </Banner>
            ) : null}
            {record.liveAt ? (
              <Banner tone="success" title="Returns are live">
                <p>{`Since ${dates.date(record.liveAt)}, by ${record.liveBy ?? "someone"}.`}</p>
              </Banner>
            ) : null}
            <DateCard record={record} vouched={vouched} submissions={submissions} countdown={countdown} suggestedDate={suggestedDate} live={Boolean(record.liveAt)} fetcher={fetcher} />
            <ProcedureCard record={record} vouched={vouched} fetcher={fetcher} />
            <GateCard gate={gate} storefrontPlaced={storefrontPlaced} customerAccountsLink={customerAccountsLink} live={Boolean(record.liveAt)} fetcher={fetcher} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </StepPage>
  );
}
