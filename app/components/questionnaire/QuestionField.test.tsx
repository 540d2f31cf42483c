import { expect, test } from "vitest";
import { ONBOARDING_FORM } from "~/forms/questions";
import { QuestionField, sameField } from "./QuestionField";

const questions = ONBOARDING_FORM.sections.flatMap((section) => section.questions);
const legalName = questions.find((question) => question.id === "legalName")!;
const fees = questions.find((question) => question.type === "country-fees")!;
const onChange = () => {};
const onAskManager = () => {};
const field = (question = legalName, value: unknown = "Demo Pty Ltd", errors: Record<string, string[]> | undefined = {}) =>
  ({ question, value, onChange, onAskManager, errors, askManager: false }) as Parameters<typeof sameField>[0];

test("typing into one field leaves the section's other fields as they were: another field's value or error does not re-render them", () => {
  expect(sameField(field(), field())).toBe(true);
  // The section's errors object is new on every keystroke; only this question's messages count.
  expect(sameField(field(legalName, "Demo Pty Ltd", {}), field(legalName, "Demo Pty Ltd", { website: ["Enter a full address"] }))).toBe(true);
  const rows: unknown[] = [];
  expect(sameField(field(fees, rows, {}), field(fees, rows, { legalName: ["Enter the legal entity name"] }))).toBe(true);
  // ...which is what the memoised field compares its props with (React.memo keeps it as `compare`).
  expect((QuestionField as unknown as { compare: unknown }).compare).toBe(sameField);
});

test("a field re-renders when what it shows changes: its value, its own errors (a fee row's too), its handlers", () => {
  expect(sameField(field(legalName, "Demo"), field(legalName, "Demo "))).toBe(false);
  expect(sameField(field(legalName, "Demo", {}), field(legalName, "Demo", { legalName: ["Enter the legal entity name"] }))).toBe(false);
  expect(sameField(field(legalName, "Demo", { legalName: ["Too long"] }), field(legalName, "Demo", { legalName: ["Enter the legal entity name"] }))).toBe(false);
  const rows: unknown[] = [];
  expect(sameField(field(fees, rows, {}), field(fees, rows, { [`${fees.id}[0].amount`]: ["Enter an amount"] }))).toBe(false);
  expect(sameField(field(), { ...field(), onChange: () => {} })).toBe(false);
  expect(sameField(field(), { ...field(), askManager: true })).toBe(false);
  expect(sameField(field(), { ...field(), problem: "Answer this before you submit" })).toBe(false);
});
