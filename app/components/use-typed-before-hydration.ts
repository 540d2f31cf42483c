/**
 * Text typed into a server-rendered page before React takes it over (the first
 * moments after a page appears) is kept: on hydration React leaves what the
 * person typed in the input, but its state still holds the rendered value and
 * the next render would put that back. Right after hydration each field's value
 * in the page is compared with the value it was rendered with, and what differs
 * is handed to the form, which adopts it as an unsaved edit.
 */
import { useEffect, type RefObject } from "react";

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
      if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) inPage[name] = field.value;
    }
    const typed = typedBeforeHydration(rendered, inPage);
    if (Object.keys(typed).length > 0) adopt(typed);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
}
