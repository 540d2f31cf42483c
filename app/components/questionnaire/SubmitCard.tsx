/**
 * "Submit to SEKO" under a questionnaire: the unanswered required questions
 * (each a link to its question), the result of the last submit, and the
 * versions submitted so far.
 */
import { type useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Layout, Text } from "@shopify/polaris";
import type { Problem } from "~/forms/answers";
import type { FormId } from "~/forms/questions";
import { SubmissionHistory, type SubmissionRow } from "../SubmissionHistory";
import { questionAnchor } from "./ui-state";

export type SubmitData = { intent: "submit"; ok: boolean; problems?: Problem[]; version?: number; delivered?: boolean };

const UNANSWERED = "Answer this, or tick “Ask my account manager”";

function focusQuestion(anchor: string) {
  const wrapper = document.getElementById(anchor);
  if (!wrapper) return;
  wrapper.scrollIntoView({ block: "center" });
  const control = wrapper.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea, button");
  (control ?? wrapper).focus({ preventScroll: true });
}

type SubmitCardProps = {
  formId: FormId;
  submit: ReturnType<typeof useFetcher<SubmitData>>;
  /** The problems of the last submit still unanswered in what is saved. */
  problems: Problem[];
  submissions: SubmissionRow[];
  editedSinceSubmission: boolean;
  /** Whether some section has unsaved changes (submitting waits for them). */
  unsaved: boolean;
};

export function SubmitCard({ formId, submit, problems, submissions, editedSinceSubmission, unsaved }: SubmitCardProps) {
  const latest = submissions[0];
  return (
    <Layout.AnnotatedSection title="Submit to SEKO" description="Sends every saved answer to your SEKO account manager. You can change answers and submit again later.">
      <Card>
        <BlockStack gap="300">
          {problems.length > 0 ? (
            <Banner tone="critical" title="Some required questions are unanswered">
              <BlockStack gap="100">
                <Text as="p">Answer them, or tick “Ask my account manager”:</Text>
                <ul aria-label="Unanswered questions">
                  {problems.map((problem) => {
                    const anchor = questionAnchor(formId, problem.questionId);
                    return (
                      <li key={problem.questionId}>
                        <a
                          href={`#${anchor}`}
                          onClick={(event) => {
                            event.preventDefault();
                            focusQuestion(anchor);
                          }}
                        >
                          {problem.label}
                        </a>
                        {problem.message !== UNANSWERED ? ` (${problem.message})` : null}
                      </li>
                    );
                  })}
                </ul>
              </BlockStack>
            </Banner>
          ) : null}
          {submit.data?.ok && submit.state === "idle" ? (
            <Banner tone={submit.data.delivered ? "success" : "warning"} title={`Version ${submit.data.version} submitted`}>
              {submit.data.delivered ? "Delivered to your SEKO account manager." : "Saved, but not delivered yet. The app keeps retrying; see below."}
            </Banner>
          ) : null}
          {editedSinceSubmission && latest ? (
            <Text as="p" tone="caution">
              You changed answers after submitting version {latest.version}. Submit again to send SEKO the changes.
            </Text>
          ) : null}
          {unsaved ? (
            <Text as="p" tone="subdued">
              Save your changes before submitting.
            </Text>
          ) : null}
          <submit.Form method="post">
            <input type="hidden" name="intent" value="submit" />
            <Button submit variant="primary" loading={submit.state !== "idle"} disabled={unsaved}>
              {latest ? "Submit again to SEKO" : "Submit to SEKO"}
            </Button>
          </submit.Form>
          <SubmissionHistory submissions={submissions} />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
