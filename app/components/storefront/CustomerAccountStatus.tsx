import { Badge, BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { useDates } from "../date-setting";
import { CheckFailed, CheckPending } from "./CheckStates";
import type { PlacementState } from "./PlacementStatus";

/**
 * Where the customer-account extension stands (App Bridge's app.extensions(), asked by usePlacement):
 * "Start a return" in the order's actions, and the return-status block on the order status page, with
 * the link to the customer accounts editor where the merchant places the block.
 */
export function CustomerAccountStatus({ state, onRecheck, editorLink }: { state: PlacementState; onRecheck: () => void; editorLink: string }) {
  const dates = useDates();
  if (state.status === "loading") {
    // The status block's line is always followed by the editor's button.
    return <CheckPending label="Checking customer accounts" rows={[{ title: "“Start a return” on orders" }, { title: "Return status on the order status page", button: true }]} />;
  }
  if (state.status === "error") {
    return (
      <CheckFailed message={state.message} onRecheck={onRecheck} recheckLabel="Check customer accounts again">
        <Button url={editorLink} target="_blank">
          Open the customer accounts editor
        </Button>
      </CheckFailed>
    );
  }
  const { customerAccount } = state;
  if (!customerAccount.deployed) {
    return (
      <Text as="p" tone="subdued">
        The customer accounts extension is not part of the installed app version yet, or your store uses legacy customer accounts (extensions need the new ones).
      </Text>
    );
  }
  return (
    <BlockStack gap="300">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">
          “Start a return” on orders
        </Text>
        {customerAccount.orderAction ? <Badge tone="success">Active</Badge> : <Badge>Not active</Badge>}
      </InlineStack>
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">
          Return status on the order status page
        </Text>
        {customerAccount.statusBlock ? <Badge tone="success">Placed</Badge> : <Badge tone="attention">Not placed</Badge>}
      </InlineStack>
      {/* Placed or not, the editor's button stays, so the card is as tall as while App Bridge was asked (layout shift). */}
      <InlineStack>
        <Button url={editorLink} target="_blank">
          {customerAccount.statusBlock ? "Open the customer accounts editor" : "Add it in the customer accounts editor"}
        </Button>
      </InlineStack>
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" tone="subdued">
          {`Checked ${dates.date(state.checkedAt, "time")}.`}
        </Text>
        <Button variant="plain" onClick={onRecheck} accessibilityLabel="Check customer accounts again">
          Check again
        </Button>
      </InlineStack>
    </BlockStack>
  );
}
