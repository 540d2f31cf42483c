import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { buildGuide, type StepFact } from "~/guide/progress";
import { stepActions } from "~/guide/step-actions";
import { STEPS, type StepId } from "~/guide/steps";
import { SetupGuide } from "./SetupGuide";

/** The guide as Home renders it: which steps are expanded, and the buttons inside them. */
function render(facts: Partial<Record<StepId, StepFact>>) {
  const guide = buildGuide(facts);
  const html = renderToStaticMarkup(
    <AppProvider i18n={en}>
      <SetupGuide guide={guide} actions={stepActions(guide)} />
    </AppProvider>,
  );
  const expanded = [...html.matchAll(/aria-controls="step-([a-z-]+)" aria-expanded="true"|aria-expanded="true"[^>]*aria-controls="step-([a-z-]+)"/g)].map((match) => match[1] ?? match[2]);
  return { html, expanded };
}

const done = { status: "done" } as const;
const everyStepDone = Object.fromEntries(STEPS.map((step) => [step.id, done])) as Record<StepId, StepFact>;

test("while step 9 is under way (step 6 waiting on SEKO), step 9 is the one expanded, with its button", () => {
  const { html, expanded } = render({ ...everyStepDone, "system-access": { status: "waiting_on_seko" }, "test-returns": { status: "in_progress" }, "go-live": { status: "not_started" } });
  expect(expanded).toEqual(["test-returns"]);
  expect(html).toContain('href="/app/steps/test-returns"');
  expect(html).toContain("Continue test returns");
  // A collapsed step renders no button: only the expanded one offers its action.
  expect(html).not.toContain("Start go-live");
  expect(html).not.toContain("Continue system access");
});

test("with step 9 done, step 10 is expanded with its button", () => {
  const { html, expanded } = render({ ...everyStepDone, "go-live": { status: "in_progress" } });
  expect(expanded).toEqual(["go-live"]);
  expect(html).toContain("Continue go-live");
});

test("a reopened step is the one expanded, before an earlier open step, with its reason and its button", () => {
  const { html, expanded } = render({
    ...everyStepDone,
    contracts: { status: "in_progress" },
    "label-email": { status: "in_progress", reopened: "step 1's countries changed" },
    "go-live": { status: "in_progress" },
  });
  expect(expanded).toEqual(["label-email"]);
  expect(html).toContain("Reopened: step 1&#x27;s countries changed");
  expect(html).toContain("Continue the label email");
});

test("once every step is done, no step is expanded", () => {
  expect(render(everyStepDone).expanded).toEqual([]);
});
