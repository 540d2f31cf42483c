import { useFetcher, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { loader as progressLoader } from "../app.integration.progress";

const PROGRESS_URL = "/app/integration/progress";

/** The order sync's state, as the progress endpoint and the page's own loader both give it. */
type SyncState = NonNullable<ReturnType<typeof useFetcher<typeof progressLoader>>["data"]>;

/**
 * During a sync the page polls the progress endpoint (the sync's state only)
 * once a second, and loads its own data again, with Shopify calls and the
 * summary's queries, only when the sync changes status or phase.
 */
export function useSyncProgress(loaded: SyncState): SyncState {
  const progress = useFetcher<typeof progressLoader>();
  const revalidator = useRevalidator();
  const busy = loaded.status === "queued" || loaded.status === "running";
  const fetcherState = useRef(progress.state);
  fetcherState.current = progress.state;
  const { load } = progress;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      if (fetcherState.current === "idle") load(PROGRESS_URL);
    }, 1000);
    return () => clearInterval(timer);
  }, [busy, load]);
  const polled = progress.data;
  const changed = polled !== undefined && (polled.status !== loaded.status || polled.phase !== loaded.phase);
  // Once per answer that differs: a reload already under way, or an answer older than it, asks for no other.
  const handled = useRef<typeof polled>(undefined);
  useEffect(() => {
    if (!changed || handled.current === polled) return;
    handled.current = polled;
    revalidator.revalidate();
  }, [polled, changed, revalidator]);
  return busy && polled !== undefined && !changed ? polled : loaded;
}
