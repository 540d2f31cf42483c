/** The order sync's states (`SyncView["status"]` in app/shopify/sync-view.server.ts). */
type SyncStatus = "idle" | "queued" | "running" | "done" | "failed";

const ordersText = (count: number) => `${count.toLocaleString("en")} order${count === 1 ? "" : "s"}`;

/**
 * The sync's state and the orders in the app, in one sentence that holds for both (step 5's overview).
 * "Not started" is true of the full import only: the orders/* webhooks store orders from the moment the
 * app is installed (app/shopify/order-sync-webhooks.server.ts), so a shop that never ran the import can hold some.
 */
export function syncHeadline(status: SyncStatus, ordersStored: number) {
  if (status === "idle") return ordersStored ? `no full import yet; ${ordersText(ordersStored)} arrived through live order updates` : "not started yet, no orders in the app";
  const words = { queued: "starting", running: "running", done: "finished", failed: "stopped: see why below" }[status];
  return `${words}, ${ordersText(ordersStored)} in the app`;
}
