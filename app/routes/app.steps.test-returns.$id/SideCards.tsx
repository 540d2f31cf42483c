import { BlockStack, Card, Text } from "@shopify/polaris";
import { useDates } from "~/components/date-setting";
import { countryName } from "~/components/test-returns/OrderPicker";
import { RETURN_OPTION_LABELS } from "~/return-settings/return-settings";
import type { TestReturnData } from "./route";

/** What was returned, from where, why, and who created and decided it. */
export function DetailsCard({ item }: Pick<TestReturnData, "item">) {
  const dates = useDates();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Details
        </Text>
        <Text as="p">{`Returned from ${countryName(item.originCountry)}`}</Text>
        <Text as="p">{`Reason: ${item.reason}${item.needsReview ? " (needs review)" : ""}`}</Text>
        <Text as="p">{`Option: ${RETURN_OPTION_LABELS[item.returnOption] ?? item.returnOption}`}</Text>
        <ul aria-label="Items" style={{ margin: 0, paddingLeft: 20 }}>
          {item.items.map((line) => (
            <li key={line.lineItemId}>{`${line.quantity} × ${line.title}`}</li>
          ))}
        </ul>
        <Text as="p" tone="subdued">{`Created ${dates.date(item.createdAt)} by ${item.createdBy}`}</Text>
        {item.decision ? <Text as="p">{`Decision: ${item.decisionLabel}, by ${item.decidedBy ?? "someone"} ${dates.date(item.decidedAt)}`}</Text> : null}
      </BlockStack>
    </Card>
  );
}

/** What the return-status block on the order status page would show for this return. */
export function CustomerViewCard({ customerView }: Pick<TestReturnData, "customerView">) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          In the customer&apos;s account
        </Text>
        <Text as="p" tone="subdued">
          What the return-status block on the order status page would show for this return. Customers never see test returns.
        </Text>
        <section aria-label="Return status block preview" style={{ border: "1px solid #e3e3e3", borderRadius: 8, padding: 12 }}>
          {customerView ? (
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {customerView.heading}
              </Text>
              <Text as="p" fontWeight="semibold">
                {customerView.status}
              </Text>
              {customerView.updated ? <Text as="p">{customerView.updated}</Text> : null}
              {customerView.trackingNumber ? <Text as="p">{customerView.trackingNumber}</Text> : null}
            </BlockStack>
          ) : (
            <Text as="p" tone="subdued">
              Nothing yet: the block stays empty until SEKO reports the return.
            </Text>
          )}
        </section>
      </BlockStack>
    </Card>
  );
}
