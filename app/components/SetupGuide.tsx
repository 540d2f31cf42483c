import { Badge, BlockStack, Box, Button, Card, Collapsible, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useState } from "react";
import type { Guide, GuideStep, StepStatus } from "~/onboarding/progress";
import { STEPS } from "~/onboarding/steps";

const STATUS_LABEL: Record<StepStatus, string> = {
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

function titleOf(id: string) {
  return STEPS.find((step) => step.id === id)?.title ?? id;
}

/** Polaris setup-guide pattern: progress, then one expandable row per step. */
export function SetupGuide({ guide }: { guide: Guide }) {
  const [open, setOpen] = useState<string | null>(guide.nextStepId);
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
          <StepRow key={step.id} step={step} open={open === step.id} onToggle={() => setOpen(open === step.id ? null : step.id)} />
        ))}
      </ol>
    </Card>
  );
}

function StepRow({ step, open, onToggle }: { step: GuideStep; open: boolean; onToggle: () => void }) {
  const panelId = `step-${step.id}`;
  return (
    <li style={{ borderTop: "var(--p-border-width-025) solid var(--p-color-border-secondary)" }}>
      <Box padding="400">
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Button variant="monochromePlain" onClick={onToggle} ariaExpanded={open} ariaControls={panelId} textAlign="left">
              {`${step.number}. ${step.title}${step.optional ? " (optional)" : ""}`}
            </Button>
            <Badge tone={STATUS_TONE[step.status]}>{STATUS_LABEL[step.status]}</Badge>
          </InlineStack>
          <Collapsible id={panelId} open={open}>
            <BlockStack gap="200">
              <Text as="p">{step.summary}</Text>
              {step.actor === "seko" ? (
                <Text as="p" tone="subdued">
                  SEKO completes this step; the app notices when it is done.
                </Text>
              ) : null}
              {step.blockedBy.length > 0 ? (
                <Text as="p" tone="subdued">
                  Waits for: {step.blockedBy.map(titleOf).join(", ")}
                </Text>
              ) : null}
              {step.completedAt ? (
                <Text as="p" tone="subdued">
                  Completed {step.completedBy ? `by ${step.completedBy} ` : ""}on {new Date(step.completedAt).toLocaleDateString()}
                </Text>
              ) : null}
            </BlockStack>
          </Collapsible>
        </BlockStack>
      </Box>
    </li>
  );
}
