import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  InlineGrid,
  InlineStack,
  Layout,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import {
  allAnswers,
  CONFIRM_RETURNS_ABOVE_ORDERS,
  countryName,
  isAnswered,
  sectionIsAsked,
  sectionSchema,
  type AnswerValue,
  type FeeRow,
  type FormState,
  type Problem,
  type SectionState,
} from "~/forms/answers";
import type { PrefillKey, Question, Section } from "~/forms/questions";
import { FORMS, type FormId } from "~/forms/questions";
import { countryOptions, CURRENCY_CODES, currencyForCountry, currencyOptions, returnsAboveOrders, RETURNS_ABOVE_ORDERS_MESSAGE } from "~/forms/validation";
import { SubmissionHistory, type SubmissionRow } from "./SubmissionHistory";

type FeeUi = { country: string; offered: boolean; paidBy: string; amount: string; currency: string };
type UiValue = string | string[] | FeeUi[];
type UiState = { values: Record<string, UiValue>; askManager: string[]; confirm: string[] };
/** Where a value on screen came from when the section was never saved. */
type Source = "shopify" | "step1";

export type QuestionnaireProps = {
  shop: string;
  formId: FormId;
  state: FormState;
  prefill: Partial<Record<PrefillKey, AnswerValue>>;
  /** Answers from the on-boarding form (step 1) for questions that carry them, by question id. */
  carried?: Record<string, AnswerValue>;
  countries: string[];
  currency: string;
  submissions: SubmissionRow[];
  editedSinceSubmission: boolean;
  /** Sections to show (default: every section the answers ask for). */
  sectionIds?: string[];
  /** False when there is nothing to send (e.g. the step is not applicable). */
  canSubmit?: boolean;
};

type SectionControl = { save(): void; discard(): void };
type SaveBarContext = { setDirty(id: string, title: string, dirty: boolean): void; register(id: string, control: SectionControl | null): void };
const SaveBar = createContext<SaveBarContext | null>(null);

function toUi(question: Question, value: AnswerValue | undefined, countries: string[], currency: string): UiValue {
  switch (question.type) {
    case "multi":
      return Array.isArray(value) ? (value as string[]) : [];
    case "country-fees": {
      const saved = Array.isArray(value) ? (value as FeeRow[]) : [];
      const codes = [...new Set([...saved.map((row) => row.country), ...countries])];
      return codes.map((country) => {
        const row = saved.find((candidate) => candidate.country === country);
        return {
          country,
          offered: Boolean(row),
          paidBy: row?.paidBy ?? "retailer",
          amount: row?.amount === undefined ? "" : String(row.amount),
          currency: row?.currency ?? currencyForCountry(country, currency),
        };
      });
    }
    case "secret":
      return "";
    default:
      return value === undefined ? "" : String(value);
  }
}

/** What a never-saved question starts with: step 1's answer, else what Shopify knows. */
export function defaultFor(question: Question, props: Pick<QuestionnaireProps, "prefill" | "carried">): { value: AnswerValue; source: Source } | undefined {
  const carried = question.carry ? props.carried?.[question.id] : undefined;
  if (carried !== undefined && isAnswered(carried)) return { value: carried, source: "step1" };
  const prefilled = question.prefill ? props.prefill[question.prefill] : undefined;
  if (prefilled !== undefined && isAnswered(prefilled)) return { value: prefilled, source: "shopify" };
  return undefined;
}

function initialUi(section: Section, saved: SectionState | undefined, props: QuestionnaireProps): UiState {
  const values: Record<string, UiValue> = {};
  for (const question of section.questions) {
    // Prefill only what was never saved: a saved empty answer stays empty.
    const value = saved ? saved.answers[question.id] : defaultFor(question, props)?.value;
    values[question.id] = toUi(question, value, props.countries, props.currency);
  }
  // Saved numbers that look odd were confirmed when saved (the server refuses them otherwise).
  const confirmed = section.checks?.includes("returns-vs-orders") && saved && returnsAboveOrders(saved.answers.monthlyOrders, saved.answers.monthlyReturns);
  return { values, askManager: saved?.askManager ?? [], confirm: confirmed ? [CONFIRM_RETURNS_ABOVE_ORDERS] : [] };
}

/** Whether what is on screen answers a question (for the submit problems, which clear once it does). */
function uiAnswered(value: UiValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (value.length === 0) return false;
  return typeof value[0] === "string" || (value as FeeUi[]).some((row) => row.offered);
}

/** The element a problem link moves to: the question's first control. */
export const questionAnchor = (formId: FormId, questionId: string) => `question-${formId}-${questionId}`;

