/**
 * Unsaved edits of a questionnaire section, kept in this browser until saved
 * (the section card writes and reads them in localStorage). A secret question's
 * value (app/forms/questions.ts, type "secret") is never part of a draft: it is
 * left out when a draft is written, and a draft that holds one (written before
 * secrets were left out) is thrown away when read. Pure: no I/O and no DOM.
 */
import { z } from "zod";
import type { FormId, Section } from "~/forms/questions";
import type { UiState } from "./ui-state";

/** Where the draft of one section of one shop's questionnaire is kept. */
export const draftKey = (shop: string, formId: FormId, sectionId: string) => `seko-onboarding:${shop}:${formId}:${sectionId}`;

const feeRow = z.object({ country: z.string(), offered: z.boolean(), paidBy: z.string(), amount: z.string(), currency: z.string() });
/** A stored draft is outside input: anything else in its place is thrown away. */
const storedDraft = z.object({
  basedOn: z.string().nullable(),
  ui: z.object({
    values: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.array(feeRow)])),
    askManager: z.array(z.string()),
    confirm: z.array(z.string()),
  }),
});

const secretIds = (section: Section) => new Set(section.questions.filter((question) => question.type === "secret").map((question) => question.id));

/** The values on screen without those of the section's secret questions. */
function withoutSecrets(section: Section, values: UiState["values"]): UiState["values"] {
  const secrets = secretIds(section);
  return Object.fromEntries(Object.entries(values).filter(([id]) => !secrets.has(id)));
}

/** Whether the edits differ from the saved version once secrets are left out (the confirmation alone is no edit). */
const differs = (section: Section, ui: UiState, initial: UiState) =>
  JSON.stringify({ ...ui, values: withoutSecrets(section, ui.values), confirm: [] }) !== JSON.stringify({ ...initial, values: withoutSecrets(section, initial.values), confirm: [] });

/**
 * The text to keep in this browser for what is on screen, based on the saved
 * version `basedOn`: the edits without any secret's value. Null when nothing
 * but a secret was edited: then nothing is kept.
 */
export function draftToKeep(section: Section, basedOn: string | null, ui: UiState, initial: UiState): string | null {
  if (!differs(section, ui, initial)) return null;
  return JSON.stringify({ basedOn, ui: { ...ui, values: withoutSecrets(section, ui.values) } });
}

/**
 * What a stored draft gives back on screen: its edits, with every secret
 * question as it starts (empty). Null when the stored draft must be removed:
 * unreadable, made on another saved version, no different from what is
 * saved, or holding a secret's value.
 */
export function restoreDraft(section: Section, stored: string, basedOn: string | null, initial: UiState): UiState | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return null;
  }
  const draft = storedDraft.safeParse(parsed);
  if (!draft.success || draft.data.basedOn !== basedOn) return null;
  const secrets = secretIds(section);
  const heldSecret = Object.entries(draft.data.ui.values).some(([id, value]) => secrets.has(id) && value !== "");
  if (heldSecret) return null;
  const known = Object.fromEntries(Object.entries(draft.data.ui.values).filter(([id]) => id in initial.values && !secrets.has(id)));
  const ui: UiState = { ...draft.data.ui, values: { ...initial.values, ...known } };
  return differs(section, ui, initial) ? ui : null;
}
