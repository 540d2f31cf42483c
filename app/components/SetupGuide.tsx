import { Badge, BlockStack, Box, Button, Card, Collapsible, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { memo, startTransition, useCallback, useState } from "react";
import { isComplete, type Guide, type GuideStep, type StepStatus } from "~/guide/progress";
import type { StepAction } from "~/guide/step-actions";
import { STEPS } from "~/guide/steps";
import { useDates } from "./date-setting";

export const STATUS_LABEL: Record<StepStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  submitted: "Submitted",
  waiting_on_seko: "Waiting on SEKO",
  done: "Done",
  skipped: "Skipped",
  not_applicable: "Not applicable",
};

const STATUS_TONE: Partial<Record<StepStatus, "info" | "success" | "attention">> = {
  in_progress: "attention",
  submitted: "info",
  waiting_on_seko: "info",
  done: "success",
};

export function StepStatusBadge({ status, reopened }: { status: StepStatus; reopened?: string }) {
  // A step that was complete and no longer is says so, not just "In progress".
  if (reopened) return <Badge tone="warning">Reopened</Badge>;
  return <Badge tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Badge>;
}

function titleOf(id: string) {
  return STEPS.find((step) => step.id === id)?.title ?? id;
}

/**
 * Polaris setup-guide pattern: progress, then one expandable row per step. The next step
 * (`guide.nextStepId`, app/guide/progress.ts) is open with its action; when the guide moves on
 * (a step done, another reopened) the new next step opens.
 */
export function SetupGuide({ guide, actions = {} }: { guide: Guide; actions?: Partial<Record<string, StepAction>> }) {
  const [open, setOpen] = useState<string | null>(guide.nextStepId);
  const [shownNext, setShownNext] = useState(guide.nextStepId);
  if (shownNext !== guide.nextStepId) {
    setShownNext(guide.nextStepId);
    setOpen(guide.nextStepId);
  }
  // The same function on every render: a click re-renders the two rows that open or close, not all ten (StepRow's memo).
  // A transition: the browser paints the click (the pressed button) before the rows render and the panel measures itself.
  const toggle = useCallback((id: string) => startTransition(() => setOpen((current) => (current === id ? null : id))), []);
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Setup guide
          </Text>
          <Text as="p" tone="subdued">
            Everything SEKO needs to get your returns live, in one place.
          </Text>
          <InlineStack gap="300" blockAlign="center" wrap={false}>
            <Text as="p" variant="bodySm">
              {guide.completed} of {guide.total} complete
            </Text>
            <Box width="100%">
              <ProgressBar progress={(guide.completed / guide.total) * 100} size="small" tone="primary" />
            </Box>
          </InlineStack>
        </BlockStack>
      </Box>
      <ol aria-label="Setup steps" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {guide.steps.map((step) => (
          <StepRow key={step.id} step={step} action={actions[step.id]} open={open === step.id} onToggle={toggle} />
        ))}
      </ol>
    </Card>
  );
}

const StepRow = memo(function StepRow({ step, action, open, onToggle }: { step: GuideStep; action?: StepAction; open: boolean; onToggle: (id: string) => void }) {
  const panelId = `step-${step.id}`;
  const dates = useDates();
  return (
    <li style={{ borderTop: "var(--p-border-width-025) solid var(--p-color-border-secondary)" }}>
      <Box padding="400">
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Button variant="monochromePlain" onClick={() => onToggle(step.id)} ariaExpanded={open} ariaControls={panelId} textAlign="left">
              {`${step.number}. ${step.title}${step.optional ? " (optional)" : ""}`}
            </Button>
            <StepStatusBadge status={step.status} reopened={step.reopened} />
          </InlineStack>
          <Collapsible id={panelId} open={open}>
            <BlockStack gap="200">
              {step.reopened ? (
                <Text as="p" fontWeight="semibold">
                  Reopened: {step.reopened}
                </Text>
              ) : null}
              <Text as="p">{step.summary}</Text>
              {step.actor === "seko" ? (
                <Text as="p" tone="subdued">
                  SEKO does its part; the app notices when it is done.
                </Text>
              ) : null}
              {step.blockedBy.length > 0 ? (
                <Text as="p" tone="subdued">
                  Waits for: {step.blockedBy.map(titleOf).join(", ")}
                </Text>
              ) : null}
              {step.status === "waiting_on_seko" && step.since ? (
                <Text as="p" tone="subdued">
                  Waiting on SEKO since {dates.date(step.since, "date")}.
                </Text>
              ) : null}
              {step.status === "submitted" && step.since ? (
                <Text as="p" tone="subdued">
                  Submitted on {dates.date(step.since, "date")}.
                </Text>
              ) : null}
              {step.note ? <Text as="p">{step.note}</Text> : null}
              {step.completedAt ? (
                <Text as="p" tone="subdued">
                  {step.status === "not_applicable" ? "Marked not applicable" : "Completed"} {step.completedBy ? `by ${step.completedBy} ` : ""}on {dates.date(step.completedAt, "date")}
                </Text>
              ) : null}
              {action ? (
                <InlineStack>
                  <Button url={action.url} variant={isComplete(step.status) ? "secondary" : "primary"}>
                    {action.label}
                  </Button>
                </InlineStack>
              ) : null}
            </BlockStack>
          </Collapsible>
        </BlockStack>
      </Box>
    </li>
  );
});
