import { describe, expect, test } from "vitest";
import { buildGuide } from "./progress";
import { STEPS } from "./steps";

describe("setup guide", () => {
  test("a new shop sees the nine seed steps plus go-live, none started, step 1 next", () => {
    const guide = buildGuide({});
    expect(guide.steps.map((step) => step.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(guide.steps.every((step) => step.status === "not_started")).toBe(true);
    expect(guide).toMatchObject({ completed: 0, total: 10, nextStepId: "onboarding-form" });
  });

  test("done, skipped and not-applicable steps count as complete; submitted does not", () => {
    const guide = buildGuide({
      "onboarding-form": { status: "submitted" },
      contracts: { status: "done" },
      "australia-returns": { status: "not_applicable" },
      notifications: { status: "skipped" },
    });
    expect(guide.completed).toBe(3);
  });

  test("a step names the unfinished steps it waits for", () => {
    const guide = buildGuide({ contracts: { status: "done" } });
    const sekoAccounts = guide.steps.find((step) => step.id === "seko-accounts");
    expect(sekoAccounts?.blockedBy).toEqual(["onboarding-form"]);
  });

  test("the next step skips blocked steps", () => {
    const guide = buildGuide({
      "onboarding-form": { status: "done" },
      contracts: { status: "submitted" },
    });
    // seko-accounts is blocked by contracts, so australia-returns (4) comes after contracts (2).
    expect(guide.nextStepId).toBe("contracts");
    const later = buildGuide({ "onboarding-form": { status: "done" }, contracts: { status: "done" } });
    expect(later.nextStepId).toBe("seko-accounts");
  });

  test("a reopened step is not complete and carries its reason to the guide", () => {
    const guide = buildGuide({ "seko-accounts": { status: "in_progress", reopened: "no Production connection to OmniRPS yet" } });
    expect(guide.completed).toBe(0);
    expect(guide.steps.find((step) => step.id === "seko-accounts")?.reopened).toBe("no Production connection to OmniRPS yet");
  });

  test("every dependency names a step that comes earlier in the catalogue", () => {
    for (const step of STEPS) {
      for (const dependency of step.dependsOn) {
        const target = STEPS.find((candidate) => candidate.id === dependency);
        expect(target, `${step.id} depends on ${dependency}`).toBeDefined();
        expect(target!.number).toBeLessThan(step.number);
      }
    }
  });
});
