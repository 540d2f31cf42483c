/**
 * Consecutive activity rows that say the same thing, folded into one entry so a run of
 * repeats (an upload every few minutes, the same section saved again and again) does not
 * push everything else off the log. Pure; app/utils/activity.server.ts reads the rows.
 *
 * Rows join the entry before them when the kind, the actor and the detail are the same and
 * the action is the same text; for the kinds in {@link SUMMED} the action may differ in its
 * one count ("Sent 1 order to SEKO", "Sent 3 orders to SEKO"), and the entry says the total.
 */

export type GroupableRow = { id: string; kind: string; actor: string; action: string; detail: string | null; createdAt: Date };

/** Kinds whose actions carry a count worth adding up, and what one row of them is called. */
const SUMMED: Readonly<Record<string, string>> = { "orders.sent": "uploads" };

export type ActivityGroup<Row extends GroupableRow> = {
  /** Newest first, as the rows came. */
  rows: Row[];
  /** The action as the log shows it: the row's own, or the run's summary. */
  action: string;
};

/** "Sent 12 orders to SEKO" → the text around the count, the count and its noun (singular). */
function counted(action: string) {
  const match = /^(.*?)\b(\d+) (\w+?)s?\b(.*)$/.exec(action);
  if (!match) return null;
  return { before: match[1]!, count: Number(match[2]), noun: match[3]!, after: match[4]! };
}

function joins(row: GroupableRow, previous: GroupableRow) {
  if (row.kind !== previous.kind || row.actor !== previous.actor || row.detail !== previous.detail) return false;
  if (row.action === previous.action) return true;
  if (!(row.kind in SUMMED)) return false;
  const [a, b] = [counted(row.action), counted(previous.action)];
  return a !== null && b !== null && a.before === b.before && a.noun === b.noun && a.after === b.after;
}

function summary(rows: GroupableRow[]): string {
  const newest = rows[0]!;
  if (rows.length === 1) return newest.action;
  const parts = counted(newest.action);
  const noun = SUMMED[newest.kind];
  if (!noun || !parts) return `${newest.action} ×${rows.length}`;
  const total = rows.reduce((sum, row) => sum + (counted(row.action)?.count ?? 0), 0);
  return `${parts.before}${total} ${parts.noun}${total === 1 ? "" : "s"}${parts.after} in ${rows.length} ${noun}`;
}

/** The rows (newest first) as the log's entries, each run of repeats as one. */
export function groupActivity<Row extends GroupableRow>(rows: Row[]): ActivityGroup<Row>[] {
  const runs: Row[][] = [];
  for (const row of rows) {
    const run = runs.at(-1);
    if (run && joins(row, run.at(-1)!)) run.push(row);
    else runs.push([row]);
  }
  return runs.map((run) => ({ rows: run, action: summary(run) }));
}
