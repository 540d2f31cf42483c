import { useFetcher } from "@remix-run/react";
import { Layout } from "@shopify/polaris";
import { useMemo } from "react";
import { allAnswers, isAnswered, sectionIsAsked, type AnswerValue, type FormState } from "~/forms/answers";
import { FORMS, type FormId, type PrefillKey } from "~/forms/questions";
import type { CodeLists } from "~/forms/validation";
import type { SubmissionRow } from "../SubmissionHistory";
import { CodeListsContext } from "./code-lists";
import { SaveBar, SaveBarProvider, useSaveBarState } from "./SaveBar";
import { SectionCard } from "./SectionCard";
import { SubmitCard, type SubmitData } from "./SubmitCard";

export type QuestionnaireProps = {
  shop: string;
  formId: FormId;
  state: FormState;
  prefill: Partial<Record<PrefillKey, AnswerValue>>;
  /** Answers from the on-boarding form (step 1) for questions that carry them, by question id. */
  carried?: Record<string, AnswerValue>;
  countries: string[];
  currency: string;
  /** Currency and country options, from the loader so the server and the browser render the same select. */
  codeLists: CodeLists;
  submissions: SubmissionRow[];
  editedSinceSubmission: boolean;
  /** Sections to show (default: every section the answers ask for). */
  sectionIds?: string[];
  /** False when there is nothing to send (e.g. the step is not applicable). */
  canSubmit?: boolean;
};

/** Every section of one questionnaire, each saving on its own, with a save bar and "Submit to SEKO". */
export function Questionnaire(props: QuestionnaireProps) {
  const form = FORMS[props.formId];
  const answers = allAnswers(props.state);
  const sections = form.sections.filter((section) => (!props.sectionIds || props.sectionIds.includes(section.id)) && sectionIsAsked(section, answers));
  const { dirty, controls, context } = useSaveBarState();
  const submit = useFetcher<SubmitData>({ key: `${props.formId}-submit` });
  // A problem lasts while its question is still unanswered in what is saved (saving the answer clears it).
  const problems = useMemo(
    () =>
      (submit.data?.ok === false ? (submit.data.problems ?? []) : []).filter((problem) => {
        const saved = props.state[problem.sectionId];
        if (!saved) return true;
        return !(isAnswered(saved.answers[problem.questionId]) || saved.secretsLast4[problem.questionId] || saved.askManager.includes(problem.questionId));
      }),
    [submit.data, props.state],
  );
  // Each section's own, the same array while they last: a section card re-renders for its own changes, not when
  // another section becomes unsaved (the save bar's state, here) — typing into one section left them all to render again.
  // The sections are FORMS' own objects, filtered anew each render: the same ids are the same sections.
  const sectionIds = sections.map((section) => section.id).join();
  const problemsBySection = useMemo(
    () => new Map(sections.map((section) => [section.id, problems.filter((problem) => problem.sectionId === section.id)])),
    [sectionIds, problems], // eslint-disable-line react-hooks/exhaustive-deps
  );

  return (
    <CodeListsContext.Provider value={props.codeLists}>
      <SaveBarProvider value={context}>
        <SaveBar dirty={dirty} controls={controls} />
        <Layout>
          {sections.map((section) => (
            <SectionCard key={section.id} {...props} section={section} problems={problemsBySection.get(section.id)!} />
          ))}
          {props.canSubmit === false ? null : (
            <SubmitCard
              formId={props.formId}
              submit={submit}
              problems={problems}
              submissions={props.submissions}
              editedSinceSubmission={props.editedSinceSubmission}
              unsaved={Object.keys(dirty).length > 0}
            />
          )}
        </Layout>
      </SaveBarProvider>
    </CodeListsContext.Provider>
  );
}
