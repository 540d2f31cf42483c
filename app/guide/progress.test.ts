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

  test("the next step is one the merchant can move: a step waiting on SEKO is passed over while another is open", () => {
    const done = { status: "done" } as const;
    // Steps 1-5 and 7-8 done, step 6 waiting on SEKO's logins: step 9 is the merchant's next step.
    const guide = buildGuide({
      "onboarding-form": done,
      contracts: done,
      "seko-accounts": done,
      "australia-returns": { status: "not_applicable" },
      integration: done,
      "system-access": { status: "waiting_on_seko" },
      "label-email": done,
      notifications: { status: "skipped" },
      "test-returns": { status: "in_progress" },
    });
    expect(guide.nextStepId).toBe("test-returns");
    // Step 9 done: step 10 is next.
    expect(buildGuide({ ...Object.fromEntries(STEPS.map((step) => [step.id, done])), "system-access": { status: "waiting_on_seko" }, "go-live": { status: "in_progress" } }).nextStepId).toBe(
      "go-live",
    );
    // Only SEKO's turn is left: that step is still the one shown.
    expect(buildGuide({ "onboarding-form": done, contracts: done, "seko-accounts": { status: "waiting_on_seko" }, "australia-returns": done, integration: done }).nextStepId).toBe("seko-accounts");
  });

  test("a reopened step comes first, before earlier open steps; a finished guide has no next step", () => {
    const guide = buildGuide({ "label-email": { status: "in_progress", reopened: "step 1's countries changed" } });
    expect(guide.nextStepId).toBe("label-email");
    expect(buildGuide(Object.fromEntries(STEPS.map((step) => [step.id, { status: "done" as const }]))).nextStepId).toBeNull();
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