function focusQuestion(anchor: string) {
  const wrapper = document.getElementById(anchor);
  if (!wrapper) return;
  wrapper.scrollIntoView({ block: "center" });
  const control = wrapper.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea, button");
  (control ?? wrapper).focus({ preventScroll: true });
}

/** Every section of one questionnaire, each saving on its own, with a save bar and "Submit to SEKO". */
export function Questionnaire(props: QuestionnaireProps) {
  const form = FORMS[props.formId];
  const answers = allAnswers(props.state);
  const sections = form.sections.filter(
    (section) => (!props.sectionIds || props.sectionIds.includes(section.id)) && sectionIsAsked(section, answers),
  );
  const [dirty, setDirtyMap] = useState<Record<string, string>>({});
  const controls = useRef(new Map<string, SectionControl>());
  const context = useMemo<SaveBarContext>(
    () => ({
      setDirty(id, title, isDirty) {
        setDirtyMap((current) => {
          if (isDirty === id in current) return current;
          const next = { ...current };
          if (isDirty) next[id] = title;
          else delete next[id];
          return next;
        });
      },
      register(id, control) {
        if (control) controls.current.set(id, control);
        else controls.current.delete(id);
      },
    }),
    [],
  );
  const submit = useFetcher<{ intent: "submit"; ok: boolean; problems?: Problem[]; version?: number; delivered?: boolean }>({
    key: `${props.formId}-submit`,
  });
  // A problem lasts while its question is still unanswered in what is saved (saving the answer clears it).
  const problems = (submit.data?.ok === false ? (submit.data.problems ?? []) : []).filter((problem) => {
    const saved = props.state[problem.sectionId];
    if (!saved) return true;
    return !(isAnswered(saved.answers[problem.questionId]) || saved.secretsLast4[problem.questionId] || saved.askManager.includes(problem.questionId));
  });
  const dirtyTitles = Object.values(dirty);
  const latest = props.submissions[0];

  return (
    <SaveBar.Provider value={context}>
      {dirtyTitles.length > 0 ? (
        <div style={{ position: "sticky", top: 0, zIndex: 10 }}>
          <Box background="bg-fill-inverse" padding="300" borderRadius="200">
            <section aria-label="Unsaved changes">
              <InlineStack align="space-between" blockAlign="center" gap="300">
                <Text as="p" tone="text-inverse" fontWeight="semibold">
                  Unsaved changes: {dirtyTitles.join(", ")}
                </Text>
                <InlineStack gap="200">
                  <Button onClick={() => Object.keys(dirty).forEach((id) => controls.current.get(id)?.discard())}>Discard</Button>
                  <Button variant="primary" onClick={() => Object.keys(dirty).forEach((id) => controls.current.get(id)?.save())}>
                    Save all
                  </Button>
                </InlineStack>
              </InlineStack>
            </section>
          </Box>
        </div>
      ) : null}
      <Layout>
        {sections.map((section) => (
          <QuestionSection key={section.id} {...props} section={section} problems={problems.filter((problem) => problem.sectionId === section.id)} />
        ))}
        {props.canSubmit === false ? null : (
        <Layout.AnnotatedSection
          title="Submit to SEKO"
          description="Sends every saved answer to your SEKO account manager. You can change answers and submit again later."
        >
          <Card>
            <BlockStack gap="300">
              {problems.length > 0 ? (
                <Banner tone="critical" title="Some required questions are unanswered">
                  <BlockStack gap="100">
                    <Text as="p">Answer them, or tick “Ask my account manager”:</Text>
                    <ul aria-label="Unanswered questions">
                      {problems.map((problem) => {
                        const anchor = questionAnchor(props.formId, problem.questionId);
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
                  {submit.data.delivered
                    ? "Delivered to your SEKO account manager."
                    : "Saved, but not delivered yet. The app keeps retrying; see below."}
                </Banner>
              ) : null}
              {props.editedSinceSubmission && latest ? (
                <Text as="p" tone="caution">
                  You changed answers after submitting version {latest.version}. Submit again to send SEKO the changes.
                </Text>
              ) : null}
              {dirtyTitles.length > 0 ? (
                <Text as="p" tone="subdued">
                  Save your changes before submitting.
                </Text>
              ) : null}
              <submit.Form method="post">
                <input type="hidden" name="intent" value="submit" />
                <Button submit variant="primary" loading={submit.state !== "idle"} disabled={dirtyTitles.length > 0}>
                  {latest ? "Submit again to SEKO" : "Submit to SEKO"}
                </Button>
              </submit.Form>
              <SubmissionHistory submissions={props.submissions} />
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        )}
      </Layout>
    </SaveBar.Provider>
  );
}

const UNANSWERED = "Answer this, or tick “Ask my account manager”";

type SectionProps = QuestionnaireProps & { section: Section; problems: Problem[] };

function QuestionSection(props: SectionProps) {
  const { section, formId, shop } = props;
  const saveBar = useContext(SaveBar)!;
  const saved = props.state[section.id];
  const initial = useMemo(() => initialUi(section, saved, props), [saved?.savedAt]); // eslint-disable-line react-hooks/exhaustive-deps
  const [ui, setUi] = useState<UiState>(initial);
  const [restored, setRestored] = useState(false);
  const fetcher = useFetcher<{ intent: string; section: string; result: SubmissionResult<string[]> }>({ key: `${formId}-${section.id}` });
  const formRef = useRef<HTMLFormElement>(null);
  const storageKey = `seko-onboarding:${shop}:${formId}:${section.id}`;
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
    const stored = window.localStorage.getItem(storageKey);
    if (!stored) return;
    try {
      const draft = JSON.parse(stored) as { basedOn: string | null; ui: UiState };
      if (draft.basedOn === (saved?.savedAt ?? null) && JSON.stringify(draft.ui) !== JSON.stringify(initial)) {
        setUi(draft.ui);
        setRestored(true);
      } else {
        window.localStorage.removeItem(storageKey);
      }
    } catch {
      window.localStorage.removeItem(storageKey);
    }
  }, [storageKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (isDirty) window.localStorage.setItem(storageKey, JSON.stringify({ basedOn: saved?.savedAt ?? null, ui }));
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
    (id: string, on: boolean) =>
      setUi((current) => ({ ...current, askManager: on ? [...current.askManager.filter((q) => q !== id), id] : current.askManager.filter((q) => q !== id) })),
    [],
  );
  const problemFor = (id: string) =>
    uiAnswered(ui.values[id]) || ui.askManager.includes(id) ? undefined : props.problems.find((problem) => problem.questionId === id)?.message;
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
            {Object.keys(errors).length > 0 ? (
              <Banner tone="critical">Some answers need fixing before this section can be saved.</Banner>
            ) : null}
            {section.questions.map((question) => {
              const from = saved ? undefined : defaultFor(question, props);
              // Shown as filled in for the merchant only while the value is still the one offered.
              const source = from && JSON.stringify(ui.values[question.id]) === JSON.stringify(initial.values[question.id]) ? from.source : undefined;
              return (
                <div key={question.id} id={questionAnchor(formId, question.id)} tabIndex={-1}>
                  <QuestionField
                    question={question}
                    value={ui.values[question.id]!}
                    onChange={(value) => setValue(question.id, value)}
                    errors={errors}
                    problem={problemFor(question.id)}
                    askManager={ui.askManager.includes(question.id)}
                    onAskManager={(on) => toggleAsk(question.id, on)}
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
                    ? `Last saved ${new Date(saved.savedAt).toLocaleString()} by ${saved.savedBy}`
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
}

type FieldProps = {
  question: Question;
  value: UiValue;
  onChange(value: UiValue): void;
  errors: Record<string, string[]> | undefined;
  problem?: string;
  askManager: boolean;
  onAskManager(on: boolean): void;
  secretLast4?: string;
  source?: Source;
};

const SOURCE_NOTE: Record<Source, string> = {
  shopify: "From your Shopify store, not saved yet.",
  step1: "From your on-boarding form (step 1), not saved yet.",
};

function QuestionField({ question, value, onChange, errors, problem, askManager, onAskManager, secretLast4, source }: FieldProps) {
  const error = errors?.[question.id]?.[0] ?? problem;
  const help = [question.help, source ? SOURCE_NOTE[source] : "", askManager ? "Your account manager will help with this." : ""]
    .filter(Boolean)
    .join(" ");
  const label = `${question.label}${question.required ? "" : " (optional)"}`;
  const ask = (
    <Checkbox
      label={
        <>
          Ask my account manager
          <Text as="span" visuallyHidden>
            {` about ${question.label}`}
          </Text>
        </>
      }
      checked={askManager}
      onChange={onAskManager}
    />
  );

  let field: JSX.Element;
  switch (question.type) {
    case "select":
      field = (
        <Select
          label={label}
          name={question.id}
          options={[{ label: "Choose…", value: "" }, ...(question.options ?? [])]}
          value={value as string}
          onChange={onChange}
          error={error}
          helpText={help || undefined}
        />
      );
      break;
    case "currency":
    case "country":
      field = (
        <Select
          label={label}
          name={question.id}
          options={[{ label: "Choose…", value: "" }, ...(question.type === "currency" ? currencyOptions() : countryOptions())]}
          value={value as string}
          onChange={onChange}
          error={error}
          helpText={help || undefined}
        />
      );
      break;
    case "multi":
      field = (
        <>
          <ChoiceList
            title={label}
            allowMultiple
            choices={(question.options ?? []).map((option) => ({ label: option.label, value: option.value }))}
            selected={value as string[]}
            onChange={onChange}
            error={error}
          />
          {(value as string[]).map((item) => (
            <input key={item} type="hidden" name={question.id} value={item} />
          ))}
          {help ? (
            <Text as="p" tone="subdued" variant="bodySm">
              {help}
            </Text>
          ) : null}
        </>
      );
      break;
    case "country-fees":
      field = <CountryFees question={question} rows={value as FeeUi[]} onChange={onChange} errors={errors} error={error} />;
      break;
    case "secret":
      field = (
        <TextField
          label={label}
          name={question.id}
          type="password"
          autoComplete="off"
          value={value as string}
          onChange={onChange}
          error={error}
          helpText={secretLast4 ? `Saved, ending ${secretLast4}. Leave empty to keep it, or type a new one to replace it.` : "Stored encrypted; only the last four characters of a long value are ever shown."}
        />
      );
      break;
    default:
      field = (
        <TextField
          label={label}
          name={question.id}
          type={question.type === "textarea" ? "text" : question.type === "number" || question.type === "color" ? "text" : question.type}
          inputMode={question.type === "number" ? "numeric" : undefined}
          multiline={question.type === "textarea" ? 3 : undefined}
          placeholder={question.type === "color" ? "#1A2B3C" : question.type === "date" ? "YYYY-MM-DD" : undefined}
          autoComplete="off"
          value={value as string}
          onChange={onChange}
          error={error}
          helpText={help || undefined}
        />
      );
  }
  return (
    <BlockStack gap="100">
      {field}
      {ask}
    </BlockStack>
  );
}

function CountryFees({
  question,
  rows,
  onChange,
  errors,
  error,
}: {
  question: Question;
  rows: FeeUi[];
  onChange(rows: FeeUi[]): void;
  errors: Record<string, string[]> | undefined;
  error?: string;
}) {
  const update = (index: number, patch: Partial<FeeUi>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  let offeredIndex = -1;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {question.label}
      </Text>
      <Text as="p" tone="subdued" variant="bodySm">
        Tick each country customers can return from, then say who pays for the label. Countries come from where your store ships.
      </Text>
      {error ? (
        <Text as="p" tone="critical">
          {error}
        </Text>
      ) : null}
      {rows.map((row, index) => {
        const name = countryName(row.country);
        if (row.offered) offeredIndex += 1;
        const at = row.offered ? offeredIndex : -1;
        const fieldError = (field: string) => (at >= 0 ? errors?.[`${question.id}[${at}].${field}`]?.[0] : undefined);
        return (
          <Box key={row.country} paddingBlockEnd="100">
            <InlineGrid columns={{ xs: 1, md: ["oneThird", "oneThird", "oneThird"] }} gap="200" alignItems="start">
              <Checkbox label={`Returns from ${name}`} checked={row.offered} onChange={(checked) => update(index, { offered: checked })} />
              {row.offered ? (
                <>
                  <Select
                    label={`Label for ${name} paid by`}
                    labelHidden
                    options={[
                      { label: "Retailer (free for the customer)", value: "retailer" },
                      { label: "Customer", value: "customer" },
                    ]}
                    value={row.paidBy}
                    onChange={(paidBy) => update(index, { paidBy })}
                    error={fieldError("paidBy")}
                  />
                  {row.paidBy === "customer" ? (
                    <InlineStack gap="100" wrap={false}>
                      <TextField
                        label={`Amount the customer pays in ${name}`}
                        labelHidden
                        autoComplete="off"
                        inputMode="decimal"
                        placeholder="Amount"
                        value={row.amount}
                        onChange={(amount) => update(index, { amount })}
                        error={fieldError("amount")}
                      />
                      <Select
                        label={`Currency for ${name}`}
                        labelHidden
                        options={CURRENCY_CODES as string[]}
                        value={row.currency}
                        onChange={(currency) => update(index, { currency })}
                        error={fieldError("currency")}
                      />
                    </InlineStack>
                  ) : null}
                  <input type="hidden" name={`${question.id}[${at}].country`} value={row.country} />
                  <input type="hidden" name={`${question.id}[${at}].paidBy`} value={row.paidBy} />
                  <input type="hidden" name={`${question.id}[${at}].currency`} value={row.currency} />
                  {row.paidBy === "customer" ? <input type="hidden" name={`${question.id}[${at}].amount`} value={row.amount} /> : null}
                </>
              ) : null}
            </InlineGrid>
          </Box>
        );
      })}
    </BlockStack>
  );
}
