import { BlockStack, Card, InlineStack, Link, List, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { SECTIONS } from "./shared";

export type OverviewData = {
  /** The sync's state and the orders in the app, as one sentence (`syncHeadline` in ./sync-headline.ts). */
  sync: { headline: string };
  productsToFix: number;
  refusedOrders: number;
  ordersSent: number;
  summary: "delivered" | "not-delivered" | "not-sent";
  missingRequiredAccess: number;
};

function Line({ to, title, children }: { to: string; title: string; children: ReactNode }) {
  return (
    <List.Item>
      {/* Underlined: in a line of text, colour alone does not set a link apart (WCAG 1.4.1, tests/e2e/accessibility.spec.ts). */}
      <Link url={`#${to}`}>{title}</Link>: {children}
    </List.Item>
  );
}

const SUMMARY_WORDS = { delivered: "SEKO has it", "not-delivered": "saved, but it has not reached SEKO yet", "not-sent": "not sent yet" } as const;

/** The page at a glance, each line a link to its section further down. */
export function IntegrationOverview({ data }: { data: OverviewData }) {
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            At a glance
          </Text>
        </InlineStack>
        <nav aria-label="Sections of this page">
          <List>
            <Line to={SECTIONS.sync} title="Order sync">
              {data.sync.headline}
            </Line>
            <Line to={SECTIONS.summary} title="Summary for SEKO">
              {SUMMARY_WORDS[data.summary]}
            </Line>
            <Line to={SECTIONS.products} title="Product data">
              {data.productsToFix ? `${data.productsToFix} SKU${data.productsToFix === 1 ? "" : "s"} miss data a return label needs` : "nothing missing"}
            </Line>
            <Line to={SECTIONS.refused} title="Orders SEKO could not take">
              {data.refusedOrders ? `${data.refusedOrders}, each with what to fix` : "none"}
            </Line>
            <Line to={SECTIONS.upload} title="Orders sent to SEKO">
              {data.ordersSent.toLocaleString("en")}
            </Line>
            <Line to={SECTIONS.access} title="Access">
              {data.missingRequiredAccess ? `${data.missingRequiredAccess} required permission${data.missingRequiredAccess === 1 ? "" : "s"} missing` : "everything required is granted"}
            </Line>
            <Line to={SECTIONS.webhooks} title="Live order updates">
              what Shopify reported last
            </Line>
          </List>
        </nav>
      </BlockStack>
    </Card>
  );
}

/** A section of the page the overview links to. */
export function Section({ id, children }: { id: string; children: ReactNode }) {
  return (
    <section id={id} style={{ scrollMarginTop: "16px" }}>
      {children}
    </section>
  );
}
