/** @jsxImportSource preact */
/**
 * customer-account.order.action.render: the modal "Start a return" opens. It says the return
 * continues on the returns portal (another site) and by when, then sends the customer there with
 * the order prefilled as the merchant configured.
 */
import "@shopify/ui-extensions/preact";
import type { Api } from "@shopify/ui-extensions/customer-account.order.action.render";
import { render } from "preact";
import { useOrderReturns } from "./use-order-returns";

export function ReturnAction({ api }: { api: Api }) {
  const answer = useOrderReturns(api, api.orderId);
  const t = api.i18n.translate;
  const close = () => api.close();
  if (!answer) {
    return (
      <s-customer-account-action heading={t("action.heading")}>
        <s-spinner accessibilityLabel={t("loading")} />
      </s-customer-account-action>
    );
  }
  if (answer.kind !== "ok" || !answer.value.eligible || !answer.value.portalUrl) {
    return (
      <s-customer-account-action heading={t("action.heading")}>
        <s-paragraph>{t(answer.kind === "login" ? "login.required" : answer.kind === "error" ? "error" : "action.not_returnable")}</s-paragraph>
        <s-button slot="primary-action" onClick={close}>
          {t("action.close")}
        </s-button>
      </s-customer-account-action>
    );
  }
  const { portalUrl, returnBy } = answer.value;
  return (
    <s-customer-account-action heading={t("action.heading")}>
      <s-stack gap="base">
        <s-paragraph>{t("action.portal_intro")}</s-paragraph>
        {returnBy ? <s-paragraph>{t("action.return_by", { date: api.i18n.formatDate(new Date(returnBy), { dateStyle: "long" }) })}</s-paragraph> : null}
      </s-stack>
      <s-button slot="primary-action" variant="primary" href={portalUrl} target="_blank" onClick={close}>
        {t("action.continue")}
      </s-button>
      <s-button slot="secondary-actions" onClick={close}>
        {t("action.cancel")}
      </s-button>
    </s-customer-account-action>
  );
}

export default async () => {
  const api = (globalThis as unknown as { shopify: Api }).shopify;
  render(<ReturnAction api={api} />, document.body);
};
