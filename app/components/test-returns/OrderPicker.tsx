import { Badge, BlockStack, Button, Card, Form, FormLayout, InlineStack, Pagination, Select, Text, TextField } from "@shopify/polaris";
import { useSearchParams } from "@remix-run/react";
import { useRef, useState } from "react";
import type { OrderSummary } from "~/shopify/order-search.server";
import { useDates } from "../date-setting";
import { useTypedBeforeHydration } from "../use-typed-before-hydration";

const FULFILMENT_OPTIONS = [
  { label: "Any fulfilment", value: "" },
  { label: "Fulfilled", value: "fulfilled" },
  { label: "Partly fulfilled", value: "partial" },
  { label: "Unfulfilled", value: "unfulfilled" },
];

const countryNames = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region" }) : undefined;
export const countryName = (code: string) => countryNames?.of(code) ?? code;

/**
 * The synced orders, searchable and filtered through the page's query string
 * (so a search is a link, and Back works); choosing one puts it in `order`.
 */
export function OrderPicker({ orders, total, page, pages, countries, chosenId }: { orders: OrderSummary[]; total: number; page: number; pages: number; countries: string[]; chosenId: string | null }) {
  const dates = useDates();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get("q") ?? "");
  const [country, setCountry] = useState(params.get("country") ?? "");
  const [fulfilment, setFulfilment] = useState(params.get("fulfilment") ?? "");
  const [from, setFrom] = useState(params.get("from") ?? "");
  const [to, setTo] = useState(params.get("to") ?? "");
  // A search typed before the page was hydrated stays (../use-typed-before-hydration.ts).
  const searchForm = useRef<HTMLDivElement>(null);
  useTypedBeforeHydration(searchForm, { q, from, to }, (typed) => {
    setQ((current) => typed.q ?? current);
    setFrom((current) => typed.from ?? current);
    setTo((current) => typed.to ?? current);
  });

  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next, { preventScrollReset: true });
  };
  const search = () => go({ q, country, fulfilment, from, to, page: null });

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd" id="create">
          Create a test return
        </Text>
        <Text as="p" tone="subdued">
          Pick one of your synced orders. The label is made in SEKO&apos;s test environment: nothing is shipped or billed.
        </Text>
        <div ref={searchForm} style={{ display: "contents" }}>
          <Form onSubmit={search}>
            <FormLayout>
              <FormLayout.Group condensed>
                <TextField label="Search orders" name="q" value={q} onChange={setQ} autoComplete="off" placeholder="Order number, customer or email" />
                <Select
                  label="Ships to"
                  options={[{ label: "Any country", value: "" }, ...countries.map((code) => ({ label: countryName(code), value: code }))]}
                  value={country}
                  onChange={setCountry}
                />
                <Select label="Fulfilment" options={FULFILMENT_OPTIONS} value={fulfilment} onChange={setFulfilment} />
              </FormLayout.Group>
              <FormLayout.Group condensed>
                <TextField label="Ordered from" type="date" name="from" value={from} onChange={setFrom} autoComplete="off" />
                <TextField label="Ordered to" type="date" name="to" value={to} onChange={setTo} autoComplete="off" />
              </FormLayout.Group>
              <Button submit>Search</Button>
            </FormLayout>
          </Form>
        </div>
        {orders.length === 0 ? (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              No orders match
            </Text>
            <Text as="p" tone="subdued">
              {total === 0 && !params.toString() ? "The order sync (step 5) has not brought in any orders yet." : "Try another search or clear the filters."}
            </Text>
          </BlockStack>
        ) : (
          <BlockStack gap="200">
            <Text as="p" tone="subdued">{`${total} order${total === 1 ? "" : "s"}`}</Text>
            <ul aria-label="Orders" style={{ listStyle: "none", margin: 0, padding: 0 }}>
              {orders.map((order) => (
                <li key={order.id} style={{ padding: "6px 0", borderTop: "1px solid var(--p-color-border-secondary)" }}>
                  <InlineStack align="space-between" blockAlign="center" gap="200">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" fontWeight="semibold">
                        {order.name}
                      </Text>
                      <Text as="span">{order.customerName ?? order.email ?? "No customer"}</Text>
                      {order.shipCountry ? <Badge>{countryName(order.shipCountry)}</Badge> : null}
                      <Text as="span" tone="subdued">
                        {`${dates.date(order.processedAt, "date")} · ${order.itemCount} item${order.itemCount === 1 ? "" : "s"} · ${(order.fulfillmentStatus ?? "unfulfilled").toLowerCase().replace(/_/g, " ")}`}
                      </Text>
                    </InlineStack>
                    <Button accessibilityLabel={`Choose ${order.name}`} pressed={chosenId === order.id} onClick={() => go({ order: order.id })}>
                      {chosenId === order.id ? "Chosen" : "Choose"}
                    </Button>
                  </InlineStack>
                </li>
              ))}
            </ul>
            <InlineStack align="center">
              <Pagination
                hasPrevious={page > 1}
                onPrevious={() => go({ page: String(page - 1) })}
                hasNext={page < pages}
                onNext={() => go({ page: String(page + 1) })}
                label={`Page ${page} of ${pages}`}
              />
            </InlineStack>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
