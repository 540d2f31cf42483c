/** @jsxImportSource preact */
/**
 * customer-account.order.action.menu-item.render: "Start a return" in the order's action menu (order
 * index and order status page), only for an order the app says can be returned. The button opens
 * this extension's action modal (ReturnAction.tsx); an order that cannot be returned shows nothing.
 */
import "@shopify/ui-extensions/preact";
import type { Api } from "@shopify/ui-extensions/customer-account.order.action.menu-item.render";
import { render } from "preact";
import { useOrderReturns } from "./use-order-returns";

export function MenuItem({ api }: { api: Api }) {
  const answer = useOrderReturns(api, api.orderId);
  if (answer?.kind !== "ok" || !answer.value.eligible) return null;
  return <s-button>{api.i18n.translate("start_return")}</s-button>;
}

export default async () => {
  const api = (globalThis as unknown as { shopify: Api }).shopify;
  render(<MenuItem api={api} />, document.body);
};
