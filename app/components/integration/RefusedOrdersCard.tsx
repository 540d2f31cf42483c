import { useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Link, List, Pagination, Text } from "@shopify/polaris";
import type { RefusedOrdersPage } from "~/shopify/products.server";
import { Disclosure } from "./Disclosure";
import { SECTIONS } from "./shared";

export const REFUSED_PAGE_PARAM = "refused";

const STATUS = {
  blocked: { label: "Not sent", tone: "critical" },
  partial: { label: "Sent in part", tone: "warning" },
  failed: { label: "Retrying", tone: "attention" },
} as const;

/** Every order SEKO could not take, a page at a time, each with why and where to fix it. */
export function RefusedOrdersCard({ refused }: { refused: RefusedOrdersPage }) {
  const [params, setParams] = useSearchParams();
  const go = (page: number) => {
    const next = new URLSearchParams(params);
    next.set(REFUSED_PAGE_PARAM, String(page));
    setParams(next, { preventScrollReset: true });
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Orders SEKO could not take
        </Text>
        {refused.total === 0 ? (
          <Text as="p">None: every order sent so far went to SEKO whole.</Text>
        ) : (
          <>
            <Text as="p" tone="subdued">
              {refused.total} order{refused.total === 1 ? "" : "s"}. Fix what is named in Shopify, then use &ldquo;Check again&rdquo; under product data: the orders are sent again.
            </Text>
            <Disclosure label={`the ${refused.total} order${refused.total === 1 ? "" : "s"}, with what to fix`} initiallyOpen={params.has(REFUSED_PAGE_PARAM)}>
              <BlockStack gap="300">
                <List>
                  {refused.orders.map((order) => (
                    <List.Item key={order.name}>
                      <BlockStack gap="100">
                        <InlineStack gap="200" blockAlign="center">
                          {order.orderUrl ? (
                            <Link url={order.orderUrl} target="_top">
                              Order {order.name}
                            </Link>
                          ) : (
                            <Text as="span">Order {order.name}</Text>
                          )}
                          <Badge tone={STATUS[order.status].tone}>{STATUS[order.status].label}</Badge>
                        </InlineStack>
                        <Text as="p">{order.outcome}</Text>
                        {order.problems.length ? (
                          <List type="bullet">
                            {order.problems.map((problem) => (
                              <List.Item key={problem.text}>
                                {problem.text}
                                {problem.fixUrl ? (
                                  <>
                                    {" · "}
                                    <Link url={problem.fixUrl} target="_top">
                                      fix in Shopify
                                    </Link>
                                  </>
                                ) : null}
                              </List.Item>
                            ))}
                          </List>
                        ) : null}
                      </BlockStack>
                    </List.Item>
                  ))}
                </List>
                {refused.pages > 1 ? (
                  <nav aria-label={`Pages of orders SEKO could not take`} id={`${SECTIONS.refused}-pages`}>
                    <Pagination
                      hasPrevious={refused.page > 1}
                      onPrevious={() => go(refused.page - 1)}
                      hasNext={refused.page < refused.pages}
                      onNext={() => go(refused.page + 1)}
                      label={`Page ${refused.page} of ${refused.pages}`}
                    />
                  </nav>
                ) : null}
              </BlockStack>
            </Disclosure>
          </>
        )}
      </BlockStack>
    </Card>
  );
}
