/** Each step's one primary action on the Home page: where it leads and what the button says. Pure. */
import { isComplete, type Guide } from "./progress";
import type { StepId } from "./steps";

/** Where a step's primary action leads and what its button says. */
export type StepAction = { url: string; label: string };

/** Each step's page; step 3's action has its own wording below (the SEKO connection lives in Settings). */
const PAGES: Record<Exclude<StepId, "seko-accounts">, { url: string; noun: string }> = {
  "onboarding-form": { url: "/app/steps/onboarding-form", noun: "the on-boarding form" },
  contracts: { url: "/app/steps/contracts", noun: "the contracts" },
  "australia-returns": { url: "/app/steps/australia-returns", noun: "Australia returns" },
  "system-access": { url: "/app/steps/system-access", noun: "system access" },
  integration: { url: "/app/integration", noun: "the Shopify integration" },
  "label-email": { url: "/app/steps/label-email", noun: "the label email" },
  notifications: { url: "/app/steps/notifications", noun: "customer notifications" },
  "test-returns": { url: "/app/steps/test-returns", noun: "test returns" },
  "go-live": { url: "/app/steps/go-live", noun: "go-live" },
};

/** Every step's action, so Home can always offer the next step's button (app/components/SetupGuide.tsx). */
export function stepActions(guide: Guide): Partial<Record<StepId, StepAction>> {
  const actions: Partial<Record<StepId, StepAction>> = {};
  for (const step of guide.steps) {
    if (step.id === "seko-accounts") {
      actions[step.id] = { url: "/app/settings", label: step.status === "done" ? "View SEKO connection" : "Connect SEKO accounts" };
      continue;
    }
    const page = PAGES[step.id];
    const verb = step.status === "not_started" ? "Start" : isComplete(step.status) ? "Review" : "Continue";
    actions[step.id] = { url: page.url, label: `${verb} ${page.noun}` };
  }
  return actions;
}
