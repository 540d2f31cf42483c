import { Badge, BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import type { ChecklistItem } from "~/test-returns/test-returns";

/** Step 9's checklist: each item ticks itself from data; an unticked one says what is missing and links to it. */
export function ChecklistCard({ items }: { items: ChecklistItem[] }) {
  const shown = items.filter((item) => item.applies);
  const done = shown.filter((item) => item.done).length;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            What SEKO asks you to test
          </Text>
          <Text as="span" tone="subdued">{`${done} of ${shown.length} done`}</Text>
        </InlineStack>
        <ul aria-label="Test checklist" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {shown.map((item) => (
            <li key={item.id} data-done={item.done ? "yes" : "no"} style={{ padding: "6px 0" }}>
              <InlineStack gap="200" blockAlign="start" wrap={false}>
                <Badge tone={item.done ? "success" : undefined}>{item.done ? "Done" : "To do"}</Badge>
                <BlockStack gap="050">
                  <Text as="span" fontWeight="semibold">
                    {item.label}
                  </Text>
                  {item.missing ? (
                    <Text as="span" tone="subdued">
                      {item.missing} <Link url={item.url}>{item.id === "label-costs" ? "Check label costs" : item.url.includes("onboarding") ? "Open step 1" : "Create a test return"}</Link>
                    </Text>
                  ) : null}
                </BlockStack>
              </InlineStack>
            </li>
          ))}
        </ul>
      </BlockStack>
    </Card>
  );
}
