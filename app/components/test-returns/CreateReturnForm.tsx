import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Link, Select, Text, TextField } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { RETURN_OPTION_LABELS } from "~/return-settings/return-settings";
import type { OrderForReturn } from "~/shopify/order-search.server";
import { countryName } from "./OrderPicker";

export type CreateReply = { ok: boolean; id?: string; message?: string; errors?: Record<string, string[] | null> };

type Props = { order: OrderForReturn; returned: Record<string, number>; reasons: string[]; reviewReasons: string[]; options: string[]; countries: string[] };

/** One of the first line that still has something to return, none of the others. */
function startingQuantities(order: OrderForReturn, returned: Record<string, number>): Record<string, string> {
  const first = order.lines.find((line) => line.quantity > (returned[line.id] ?? 0));
  return Object.fromEntries(order.lines.map((line) => [line.id, line.id === first?.id ? "1" : "0"]));
}

/**
 * The chosen order's items with quantities (less what its open test returns hold), the reason,
 * the return option and the origin country. Chosen below the order list, it scrolls itself into
 * view and focuses its first field, so "Choose" visibly leads somewhere.
 */
export function CreateReturnForm({ order, returned, reasons, reviewReasons, options, countries }: Props) {
  const fetcher = useFetcher<CreateReply>({ key: "create-test-return" });
  const [quantities, setQuantities] = useState<Record<string, string>>(() => startingQuantities(order, returned));
  const formRef = useRef<HTMLFormElement>(null);
  // Mounted once per chosen order (the page keys it by the order's id).
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    form.scrollIntoView({ block: "start" });
    form.querySelector<HTMLElement>("input:not([type=hidden]), select")?.focus();
  }, []);
  const [reason, setReason] = useState(reasons[0] ?? "");
  const [option, setOption] = useState(options[0] ?? "");
  const [origin, setOrigin] = useState(order.shipCountry && countries.includes(order.shipCountry) ? order.shipCountry : (countries[0] ?? ""));
  const errors = fetcher.data?.errors ?? {};
  const error = (name: string) => errors[name]?.[0];
  const busy = fetcher.state !== "idle";
  const held = reviewReasons.some((candidate) => candidate.toLowerCase() === reason.toLowerCase());

  if (!reasons.length || !options.length || !countries.length) {
    return (
      <Card>
        <Banner tone="warning" title="Step 1 does not say enough yet">
          <p>
            A test return needs the return reasons, the return options and the countries from the on-boarding form. <Link url="/app/steps/onboarding-form">Complete step 1</Link>
          </p>
        </Banner>
      </Card>
    );
  }

  return (
    <Card>
      <fetcher.Form ref={formRef} method="post" aria-label={`Test return on ${order.name}`}>
        <input type="hidden" name="intent" value="create" />
        <input type="hidden" name="orderId" value={order.id} />
        <BlockStack gap="300">
          <Text as="h3" variant="headingSm">{`Test return on ${order.name}`}</Text>
          {fetcher.data && !fetcher.data.ok && fetcher.data.message ? <Banner tone="critical">{fetcher.data.message}</Banner> : null}
          {fetcher.data?.ok && fetcher.data.id && !busy ? (
            <Banner tone="success">
              <p>
                Test return created. <Link url={`/app/steps/test-returns/${fetcher.data.id}`}>Open it</Link>
              </p>
            </Banner>
          ) : null}
          {error("items") ? (
            <Text as="p" tone="critical">
              {error("items")}
            </Text>
          ) : null}
          <FormLayout>
            {order.lines.map((line, index) => (
              <InlineStack key={line.id} gap="300" blockAlign="end" wrap={false}>
                <input type="hidden" name={`items[${index}].lineItemId`} value={line.id} />
                <div style={{ width: 120 }}>
                  <TextField
                    label={`Quantity of ${line.title}`}
                    labelHidden={false}
                    type="number"
                    min={0}
                    max={line.quantity}
                    name={`items[${index}].quantity`}
                    value={quantities[line.id] ?? "0"}
                    onChange={(value) => setQuantities((current) => ({ ...current, [line.id]: value }))}
                    autoComplete="off"
                    error={error(`items[${index}].quantity`)}
                  />
                </div>
                <Text as="span" tone="subdued">
                  {`of ${line.quantity}${returned[line.id] ? ` · ${returned[line.id]} in an open test return` : ""}${line.sku ? ` · SKU ${line.sku}` : ""}${line.variantTitle ? ` · ${line.variantTitle}` : ""}`}
                </Text>
              </InlineStack>
            ))}
            <FormLayout.Group>
              <Select label="Return reason" name="reason" options={reasons} value={reason} onChange={setReason} error={error("reason")} />
              <Select
                label="Return option"
                name="returnOption"
                options={options.map((value) => ({ label: RETURN_OPTION_LABELS[value] ?? value, value }))}
                value={option}
                onChange={setOption}
                error={error("returnOption")}
              />
              <Select
                label="Returned from"
                name="originCountry"
                options={countries.map((code) => ({ label: countryName(code), value: code }))}
                value={origin}
                onChange={setOrigin}
                error={error("originCountry")}
              />
            </FormLayout.Group>
            {held ? <Banner tone="info">This reason needs review: the return will be on hold until you accept or reject it.</Banner> : null}
            <Button submit variant="primary" loading={busy}>
              {held ? "Create test return (on hold)" : "Create test return and label"}
            </Button>
          </FormLayout>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
