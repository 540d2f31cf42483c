import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Link, List, Text } from "@shopify/polaris";
import type { IntegrationSummary } from "~/integration/summary.server";
import type { MissingField, VariantToFix } from "~/shopify/products";
import { useDates } from "../date-setting";
import { LabelledDataTable } from "../LabelledDataTable";
import { Disclosure, PagedRows } from "./Disclosure";
import { countryLabel, useToastOnResult, type ActionResult } from "./shared";

const FIELD_LABEL: Record<MissingField, string> = { hsCode: "HS code", countryOfOrigin: "country of origin", weight: "weight" };

/** When the figures were computed; `updating`: before the orders an import is still writing (app/shopify/products.server.ts). */
export type ReadinessAsOf = { asOf: string | null; updating: boolean };

/**
 * Per country the merchant offers returns from: the sold SKUs that lack what a label from there needs, and the variants to fix.
 * During an import the figures can be some seconds old, and the card says as of when.
 */
export function ReadinessCard({ readiness, toFix, offered, asOf }: { readiness: IntegrationSummary["productReadiness"]; toFix: VariantToFix[]; offered: string[]; asOf: ReadinessAsOf }) {
  const fetcher = useFetcher<ActionResult>();
  useToastOnResult(fetcher.data);
  const dates = useDates();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Product data for return labels
          </Text>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="refresh-products" />
            <Button submit loading={fetcher.state !== "idle"}>
              Check again
            </Button>
          </fetcher.Form>
        </InlineStack>
        {asOf.updating ? (
          <Banner tone="info" title={`Figures as of ${dates.date(asOf.asOf, "date-time")}, updating while orders import`}>
            <Text as="p">They leave out the orders imported since. They are brought up to date every half minute or so (reload the page to see them) and in full once the import has finished.</Text>
          </Banner>
        ) : null}
        <Text as="p" tone="subdued">
          A return from another country crosses a border: its label needs each item&apos;s HS code, country of origin and weight. A domestic return needs no HS code, but SEKO's order rows still carry
          the country of origin and the weight. {offered.length ? "Countries you offer returns from (step 1):" : "Every country you sold to (step 1 does not list your return countries yet):"}
        </Text>
        {readiness.byCountry.length === 0 ? (
          <Text as="p">No orders synced {offered.length ? "to these countries " : ""}yet.</Text>
        ) : (
          <LabelledDataTable
            label="Missing product data by country"
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
            headings={["Country", "SKUs sold", "No HS code", "No origin", "No weight", "Missing data"]}
            rows={readiness.byCountry.map((c) => [
              `${countryLabel(c.country)}${c.international ? "" : " (domestic)"}`,
              c.skus,
              c.missingHsCode ?? "not needed",
              c.missingOrigin ?? "not needed",
              c.missingWeight,
              `${c.incompleteShare}%`,
            ])}
          />
        )}
        {toFix.length ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Products to fix in Shopify
            </Text>
            <Text as="p">
              {readiness.skusMissingData} SKU{readiness.skusMissingData === 1 ? "" : "s"} miss data a return label needs
              {toFix.length < readiness.skusMissingData ? `; the ${toFix.length} sold into the most countries are listed` : ""}.
            </Text>
            <Disclosure label={`the ${toFix.length} SKU${toFix.length === 1 ? "" : "s"} to fix`}>
              <PagedRows
                items={toFix}
                label="Pages of products to fix"
                render={(page) => (
                  <List>
                    {page.map((item) => (
                      <List.Item key={item.variantId}>
                        {item.fixUrl ? (
                          <Link url={item.fixUrl} target="_top">
                            {item.title}
                          </Link>
                        ) : (
                          item.title
                        )}{" "}
                        {item.sku ? `(${item.sku})` : ""}: no {item.missing.map((m) => FIELD_LABEL[m]).join(", no ")}; needed for returns from {item.countries.map(countryLabel).join(", ")}
                      </List.Item>
                    ))}
                  </List>
                )}
              />
            </Disclosure>
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
