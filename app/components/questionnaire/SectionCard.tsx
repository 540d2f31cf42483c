/**
 * One section of a questionnaire as a card that saves on its own: what is on
 * screen, unsaved edits kept in this browser until saved (never a secret's
 * value: drafts.ts), the errors of the
 * last save, and the returns-above-orders confirmation.
 */
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, Layout, Text } from "@shopify/polaris";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { CONFIRM_RETURNS_ABOVE_ORDERS, sectionSchema, type FormState, type Problem } from "~/forms/answers";
import type { FormId, Section } from "~/forms/questions";
import { returnsAboveOrders, RETURNS_ABOVE_ORDERS_MESSAGE } from "~/forms/validation";
import { useDates } from "../date-setting";
import { useTypedBeforeHydration } from "../use-typed-before-hydration";
import { draftKey, draftToKeep, restoreDraft } from "./drafts";
import { QuestionField, TYPED_TYPES } from "./QuestionField";
import { useSaveBar } from "./SaveBar";
import { defaultFor, initialUi, questionAnchor, uiAnswered, type Offered, type UiState, type UiValue } from "./ui-state";

type SectionCardProps = Offered & {
  shop: string;
  formId: FormId;
  state: FormState;
  section: Section;
  /** The problems of the last submit in this section. */
  problems: Problem[];
};

