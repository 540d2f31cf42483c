/** A submission to SEKO as the guide and pages show it: its version, who sent it, and its delivery. */
export type SubmissionFact = {
  version: number;
  submittedAt: string;
  submittedBy: string;
  deliveryStatus: "pending" | "sending" | "sent" | "failed";
  deliveredAt: string | null;
  deliveryError: string | null;
};

/** The fact for a stored submission, its sender named by `label` (a shop's staff directory). */
export function submissionFact(submission: SubmissionFact, label: (id: string) => string): SubmissionFact {
  const { version, submittedAt, submittedBy, deliveryStatus, deliveredAt, deliveryError } = submission;
  return { version, submittedAt, submittedBy: label(submittedBy), deliveryStatus, deliveredAt, deliveryError };
}
