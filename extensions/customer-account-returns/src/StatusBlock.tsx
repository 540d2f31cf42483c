/** @jsxImportSource preact */
/**
 * customer-account.order-status.block.render: the order's return status from the tracking events
 * the app received (Return created, in transit, processed...), with the latest event's date and the
 * tracking number or link; nothing when the order has no return. A buyer who reached the page
 * without logging in is asked to log in first (requireLogin): the app answers only for a customer.
 */
import "@shopify/ui-extensions/preact";
import type { Api } from "@shopify/ui-extensions/customer-account.order-status.block.render";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useOrderReturns } from "./use-order-returns";

/** SEKO's "YYYY-MM-DD HH:mm:ss" (hub local time, no zone): the calendar date is what a customer needs. */
function eventDate(value: string | null): Date | null {
  const match = value && /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12)) : null;
}

function useSignal<T>(signal: { value: T; subscribe(listener: (value: T) => void): () => void }): T {
  const [value, setValue] = useState(signal.value);
  useEffect(() => {
    // Effects run after paint: catch up with a change made between the first render and now.
    setValue(signal.value);
    return signal.subscribe(setValue);
  }, [signal]);
  return value;
}

export function StatusBlock({ api }: { api: Api }) {
  const t = api.i18n.translate;
  const authentication = useSignal(api.authenticationState);
  const order = useSignal(api.order);
  const loggedIn = authentication === "fully_authenticated";
  const answer = useOrderReturns(api, order?.id, loggedIn);
  if (!loggedIn) {
    return (
      <s-section heading={t("status.heading")}>
        <s-stack gap="base">
          <s-paragraph>{t("login.prompt")}</s-paragraph>
          <s-button onClick={() => void api.requireLogin()}>{t("login.action")}</s-button>
        </s-stack>
      </s-section>
    );
  }
  const status = answer?.kind === "ok" ? answer.value.status : null;
  if (!status) return null;
  const date = eventDate(status.lastEventAt);
  return (
    <s-section heading={t("status.heading")}>
      <s-stack gap="small-200">
        <s-text type="strong">{t(`status.code.${status.code}`)}</s-text>
        {date ? <s-text color="subdued">{t("status.updated", { date: api.i18n.formatDate(date, { dateStyle: "long", timeZone: "UTC" }) })}</s-text> : null}
        {status.trackingUrl ? (
          <s-link href={status.trackingUrl} target="_blank">
            {t("status.track")}
          </s-link>
        ) : status.trackingNo ? (
          <s-text>{t("status.tracking_number", { number: status.trackingNo })}</s-text>
        ) : null}
      </s-stack>
    </s-section>
  );
}

export default async () => {
  const api = (globalThis as unknown as { shopify: Api }).shopify;
  render(<StatusBlock api={api} />, document.body);
};
