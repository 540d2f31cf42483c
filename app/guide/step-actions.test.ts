import { describe, expect, test } from "vitest";
import { buildGuide, type StepStatus } from "./progress";
import { stepActions } from "./step-actions";
import { STEPS } from "./steps";

const STATUSES: StepStatus[] = ["not_started", "in_progress", "submitted", "waiting_on_seko", "done", "skipped", "not_applicable"];

describe("each step's primary action on Home", () => {
  test.each(STATUSES)("every step has one while %s, with a page in the app and a label", (status) => {
    const actions = stepActions(buildGuide(Object.fromEntries(STEPS.map((step) => [step.id, { status }]))));
    for (const step of STEPS) {
      expect(actions[step.id], step.id).toEqual({ url: expect.stringMatching(/^\/app\//), label: expect.any(String) });
    }
  });

  test("steps 9 and 10 lead to their pages, worded for where the step stands", () => {
    const actions = stepActions(buildGuide({ "test-returns": { status: "in_progress" } }));
    expect(actions["test-returns"]).toEqual({ url: "/app/steps/test-returns", label: "Continue test returns" });
    expect(actions["go-live"]).toEqual({ url: "/app/steps/go-live", label: "Start go-live" });
    expect(stepActions(buildGuide({ "go-live": { status: "done" } }))["go-live"]?.label).toBe("Review go-live");
  });

  test("step 3 leads to the SEKO connection in Settings", () => {
    expect(stepActions(buildGuide({}))["seko-accounts"]).toEqual({ url: "/app/settings", label: "Connect SEKO accounts" });
    expect(stepActions(buildGuide({ "seko-accounts": { status: "done" } }))["seko-accounts"]?.label).toBe("View SEKO connection");
  });
});
