/**
 * The save bar over a questionnaire: each section card reports whether it has
 * unsaved changes and registers its save and discard, and the bar saves or
 * discards every changed section at once.
 */
import { Box, Button, InlineStack, Text } from "@shopify/polaris";
import { createContext, useContext, useMemo, useRef, useState } from "react";

type SectionControl = { save(): void; discard(): void };
type SaveBarContext = { setDirty(id: string, title: string, dirty: boolean): void; register(id: string, control: SectionControl | null): void };
const SaveBarContext = createContext<SaveBarContext | null>(null);

/** What a section card uses to report its changes (inside a questionnaire). */
export const useSaveBar = () => useContext(SaveBarContext)!;

/** The questionnaire's unsaved sections (section id to title) and the context its cards report to. */
export function useSaveBarState() {
  const [dirty, setDirtyMap] = useState<Record<string, string>>({});
  const controls = useRef(new Map<string, SectionControl>());
  const context = useMemo<SaveBarContext>(
    () => ({
      setDirty(id, title, isDirty) {
        setDirtyMap((current) => {
          if (isDirty === id in current) return current;
          const next = { ...current };
          if (isDirty) next[id] = title;
          else delete next[id];
          return next;
        });
      },
      register(id, control) {
        if (control) controls.current.set(id, control);
        else controls.current.delete(id);
      },
    }),
    [],
  );
  return { dirty, controls, context };
}

export const SaveBarProvider = SaveBarContext.Provider;

/** The sticky bar, shown while any section has unsaved changes. */
export function SaveBar({ dirty, controls }: Pick<ReturnType<typeof useSaveBarState>, "dirty" | "controls">) {
  const dirtyTitles = Object.values(dirty);
  return dirtyTitles.length > 0 ? (
    <div style={{ position: "sticky", top: 0, zIndex: 10 }}>
      <Box background="bg-fill-inverse" padding="300" borderRadius="200">
        <section aria-label="Unsaved changes">
          <InlineStack align="space-between" blockAlign="center" gap="300">
            <Text as="p" tone="text-inverse" fontWeight="semibold">
              Unsaved changes: {dirtyTitles.join(", ")}
            </Text>
            <InlineStack gap="200">
              <Button onClick={() => Object.keys(dirty).forEach((id) => controls.current.get(id)?.discard())}>Discard</Button>
              <Button variant="primary" onClick={() => Object.keys(dirty).forEach((id) => controls.current.get(id)?.save())}>
                Save all
              </Button>
            </InlineStack>
          </InlineStack>
        </section>
      </Box>
    </div>
  ) : null;
}
