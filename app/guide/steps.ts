/**
 * The on-boarding process SEKO runs today (docs/seko.md 1), as the setup guide's
 * catalogue: nine seed steps plus go-live. Pure data, no I/O.
 */
export type StepId = "onboarding-form" | "contracts" | "seko-accounts" | "australia-returns" | "integration" | "system-access" | "label-email" | "notifications" | "test-returns" | "go-live";

export type Actor = "merchant" | "seko" | "app";

export type StepDefinition = {
  id: StepId;
  number: number;
  title: string;
  summary: string;
  /** Who moves the step forward: the merchant, SEKO, or the app itself. */
  actor: Actor;
  optional: boolean;
  /** Only some merchants need it (e.g. their own Australia Post account). */
  conditional: boolean;
  dependsOn: StepId[];
};

export const STEPS: readonly StepDefinition[] = [
  {
    id: "onboarding-form",
    number: 1,
    title: "On-boarding form",
    summary: "Tell SEKO about your business, returns policy, countries, label costs and branding. Partial answers are fine: mark anything you are unsure of for your account manager.",
    actor: "merchant",
    optional: false,
    conditional: false,
    dependsOn: [],
  },
  {
    id: "contracts",
    number: 2,
    title: "Contracts",
    summary: "Complete the SEKO credit application, then review and sign the SEKO Agreement.",
    actor: "merchant",
    optional: false,
    conditional: false,
    dependsOn: [],
  },
  {
    id: "seko-accounts",
    number: 3,
    title: "SEKO account set-up",
    summary: "SEKO sets up your OmniReturns and OmniRPS accounts. This step completes when the app is connected to them.",
    actor: "seko",
    optional: false,
    conditional: false,
    dependsOn: ["onboarding-form", "contracts"],
  },
  {
    id: "australia-returns",
    number: 4,
    title: "Australia returns",
    summary: "Only if Australian return labels use your own Australia Post account: give SEKO its details.",
    actor: "merchant",
    optional: false,
    conditional: true,
    dependsOn: ["onboarding-form"],
  },
  {
    id: "integration",
    number: 5,
    title: "Shopify integration",
    summary: "This app is the integration: it syncs your orders so SEKO can match returns to them. No custom app or integration document needed.",
    actor: "app",
    optional: false,
    conditional: false,
    dependsOn: [],
  },
  {
    id: "system-access",
    number: 6,
    title: "System access",
    summary: "Request OmniReturns and OmniRPS accounts for each team member who handles returns.",
    actor: "merchant",
    optional: false,
    conditional: false,
    dependsOn: ["seko-accounts"],
  },
  {
    id: "label-email",
    number: 7,
    title: "Return label email",
    summary: "Customise the email that sends customers their return label, for each country you offer returns from.",
    actor: "merchant",
    optional: false,
    conditional: false,
    dependsOn: ["seko-accounts"],
  },
  {
    id: "notifications",
    number: 8,
    title: "Customer notifications",
    summary: "Optional emails that tell customers when their return moves to a new tracking status.",
    actor: "merchant",
    optional: true,
    conditional: false,
    dependsOn: ["seko-accounts"],
  },
  {
    id: "test-returns",
    number: 9,
    title: "Test returns",
    summary: "Create test returns on real orders: check return reasons, countries, label cost by country and the faulty-return flow.",
    actor: "merchant",
    optional: false,
    conditional: false,
    dependsOn: ["integration", "label-email"],
  },
  {
    id: "go-live",
    number: 10,
    title: "Go live",
    summary: "Agree the start date with SEKO and add the returns portal link to your storefront.",
    actor: "merchant",
    optional: false,
    conditional: false,
    dependsOn: ["test-returns"],
  },
] as const;

export function stepById(id: StepId): StepDefinition {
  const step = STEPS.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`Unknown step ${id}`);
  return step;
}
