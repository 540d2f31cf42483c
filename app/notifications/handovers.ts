import type { SubmissionFact } from "~/outbox/submission";

/** A hand-over of notification templates to SEKO: a stored submission and what it held. */
export type TemplateHandoverFact = SubmissionFact & {
  /** Step 7: the countries whose label email it held; step 8: the statuses it held. */
  covered: string[];
};
