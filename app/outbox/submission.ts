/** A submission to SEKO as the guide and pages show it: its version, who sent it, and its delivery. */
export type SubmissionFact = {
  version: number;
  submittedAt: string;
  submittedBy: string;
  deliveryStatus: "pending" | "sending" | "sent" | "failed";
  deliveredAt: string | null;
  deliveryError: string | null;
};
