import type { Page } from "@playwright/test";

/** One shift the browser reported: its score and the elements that moved (tag, class and start of their text). */
export type Shift = { value: number; moved: string[] };

/**
 * The layout shift of the app's frame since its page loaded: the browser's `layout-shift` entries
 * (buffered from the start of the document), leaving out those that follow the person's own input,
 * summed: the Cumulative Layout Shift of the load so far. Call it once what the load waits for
 * (such as App Bridge's answer) is on screen.
 */
export async function layoutShiftSoFar(page: Page): Promise<{ total: number; shifts: Shift[] }> {
  const frame = page.frame({ url: /localhost:3100/ });
  if (!frame) throw new Error("The app's frame is not in the page");
  return frame.evaluate(
    () =>
      new Promise<{ total: number; shifts: Shift[] }>((resolve) => {
        type Entry = PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node | null }[] };
        const shifts: Shift[] = [];
        const describe = (node: Node | null | undefined) => {
          if (!(node instanceof Element)) return node?.nodeName ?? "(gone)";
          return `${node.tagName.toLowerCase()}.${[...node.classList].join(".")} “${(node.textContent ?? "").trim().slice(0, 40)}”`;
        };
        const take = (entries: PerformanceEntry[]) => {
          for (const entry of entries as Entry[]) {
            if (!entry.hadRecentInput) shifts.push({ value: entry.value, moved: (entry.sources ?? []).map((source) => describe(source.node)) });
          }
        };
        const observer = new PerformanceObserver((list) => take(list.getEntries()));
        observer.observe({ type: "layout-shift", buffered: true });
        // The buffered entries arrive in the observer's first callback, a task later.
        setTimeout(() => {
          take(observer.takeRecords());
          observer.disconnect();
          resolve({ total: shifts.reduce((sum, shift) => sum + shift.value, 0), shifts });
        }, 250);
      }),
  );
}
