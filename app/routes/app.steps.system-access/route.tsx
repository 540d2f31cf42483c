import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Layout, Text } from "@shopify/polaris";
import { StepPage } from "~/components/StepPage";
import { SubmissionHistory } from "~/components/SubmissionHistory";
import { resumeDeliveries } from "~/job-handlers.server";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";
import { staffFrom } from "~/utils/staff.server";
import { systemAccessAction } from "./actions.server";
import { AddMember } from "./AddMember";
import { MemberRow } from "./MemberRow";
import { systemAccessView } from "./view-model.server";

export const meta: MetaFunction = () => [{ title: "System access · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  await resumeDeliveries(session.shop);
  return systemAccessView(session.shop, admin.graphql);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  return systemAccessAction(session.shop, staffFrom(sessionToken).id, await readForm(request));
};

export default function SystemAccess() {
  const { members, fact, submissions, suggestion, defaultTimeZone, timeZones } = useLoaderData<typeof loader>();
  const drafts = members.filter((member) => member.status === "draft");
  const request = useFetcher<{ intent: "request"; ok: boolean; message?: string; delivered?: boolean; count?: number }>({ key: "request-access" });
  return (
    <StepPage
      number={6}
      title="System access"
      fact={fact}
      intro="List everyone who handles returns. The app asks SEKO to create their OmniReturns and OmniRPS logins; when SEKO's email says a login exists, mark it created here."
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Team members
                </Text>
                {members.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No one yet. Add the first team member below.
                  </Text>
                ) : (
                  <ul aria-label="Team members" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                    {members.map((member) => (
                      <MemberRow key={member.id} member={member} />
                    ))}
                  </ul>
                )}
                {request.data && !request.data.ok ? <Banner tone="critical">{request.data.message}</Banner> : null}
                {request.data?.ok && request.state === "idle" ? (
                  <Banner tone={request.data.delivered ? "success" : "warning"}>
                    {request.data.delivered
                      ? `Requested ${request.data.count} login${request.data.count === 1 ? "" : "s"} from SEKO.`
                      : "Requested, but the email to SEKO has not gone yet. The app keeps retrying."}
                  </Banner>
                ) : null}
                {drafts.length > 0 ? (
                  <request.Form method="post">
                    <input type="hidden" name="intent" value="request" />
                    <Button submit variant="primary" loading={request.state !== "idle"}>
                      {`Request access for ${drafts.length} team member${drafts.length === 1 ? "" : "s"}`}
                    </Button>
                  </request.Form>
                ) : null}
              </BlockStack>
            </Card>
            <AddMember suggestion={suggestion} defaultTimeZone={defaultTimeZone} timeZones={timeZones} listed={members.map((member) => member.email.toLowerCase())} />
            {submissions.length > 0 ? (
              <Card>
                <SubmissionHistory submissions={submissions} title="Requests sent to SEKO" />
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </StepPage>
  );
}
