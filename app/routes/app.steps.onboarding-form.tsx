import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Questionnaire } from "~/components/Questionnaire";
import { StepPage } from "~/components/StepPage";
import { loadQuestionnaire, questionnaireAction } from "~/onboarding/questionnaire.server";

export const meta: MetaFunction = () => [{ title: "On-boarding form · SEKO Returns" }];

export const loader = ({ request }: LoaderFunctionArgs) => loadQuestionnaire(request, "onboarding");

export const action = ({ request }: ActionFunctionArgs) => questionnaireAction(request, "onboarding");

export default function OnboardingForm() {
  const data = useLoaderData<typeof loader>();
  return (
    <StepPage
      number={1}
      title="On-boarding form"
      fact={data.fact}
      intro="Everything SEKO needs to set up your returns. Each section saves on its own; don't worry about questions you can't answer: tick “Ask my account manager” and carry on."
    >
      <Questionnaire {...data} />
    </StepPage>
  );
}
