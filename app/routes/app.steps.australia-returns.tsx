import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner } from "@shopify/polaris";
import { Questionnaire } from "~/components/Questionnaire";
import { StepPage } from "~/components/StepPage";
import { australiaFact, returnCountries } from "~/onboarding/facts";
import { loadFormState } from "~/onboarding/forms.server";
import { loadQuestionnaire, questionnaireAction } from "~/onboarding/questionnaire.server";

export const meta: MetaFunction = () => [{ title: "Australia returns · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const data = await loadQuestionnaire(request, "australia-post");
  const onboarding = await loadFormState(data.shop, "onboarding");
  const countries = returnCountries(onboarding);
  return {
    ...data,
    auOffered: countries ? countries.includes("AU") : null,
    fact: australiaFact(onboarding, { formId: "australia-post", state: data.state, editedSinceSubmission: data.editedSinceSubmission, latest: data.submissions[0] }),
  };
};

export const action = ({ request }: ActionFunctionArgs) => questionnaireAction(request, "australia-post");

export default function AustraliaReturns() {
  const { auOffered, ...data } = useLoaderData<typeof loader>();
  return (
    <StepPage
      number={4}
      title="Australia returns"
      fact={data.fact}
      intro="Only needed if Australian return labels should be created on your own Australia Post eParcel account. Your API key and secret are stored encrypted and never shown again."
    >
      {auOffered === false ? (
        <Banner tone="info" title="Not applicable">
          Your on-boarding form does not offer returns from Australia, so there is nothing to do here. Add Australia to the form&apos;s countries if that changes.
        </Banner>
      ) : null}
      <Questionnaire {...data} canSubmit={data.fact.status !== "not_applicable"} />
    </StepPage>
  );
}
