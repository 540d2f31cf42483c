import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, Layout, Text } from "@shopify/polaris";
import { Questionnaire } from "~/components/questionnaire/Questionnaire";
import { SignDocument } from "~/components/SignDocument";
import { StepPage } from "~/components/StepPage";
import { SubmissionHistory } from "~/components/SubmissionHistory";
import { listSubmissions } from "~/outbox/submissions.server";
import { signatureSchema } from "~/contracts/documents";
import { contractsFact } from "~/guide/facts";
import { handleQuestionnaire, loadQuestionnaire } from "~/guide/questionnaire-step.server";
import { requiredDocuments, signatureFacts, signatureStatus, signDocument } from "~/contracts/signatures.server";
import { clientIp } from "~/utils/client-ip.server";
import { staffDirectory, staffFrom } from "~/utils/staff.server";
import { authenticate } from "~/shopify.server";
import { env } from "~/utils/env.server";
import { readForm } from "~/utils/form.server";
import { resumeDeliveries } from "~/job-handlers.server";

export const meta: MetaFunction = () => [{ title: "Contracts · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // Submissions a crash or restart left unsent get their delivery jobs (no page waits on SMTP).
  await resumeDeliveries(session.shop);
  const credit = await loadQuestionnaire({ shop: session.shop, graphql: admin.graphql }, "credit-application");
  const [status, signed, staff] = await Promise.all([
    signatureStatus(credit.shop),
    listSubmissions(
      credit.shop,
      requiredDocuments().map((id) => `signature-${id}`),
    ),
    staffDirectory(credit.shop),
  ]);
  const fact = contractsFact({ formId: "credit-application", state: credit.state, editedSinceSubmission: credit.editedSinceSubmission, latest: credit.submissions[0] }, signatureFacts(status));
  return {
    credit,
    documents: status.documents,
    unavailable: status.unavailable,
    signatureDeliveries: signed.map((submission) => ({ ...submission, submittedBy: staff.label(submission.submittedBy) })),
    fact,
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  const staff = staffFrom(sessionToken);
  const formData = await readForm(request);
  if (formData.get("intent") !== "sign") {
    const reply = await handleQuestionnaire({ shop: session.shop, staff, graphql: admin.graphql }, "credit-application", formData);
    return data(reply.body, { status: reply.status });
  }
  const document = String(formData.get("document") ?? "");
  const submission = parseWithZod(formData, { schema: signatureSchema });
  if (submission.status !== "success") {
    return data({ intent: "sign", document, result: submission.reply() }, { status: 400 });
  }
  const signed = await signDocument(session.shop, submission.value, {
    userId: staff.id,
    ip: clientIp(request, env().TRUSTED_PROXY_HOPS),
    userAgent: request.headers.get("user-agent") ?? "unknown",
  });
  if (!signed.ok) return data({ intent: "sign", document, message: signed.message }, { status: 409 });
  return data({ intent: "sign", document, result: submission.reply() });
};

export default function Contracts() {
  const { credit, documents, unavailable, signatureDeliveries, fact } = useLoaderData<typeof loader>();
  return (
    <StepPage
      number={2}
      title="Contracts"
      fact={fact}
      intro="Complete SEKO's credit application, then read and sign the SEKO Agreement. Each signature is kept with its evidence and sent to your account manager."
    >
      <BlockStack gap="400">
        <Text as="h2" variant="headingLg">
          Credit application
        </Text>
        <Questionnaire {...credit} />
        <Text as="h2" variant="headingLg">
          Documents to sign
        </Text>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {unavailable.map((item) => (
                <Banner key={item.id} tone="info" title={`${item.title}: not available yet`}>
                  {item.message}
                </Banner>
              ))}
              {documents.map(({ document, current, previous }) => (
                <SignDocument key={document.id} document={document} current={current} previous={previous} />
              ))}
              {signatureDeliveries.length > 0 ? (
                <Card>
                  <SubmissionHistory submissions={signatureDeliveries} title="Signatures sent to SEKO" />
                </Card>
              ) : null}
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </StepPage>
  );
}