/** Memoised: the questionnaire's props come from the loader and stay the same objects, so a card re-renders for its own edits only. */
export const SectionCard = memo(function SectionCard(props: SectionCardProps) {
  const { section, formId, shop } = props;
  const saveBar = useSaveBar();
  const dates = useDates();
  const saved = props.state[section.id];
  const initial = useMemo(() => initialUi(section, saved, props), [saved?.savedAt]); // eslint-disable-line react-hooks/exhaustive-deps
  const [ui, setUi] = useState<UiState>(initial);
  const [restored, setRestored] = useState(false);
  const fetcher = useFetcher<{ intent: string; section: string; result: SubmissionResult<string[]> }>({ key: `${formId}-${section.id}` });
  const formRef = useRef<HTMLFormElement>(null);
  const storageKey = draftKey(shop, formId, section.id);
  const schema = useMemo(() => sectionSchema(section), [section]);
  const lastResult = fetcher.data?.section === section.id ? fetcher.data.result : undefined;
  const saving = fetcher.state !== "idle";
  const [form] = useForm({
    id: `${formId}-${section.id}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
  });
  // Errors belong to the values they were given for: what was on screen when Save was pressed.
  const [checked, setChecked] = useState<UiState | null>(null);
  const stillAsChecked = (id: string) => checked !== null && JSON.stringify(checked.values[id]) === JSON.stringify(ui.values[id]);
  const errors = useMemo(() => {
    const current: Record<string, string[]> = {};
    if (saving || lastResult?.status === "success") return current;
    for (const [name, messages] of Object.entries(form.allErrors)) {
      const id = name.split(/[.[]/)[0]!;
      // The returns-above-orders question is about both numbers and the confirmation.
      const together = id === "monthlyReturns" ? stillAsChecked("monthlyOrders") && checked?.confirm.join() === ui.confirm.join() : true;
      if (stillAsChecked(id) && together) current[name] = messages;
    }
    return current;
  }, [form.allErrors, ui, checked, lastResult, fetcher.state]); // eslint-disable-line react-hooks/exhaustive-deps
  const isDirty = JSON.stringify({ ...ui, confirm: [] }) !== JSON.stringify({ ...initial, confirm: [] });

  // A new saved version (this save, or another tab's) replaces what is on screen.
  useEffect(() => {
    setUi(initial);
  }, [initial]);

  // Unsaved edits survive a reload or a closed tab: they are kept in this browser until saved.
  useEffect(() => {
    // Never a secret's value: a draft holding one (kept before they were left out) is removed (drafts.ts).
    const stored = window.localStorage.getItem(storageKey);
    if (!stored) return;
    const draft = restoreDraft(section, stored, saved?.savedAt ?? null, initial);
    if (draft) {
      setUi(draft);
      setRestored(true);
    } else {
      window.localStorage.removeItem(storageKey);
    }
  }, [storageKey]); // eslint-disable-line react-hooks/exhaustive-deps

  // Typed before the page was hydrated: kept as an unsaved edit, over a restored draft (after the effects above).
  useTypedBeforeHydration(
    formRef,
    Object.fromEntries(section.questions.filter((question) => TYPED_TYPES.has(question.type)).map((question) => [question.id, String(ui.values[question.id] ?? "")])),
    (typed) => setUi((current) => ({ ...current, values: { ...current.values, ...typed } })),
  );

  useEffect(() => {
    const draft = isDirty ? draftToKeep(section, saved?.savedAt ?? null, ui, initial) : null;
    if (draft) window.localStorage.setItem(storageKey, draft);
    else window.localStorage.removeItem(storageKey);
    saveBar.setDirty(section.id, section.title, isDirty);
  }, [ui, isDirty]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (fetcher.state === "idle" && lastResult?.status === "success") {
      window.localStorage.removeItem(storageKey);
      setRestored(false);
    }
  }, [fetcher.state, lastResult]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    saveBar.register(section.id, {
      save: () => formRef.current?.requestSubmit(),
      discard: () => {
        setUi(initial);
        setRestored(false);
      },
    });
    return () => saveBar.register(section.id, null);
  }, [initial]); // eslint-disable-line react-hooks/exhaustive-deps

  const setValue = useCallback((id: string, value: UiValue) => setUi((current) => ({ ...current, values: { ...current.values, [id]: value } })), []);
  const toggleAsk = useCallback(
    (id: string, on: boolean) => setUi((current) => ({ ...current, askManager: on ? [...current.askManager.filter((q) => q !== id), id] : current.askManager.filter((q) => q !== id) })),
    [],
  );
  // One pair of handlers per question for the card's life, so an unchanged field is not re-rendered (QuestionField's memo).
  const handlers = useMemo(
    () => new Map(section.questions.map((question) => [question.id, { onChange: (value: UiValue) => setValue(question.id, value), onAskManager: (on: boolean) => toggleAsk(question.id, on) }])),
    [section, setValue, toggleAsk],
  );
  const problemFor = (id: string) => (uiAnswered(ui.values[id]) || ui.askManager.includes(id) ? undefined : props.problems.find((problem) => problem.questionId === id)?.message);
  const savedOk = fetcher.state === "idle" && lastResult?.status === "success" && !isDirty;

  return (
    <Layout.AnnotatedSection id={`section-${section.id}`} title={section.title} description={section.description}>
      <Card>
        <fetcher.Form
          method="post"
          ref={formRef}
          {...getFormProps(form)}
          onSubmit={(event) => {
            setChecked(ui);
            form.onSubmit(event);
          }}
          aria-label={section.title}
        >
          <input type="hidden" name="intent" value="save-section" />
          <input type="hidden" name="section" value={section.id} />
          {ui.askManager.map((id) => (
            <input key={id} type="hidden" name="askManager" value={id} />
          ))}
          {ui.confirm.map((id) => (
            <input key={id} type="hidden" name="confirm" value={id} />
          ))}
          <BlockStack gap="400">
            {restored ? (
              <Banner tone="info" onDismiss={() => setRestored(false)}>
                Restored changes you had not saved yet.
              </Banner>
            ) : null}
            {Object.keys(errors).length > 0 ? <Banner tone="critical">Some answers need fixing before this section can be saved.</Banner> : null}
            {section.questions.map((question) => {
              const from = saved ? undefined : defaultFor(question, props);
              // Shown as filled in for the merchant only while the value is still the one offered.
              const source = from && JSON.stringify(ui.values[question.id]) === JSON.stringify(initial.values[question.id]) ? from.source : undefined;
              return (
                <div key={question.id} id={questionAnchor(formId, question.id)} tabIndex={-1}>
                  <QuestionField
                    question={question}
                    value={ui.values[question.id]!}
                    onChange={handlers.get(question.id)!.onChange}
                    errors={errors}
                    problem={problemFor(question.id)}
                    askManager={ui.askManager.includes(question.id)}
                    onAskManager={handlers.get(question.id)!.onAskManager}
                    secretLast4={saved?.secretsLast4[question.id]}
                    source={source}
                  />
                </div>
              );
            })}
            {section.checks?.includes("returns-vs-orders") && returnsAboveOrders(ui.values.monthlyOrders, ui.values.monthlyReturns) ? (
              <Banner tone="warning" title="More returns than orders?">
                <BlockStack gap="200">
                  <Text as="p">{RETURNS_ABOVE_ORDERS_MESSAGE}</Text>
                  <Checkbox
                    label="These numbers are right"
                    checked={ui.confirm.includes(CONFIRM_RETURNS_ABOVE_ORDERS)}
                    onChange={(on) => setUi((current) => ({ ...current, confirm: on ? [CONFIRM_RETURNS_ABOVE_ORDERS] : [] }))}
                  />
                </BlockStack>
              </Banner>
            ) : null}
            <InlineStack align="space-between" blockAlign="center">
              <Text as="p" tone="subdued" variant="bodySm">
                {savedOk
                  ? "Saved."
                  : saved?.savedAt
                    ? `Last saved ${dates.date(saved.savedAt)} by ${saved.savedBy}`
                    : section.questions.some((question) => defaultFor(question, props))
                      ? "Not saved yet. The values filled in for you are saved with this section, or when you submit."
                      : "Not saved yet."}
              </Text>
              <Button submit loading={saving} disabled={!isDirty && Boolean(saved)} accessibilityLabel={`Save ${section.title}`}>
                Save
              </Button>
            </InlineStack>
          </BlockStack>
        </fetcher.Form>
      </Card>
    </Layout.AnnotatedSection>
  );
});
