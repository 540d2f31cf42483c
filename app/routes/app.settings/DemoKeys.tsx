import { Banner, BlockStack, Text } from "@shopify/polaris";

/** The offline demo only (SEKO_DEMO_KEYS): which keys its simulated SEKO takes, field by field. */
export function DemoKeys({ fields }: { fields: { field: string; value: string }[] }) {
  return (
    <Banner tone="info" title="Offline demo: the simulated SEKO's keys">
      <BlockStack gap="200">
        <Text as="p">
          {fields.length
            ? "Type these into the fields below, exactly as shown. The simulated SEKO takes them on Test and Production alike and refuses any other key or retailer name, as SEKO does."
            : "Every system is connected with the demo's keys."}
        </Text>
        {fields.length ? (
          <ul aria-label="The demo's SEKO keys" style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
            {fields.map((item) => (
              <li key={item.field}>
                {item.field}: <code>{item.value}</code>
              </li>
            ))}
          </ul>
        ) : null}
        <Text as="p" tone="subdued">
          A real store gets its keys and retailer name from its SEKO account manager.
        </Text>
      </BlockStack>
    </Banner>
  );
}
