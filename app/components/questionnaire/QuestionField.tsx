/**
 * One question of a questionnaire: its control, chosen by the question's type
 * (app/forms/questions.ts), and the "Ask my account manager" tick under it.
 */
import { BlockStack, Checkbox, ChoiceList, Select, Text, TextField } from "@shopify/polaris";
import { memo } from "react";
import type { Question, QuestionType } from "~/forms/questions";
import { FeeEditor } from "./FeeEditor";
import type { FeeUi, Source, UiValue } from "./ui-state";
import { useCodeList } from "./code-lists";
import { useShownValue } from "./shown-value";

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

/** What every control is given: the field's props, with its label, help text and first error worked out. */
type ControlProps = FieldProps & { label: string; help: string; error: string | undefined };

const SOURCE_NOTE: Record<Source, string> = {
  shopify: "From your Shopify store, not saved yet.",
  step1: "From your on-boarding form (step 1), not saved yet.",
};

/** A choice among the question's own options. */
function OptionSelect({ question, label, value, onChange, error, help }: ControlProps) {
  return (
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
}

/** A currency or country code, chosen from the full list. */
function CodeSelect({ question, label, value, onChange, error, help }: ControlProps) {
  const options = useCodeList(question.type === "currency" ? "currency" : "country");
  return <Select label={label} name={question.id} options={[{ label: "Choose…", value: "" }, ...options]} value={value as string} onChange={onChange} error={error} helpText={help || undefined} />;
}

/** Any number of the question's options, posted as one hidden input each. */
function MultiChoice({ question, label, value, onChange, error, help }: ControlProps) {
  return (
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
}

function CountryFees({ question, value, onChange, errors, error }: ControlProps) {
  return <FeeEditor question={question} rows={value as FeeUi[]} onChange={onChange} errors={errors} error={error} />;
}

/** Never shown back: only the last four characters of what was saved are named. */
function SecretInput({ question, label, value, onChange, error, secretLast4 }: ControlProps) {
  return (
    <TextField
      label={label}
      name={question.id}
      type="password"
      autoComplete="off"
      value={value as string}
      onChange={onChange}
      error={error}
      helpText={
        secretLast4 ? `Saved, ending ${secretLast4}. Leave empty to keep it, or type a new one to replace it.` : "Stored encrypted; only the last four characters of a long value are ever shown."
      }
    />
  );
}

/** The question types CONTROLS below renders as typed text. */
type TextType = "text" | "textarea" | "email" | "tel" | "url" | "number" | "date" | "color";

/** The question types answered by typing into one field named by the question's id (text, or a secret). */
export const TYPED_TYPES: ReadonlySet<QuestionType> = new Set<QuestionType>(["text", "textarea", "email", "tel", "url", "number", "date", "color", "secret"]);

/** Typed text: one line, or several for a textarea. */
function TextInput({ question, label, value, onChange, error, help }: ControlProps) {
  const type = question.type as TextType;
  return (
    <TextField
      label={label}
      name={question.id}
      type={type === "textarea" ? "text" : type === "number" || type === "color" ? "text" : type}
      inputMode={type === "number" ? "numeric" : undefined}
      multiline={type === "textarea" ? 3 : undefined}
      placeholder={type === "color" ? "#1A2B3C" : type === "date" ? "YYYY-MM-DD" : undefined}
      autoComplete="off"
      value={value as string}
      onChange={onChange}
      error={error}
      helpText={help || undefined}
    />
  );
}

const CONTROLS: Record<QuestionType, (props: ControlProps) => JSX.Element> = {
  text: TextInput,
  textarea: TextInput,
  email: TextInput,
  tel: TextInput,
  url: TextInput,
  number: TextInput,
  date: TextInput,
  color: TextInput,
  select: OptionSelect,
  currency: CodeSelect,
  country: CodeSelect,
  multi: MultiChoice,
  "country-fees": CountryFees,
  secret: SecretInput,
};

/** The messages of `errors` that are about this question: its own, or its rows' (`fees[0].amount`). */
function errorsOf(errors: Record<string, string[]> | undefined, id: string) {
  return Object.entries(errors ?? {})
    .filter(([name]) => name === id || name.startsWith(`${id}[`) || name.startsWith(`${id}.`))
    .map(([name, messages]) => `${name}: ${messages.join("\n")}`)
    .join("\n");
}

/**
 * Whether a field would render the same: typing into one field then re-renders that field alone, not
 * every field of its section (Polaris controls, the currency list's options) on each keystroke.
 */
export function sameField(before: FieldProps, after: FieldProps) {
  return (
    before.question === after.question &&
    before.value === after.value &&
    before.onChange === after.onChange &&
    before.onAskManager === after.onAskManager &&
    before.problem === after.problem &&
    before.askManager === after.askManager &&
    before.secretLast4 === after.secretLast4 &&
    before.source === after.source &&
    errorsOf(before.errors, before.question.id) === errorsOf(after.errors, after.question.id)
  );
}

export const QuestionField = memo(function QuestionField(props: FieldProps) {
  const { question, errors, problem, askManager, onAskManager, source } = props;
  const error = errors?.[question.id]?.[0] ?? problem;
  const help = [question.help, source ? SOURCE_NOTE[source] : "", askManager ? "Your account manager will help with this." : ""].filter(Boolean).join(" ");
  const label = `${question.label}${question.required ? "" : " (optional)"}`;
  const Control = CONTROLS[question.type];
  const [value, onChange] = useShownValue(props.value, props.onChange);
  return (
    <BlockStack gap="100">
      <Control {...props} value={value} onChange={onChange} label={label} help={help} error={error} />
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
    </BlockStack>
  );
}, sameField);
