/**
 * Text typed into a server-rendered page before React takes it over (the first
 * moments after a page appears) is kept: on hydration React leaves what the
 * person typed in the input, but its state still holds the rendered value and
 * the next render would put that back. Right after hydration each field's value
 * in the page is compared with the value it was rendered with, and what differs
 * is handed to the form, which adopts it as an unsaved edit.
 *
 * A prefilled <textarea> is different: React 18 puts its server-rendered text
 * back into it when it hydrates it (an <input> keeps what was typed), before
 * any effect can look. So what is typed into a textarea is noted from the
 * moment this module loads, which is before React hydrates the page (Remix
 * loads the page's route modules, and so this one, before it hydrates).
 */
import { useEffect, type RefObject } from "react";

/** What each server-rendered textarea held before React could reset it, while it differs from the text it was rendered with. */
const typedIntoTextareas = new WeakMap<HTMLTextAreaElement, string>();

function noteTextarea(field: EventTarget | null) {
  if (typeof HTMLTextAreaElement === "undefined" || !(field instanceof HTMLTextAreaElement)) return;
  if (field.value !== field.defaultValue) typedIntoTextareas.set(field, field.value);
  else typedIntoTextareas.delete(field);
}

if (typeof document !== "undefined") {
  // Typed before this module loaded (scripts still downloading), then typed until React hydrates.
  document.querySelectorAll("textarea").forEach(noteTextarea);
  document.addEventListener("input", (event) => noteTextarea(event.target), true);
}

/** The value a field held before hydration: a textarea's as noted above, an input's as it is in the page. */
function valueBeforeHydration(field: HTMLInputElement | HTMLTextAreaElement): string {
  return field instanceof HTMLTextAreaElement ? (typedIntoTextareas.get(field) ?? field.value) : field.value;
}

/** The fields whose value in the page is no longer the one they were rendered with: name to what is in the page now. */
export function typedBeforeHydration(rendered: Record<string, string>, inPage: Record<string, string | undefined>): Record<string, string> {
  const typed: Record<string, string> = {};
  for (const [name, value] of Object.entries(rendered)) {
    const now = inPage[name];
    if (now !== undefined && now !== value) typed[name] = now;
  }
  return typed;
}

/**
 * Once, on mount: reads the text fields named in `rendered` inside `container`
 * and calls `adopt` with those the person changed before hydration. After a
 * client-side navigation the page shows exactly the rendered values, so nothing
 * is adopted. Call it after the form's own mount effects that set its state, so
 * that what was typed is applied last.
 */
export function useTypedBeforeHydration(container: RefObject<HTMLElement>, rendered: Record<string, string>, adopt: (typed: Record<string, string>) => void) {
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const inPage: Record<string, string> = {};
    for (const name of Object.keys(rendered)) {
      const field = root.querySelector(`input[name="${CSS.escape(name)}"], textarea[name="${CSS.escape(name)}"]`);
      if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) inPage[name] = valueBeforeHydration(field);
    }
    const typed = typedBeforeHydration(rendered, inPage);
    if (Object.keys(typed).length > 0) adopt(typed);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
}
