/**
 * The customer-account extension (extensions/customer-account-returns/) as the admin sees it: where
 * App Bridge's `shopify.app.extensions()` says it is live, and the deep link to the editor where a
 * merchant places it. Pure. docs/customer-accounts.md.
 */

/** The extension's folder name under extensions/, which is its handle. */
export const CUSTOMER_ACCOUNT_HANDLE = "customer-account-returns";
export const ORDER_ACTION_TARGET = "customer-account.order.action.menu-item.render";
export const STATUS_BLOCK_TARGET = "customer-account.order-status.block.render";

export type CustomerAccountPlacement = {
  /** App Bridge lists the extension at all (deployed with the app's current version). */
  deployed: boolean;
  /** "Start a return" in the order action menu is live. */
  orderAction: boolean;
  /** The return-status block sits on the order status page (the merchant places it in the editor). */
  statusBlock: boolean;
};

type ExtensionEntry = { handle: string; type: string; activations: unknown[] };

/** UI extensions report each live target as `{ target }`; anything else is ignored. */
export function customerAccountPlacementFrom(extensions: readonly ExtensionEntry[]): CustomerAccountPlacement {
  const ours = extensions.find((extension) => extension.type === "ui_extension" && extension.handle === CUSTOMER_ACCOUNT_HANDLE);
  const targets = new Set(
    (ours?.activations ?? []).flatMap((activation) =>
      activation && typeof activation === "object" && typeof (activation as { target?: unknown }).target === "string" ? [(activation as { target: string }).target] : [],
    ),
  );
  return { deployed: Boolean(ours), orderAction: targets.has(ORDER_ACTION_TARGET), statusBlock: targets.has(STATUS_BLOCK_TARGET) };
}

/** Placed, for the go-live check: the status block is on the order status page (the action needs no placing). */
export function customerAccountPlaced(placement: CustomerAccountPlacement): boolean {
  return placement.statusBlock;
}

/** The checkout and accounts editor on the order status page, with the apps panel open. */
export function customerAccountsEditorLink(shop: string): string {
  return `https://${shop}/admin/settings/checkout/editor?${new URLSearchParams({ page: "order-status", context: "apps" })}`;
}
