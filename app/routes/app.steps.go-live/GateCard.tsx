import type { FetcherWithComponents } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Link, List, Modal, Text } from "@shopify/polaris";
import { useState } from "react";
import { usePlacement } from "~/components/storefront/PlacementStatus";
import { customerAccountPlaced } from "~/customer-account/placement";
import type { GateItem } from "~/guide/go-live-gate";
import { linkPlaced } from "~/storefront/placement";
import type { GoLiveReply } from "./actions.server";
import type { GoLiveData } from "./route";

/**
 * The checks before going live, and "Go live" itself: shut while any of them is open, and
 * otherwise asking first, in a dialog that says what going live does (Polaris' Modal: focus
 * moves into it, Escape or "Not yet" closes it and focus returns to the button).
 */
export function GateCard({
  gate,
  storefrontPlaced,
  customerAccountsLink,
  live,
  fetcher,
}: Pick<GoLiveData, "gate" | "storefrontPlaced" | "customerAccountsLink"> & { live: boolean; fetcher: FetcherWithComponents<GoLiveReply> }) {
  // The theme is only visible to App Bridge in the browser: usePlacement reports its answer to the server
  // (app/routes/app.storefront-placement.tsx), the page reloads, and the gate's storefront item is the server's
  // from then on. "Go live" counts only that stored report; until the server has heard what is shown here, the item waits.
  const { state: placement } = usePlacement({ known: storefrontPlaced });
  const storefront = placement.status === "ok" ? (linkPlaced(placement.placement) ? "placed" : "missing") : "unknown";
  const items: GateItem[] = gate.map((item) =>
    item.id !== "storefront"
      ? item
      : storefront === "placed"
        ? item.done
          ? item
          : { ...item, missing: "Checking your live theme…" }
        : storefront === "missing"
          ? { ...item, done: false, missing: "Your live theme has no returns link: switch the app embed on or add the block." }
          : { ...item, done: false, missing: placement.status === "error" ? placement.message : "Checking your live theme…" },
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
  const [confirming, setConfirming] = useState(false);
  const busy = fetcher.state !== "idle";
  const goLive = () => {
    setConfirming(false);
    fetcher.submit({ intent: "go-live" }, { method: "post" });
  };
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
          <Modal
            open={confirming}
            onClose={() => setConfirming(false)}
            title="Go live with SEKO returns?"
            activator={
              <Button variant="primary" disabled={open.length > 0} loading={busy} onClick={() => setConfirming(true)}>
                Go live
              </Button>
            }
            primaryAction={{ content: "Go live now", onAction: goLive, loading: busy }}
            secondaryActions={[{ content: "Not yet", onAction: () => setConfirming(false) }]}
          >
            <Modal.Section>
              <BlockStack gap="200">
                <Text as="p">Going live starts returns for your customers straight away:</Text>
                <List>
                  <List.Item>The returns link appears on your storefront.</List.Item>
                  <List.Item>Customers can start returns in SEKO&apos;s returns portal.</List.Item>
                  <List.Item>Return labels are charged: SEKO bills every label your customers create.</List.Item>
                  <List.Item>The go-live date is settled and can no longer be changed here.</List.Item>
                </List>
              </BlockStack>
            </Modal.Section>
          </Modal>
        )}
      </BlockStack>
    </Card>
  );
}
