import { STEPS, type StepDefinition, type StepId } from "./steps";

export type StepStatus = "not_started" | "in_progress" | "submitted" | "waiting_on_seko" | "done" | "skipped" | "not_applicable";

/** What the app knows about one step, read from the data that proves it. */
export type StepFact = {
  status: StepStatus;
  completedBy?: string;
  completedAt?: string;
  /** One line on where the step stands, e.g. "Waiting on SEKO since …" or a delivery problem. */
  note?: string;
  /** When the current status began (e.g. the date submitted while waiting on SEKO). */
  since?: string;
  /** Why a step that was complete no longer is, e.g. "no Production connection to OmniRPS yet". */
  reopened?: string;
};

export type GuideStep = StepDefinition &
  StepFact & {
    /** Steps this one waits for that are not complete yet. */
    blockedBy: StepId[];
  };

export type Guide = { steps: GuideStep[]; completed: number; total: number; nextStepId: StepId | null };

const COMPLETE: ReadonlySet<StepStatus> = new Set(["done", "skipped", "not_applicable"]);

export function isComplete(status: StepStatus) {
  return COMPLETE.has(status);
}

/**
 * The setup guide from per-step facts. Steps without a fact are "not started".
 * The next step (the one Home opens with its action) is, in this order: the first step that
 * reopened; else the first incomplete one that nothing blocks and that is not waiting on SEKO
 * (the merchant can move it); else the first incomplete one at all (waiting on SEKO, so Home
 * still says where things stand). Null only once every step is complete.
 */
export function buildGuide(facts: Partial<Record<StepId, StepFact>>): Guide {
  const statusOf = (id: StepId) => facts[id]?.status ?? "not_started";
  const steps = STEPS.map((step) => ({
    ...step,
    status: statusOf(step.id),
    completedBy: facts[step.id]?.completedBy,
    completedAt: facts[step.id]?.completedAt,
    note: facts[step.id]?.note,
    since: facts[step.id]?.since,
    reopened: facts[step.id]?.reopened,
    blockedBy: step.dependsOn.filter((dependency) => !isComplete(statusOf(dependency))),
  }));
  const completed = steps.filter((step) => isComplete(step.status)).length;
  const open = steps.filter((step) => !isComplete(step.status));
  const next = open.find((step) => step.reopened) ?? open.find((step) => step.blockedBy.length === 0 && step.status !== "waiting_on_seko") ?? open[0];
  return { steps, completed, total: steps.length, nextStepId: next?.id ?? null };
}
