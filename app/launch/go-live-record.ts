/** Step 10's record as the app keeps it: the date proposed and agreed, the procedure, going live. */
export type GoLiveRecord = {
  proposedDate: string | null;
  proposedBy: string | null;
  agreedDate: string | null;
  confirmedVia: "seko" | "merchant" | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  sopUrl: string | null;
  sopAckBy: string | null;
  sopAckAt: string | null;
  liveAt: string | null;
  liveBy: string | null;
};

export const EMPTY_GO_LIVE: GoLiveRecord = {
  proposedDate: null,
  proposedBy: null,
  agreedDate: null,
  confirmedVia: null,
  confirmedBy: null,
  confirmedAt: null,
  sopUrl: null,
  sopAckBy: null,
  sopAckAt: null,
  liveAt: null,
  liveBy: null,
};
