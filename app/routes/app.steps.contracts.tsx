import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Text } from "@shopify/polaris";
import { Questionnaire } from "~/components/Questionnaire";
import { SignDocument } from "~/components/SignDocument";
import { StepPage } from "~/components/StepPage";
import { SubmissionHistory } from "~/components/SubmissionHistory";
import { listSubmissions } from "~/onboarding/delivery.server";
import { signatureSchema } from "~/onboarding/documents";
import { contractsFact } from "~/onboarding/facts";
import { loadQuestionnaire, questionnaireAction } from "~/onboarding/questionnaire.server";
import { requiredDocuments, signatureStatus, signDocument } from "~/onboarding/signatures.server";
import { clientIp, staffFrom, staffLabel } from "~/onboarding/staff.server";
import { authenticate } from "~/shopify.server";

export const meta: MetaFunction = () => [{ title: "Contracts · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const credit = await loadQuestionnaire(request, "credit-application");
  const [documents, signed] = await Promise.all([
    signatureStatus(credit.shop),
    listSubmissions(credit.shop, requiredDocuments().map((id) => `signature-${id}`)),
  ]);
  const fact = contractsFact(
    { formId: "credit-application", state: credit.state, editedSinceSubmission: credit.editedSinceSubmission, latest: credit.submissions[0] },
    documents.map(({ document, current }) => ({ document: document.id, title: document.title, signedBy: current?.signerName, signedAt: current?.signedAt })),
  );
  return {
    credit,
    documents,
    signatureDeliveries: signed.map((submission) => ({ ...submission, submittedBy: staffLabel(submission.submittedBy) })),
    fact,
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const formData = await request.clone().formData();
  if (formData.get("intent") !== "sign") return questionnaireAction(request, "credit-application", formData);
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = staffFrom(sessionToken);
  const document = String(formData.get("document") ?? "");
  const submission = parseWithZod(formData, { schema: signatureSchema });
  if (submission.status !== "success") {
    return data({ intent: "sign", document, result: submission.reply() }, { status: 400 });
  }
  const signed = await signDocument(session.shop, submission.value, {
    userId: staff.id,
    ip: clientIp(request),
    userAgent: request.headers.get("user-agent") ?? "unknown",
  });
  if (!signed.ok) return data({ intent: "sign", document, message: signed.message }, { status: 409 });
  return data({ intent: "sign", document, result: submission.reply() });
};

export default function Contracts() {
  const { credit, documents, signatureDeliveries, fact } = useLoaderData<typeof loader>();
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
