/**
 * What a question's control shows while its card catches up. A keystroke updates the field at once
 * and hands the value to its card (SectionCard.tsx: the dirty flag, the draft kept in this browser,
 * the save bar) as a React transition, rendered after the browser has painted the keystroke: with the
 * card's render inside the keystroke, typing took 60-100 ms a key at a quarter of the CPU
 * (docs/benchmarks.md, "Admin pages in the browser").
 */
import { startTransition, useCallback, useState } from "react";

/** The value on screen, and the values handed to the card that it has not rendered back yet (oldest first). */
export type Shown<T> = { shown: T; pending: T[] };

/**
 * The card rendered `value`. One of the field's own: what is on screen stays (newer typing may be
 * there). Anything else came from outside (a discard, a restored draft, text typed before the page
 * was hydrated, a newly saved version) and replaces what is shown.
 */
export function received<T>(state: Shown<T>, value: T): Shown<T> {
  const at = state.pending.indexOf(value);
  if (at !== -1) return { shown: state.shown, pending: state.pending.slice(at + 1) };
  return { shown: value, pending: [] };
}

/** The field's own change: shown now, and on its way to the card. */
export function typed<T>(state: Shown<T>, value: T): Shown<T> {
  return { shown: value, pending: [...state.pending, value] };
}

/** The value to show and the change handler for a control whose card holds `value` and is told by `onChange`. */
export function useShownValue<T>(value: T, onChange: (value: T) => void): [T, (value: T) => void] {
  // `rendered`: the card's value this state last took account of.
  const [state, setState] = useState<Shown<T> & { rendered: T }>({ shown: value, pending: [], rendered: value });
  let current = state;
  if (value !== state.rendered) {
    // Adjusted while rendering (React's pattern for state that follows a prop): no frame shows the stale value.
    current = { ...received(state, value), rendered: value };
    setState(current);
  }
  const change = useCallback(
    (next: T) => {
      setState((before) => ({ ...typed(before, next), rendered: before.rendered }));
      startTransition(() => onChange(next));
    },
    [onChange],
  );
  return [current.shown, change];
}
