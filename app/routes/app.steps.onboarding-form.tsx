import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Questionnaire } from "~/components/questionnaire/Questionnaire";
import { StepPage } from "~/components/StepPage";
import { handleQuestionnaire, loadQuestionnaire } from "~/guide/questionnaire-step.server";
import { staffFrom } from "~/utils/staff.server";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";
import { resumeDeliveries } from "~/job-handlers.server";

export const meta: MetaFunction = () => [{ title: "On-boarding form · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // Submissions a crash or restart left unsent get their delivery jobs (no page waits on SMTP).
  await resumeDeliveries(session.shop);
  return loadQuestionnaire({ shop: session.shop, graphql: admin.graphql }, "onboarding");
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  const context = { shop: session.shop, staff: staffFrom(sessionToken), graphql: admin.graphql };
  const reply = await handleQuestionnaire(context, "onboarding", await readForm(request));
  return data(reply.body, { status: reply.status });
};

export default function OnboardingForm() {
  const loaded = useLoaderData<typeof loader>();
  return (
    <StepPage
      number={1}
      title="On-boarding form"
      fact={loaded.fact}
      intro="Everything SEKO needs to set up your returns. Each section saves on its own; don't worry about questions you can't answer: tick “Ask my account manager” and carry on."
    >
      <Questionnaire {...loaded} />
    </StepPage>
  );
}
