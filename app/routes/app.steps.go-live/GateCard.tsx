import type { FetcherWithComponents } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { usePlacement } from "~/components/storefront/PlacementStatus";
import { customerAccountPlaced } from "~/customer-account/placement";
import type { GateItem } from "~/guide/go-live-gate";
import { linkPlaced } from "~/storefront/link";
import type { GoLiveReply } from "./actions.server";
import type { GoLiveData } from "./route";

/** The checks before going live, and "Go live" itself while any of them is open. */
export function GateCard({
  gate,
  storefrontPlaced,
  customerAccountsLink,
  live,
  fetcher,
}: Pick<GoLiveData, "gate" | "storefrontPlaced" | "customerAccountsLink"> & { live: boolean; fetcher: FetcherWithComponents<GoLiveReply> }) {
  const { state: placement } = usePlacement({ known: storefrontPlaced });
  // The theme is only visible to App Bridge in the browser: the storefront item is decided here and posted with "Go live".
  const storefront = placement.status === "ok" ? (linkPlaced(placement.placement) ? "placed" : "missing") : "unknown";
  const items: GateItem[] = gate.map((item) =>
    item.id !== "storefront"
      ? item
      : storefront === "placed"
        ? { ...item, done: true, missing: undefined }
        : storefront === "missing"
          ? { ...item, missing: "Your live theme has no returns link: switch the app embed on or add the block." }
          : { ...item, missing: placement.status === "error" ? placement.message : "Checking your live theme…" },
  );
  // Customer accounts (issue 16): shown, and linked to the editor, but advisory: stores on legacy
  // customer accounts cannot have the extension, and the storefront link already reaches the portal.
  if (placement.status === "ok") {
    const placed = customerAccountPlaced(placement.customerAccount);
    items.push({
      id: "customer-accounts",
      label: "Return status in customer accounts (recommended)",
      done: placed,
      missing: placed ? undefined : "Add the return-status block to the order status page in the customer accounts editor.",
      url: customerAccountsLink,
      advisory: true,
    });
  }
  const open = items.filter((item) => !item.done && !item.advisory);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Before going live
        </Text>
        <ul aria-label="Go-live checks" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {items.map((item) => (
            <li key={item.id} style={{ padding: "6px 0" }}>
              <InlineStack gap="200" blockAlign="start" wrap={false}>
                <Badge tone={item.done ? "success" : item.advisory ? "info" : undefined}>{item.done ? "Done" : item.advisory ? "Recommended" : "To do"}</Badge>
                <BlockStack gap="050">
                  <Text as="span" fontWeight="semibold">
                    {item.label}
                  </Text>
                  {item.missing ? (
                    <Text as="span" tone="subdued">
                      {item.missing}{" "}
                      {item.advisory ? (
                        <Link url={item.url} target="_blank">
                          Open the customer accounts editor
                        </Link>
                      ) : (
                        <Link url={item.url}>Go there</Link>
                      )}
                    </Text>
                  ) : null}
                </BlockStack>
              </InlineStack>
            </li>
          ))}
        </ul>
        {live ? null : (
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="go-live" />
            <input type="hidden" name="storefront" value={storefront} />
            <Button submit variant="primary" disabled={open.length > 0} loading={fetcher.state !== "idle"}>
              Go live
            </Button>
          </fetcher.Form>
        )}
      </BlockStack>
    </Card>
  );
}
