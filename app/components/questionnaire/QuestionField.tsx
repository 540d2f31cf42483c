/**
 * One question of a questionnaire: its control, chosen by the question's type
 * (app/forms/questions.ts), and the "Ask my account manager" tick under it.
 */
import { BlockStack, Checkbox, ChoiceList, Select, Text, TextField } from "@shopify/polaris";
import type { Question } from "~/forms/questions";
import { countryOptions, currencyOptions } from "~/forms/validation";
import { FeeEditor } from "./FeeEditor";
import type { FeeUi, Source, UiValue } from "./ui-state";

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

export function QuestionField({ question, value, onChange, errors, problem, askManager, onAskManager, secretLast4, source }: FieldProps) {
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
      field = <FeeEditor question={question} rows={value as FeeUi[]} onChange={onChange} errors={errors} error={error} />;
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
