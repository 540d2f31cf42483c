import { Badge, BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { useDates } from "../date-setting";
import { CheckFailed, CheckPending } from "./CheckStates";
import { withSavedPortal } from "./saved-portal";
import { useCallback, useEffect, useState } from "react";
import { customerAccountPlacementFrom, type CustomerAccountPlacement } from "~/customer-account/placement";
import { linkPlaced, placementFrom, type StorefrontPlacement } from "~/storefront/placement";

export type PlacementState =
  { status: "loading" } | { status: "ok"; placement: StorefrontPlacement; customerAccount: CustomerAccountPlacement; checkedAt: Date } | { status: "error"; message: string };
type State = PlacementState;

/** Where the admin pages post what App Bridge said about the live theme (app/routes/app.storefront-placement.tsx). */
export const PLACEMENT_REPORT_URL = "/app/storefront-placement";

/**
 * Asks App Bridge where the extensions are (the theme app extension on the published theme, the
 * customer-account extension in customer accounts), on load, when the merchant comes
 * back to this tab (from the theme editor), and on request. Only the browser can ask, so when the
 * answer differs from what the server last heard (`known`: true placed, false not, null never
 * heard) it is posted there: setup health after go-live reads it, and the pages revalidate.
 */
export function usePlacement({ known, enabled = true }: { known?: boolean | null; enabled?: boolean } = {}) {
  const [state, setState] = useState<State>({ status: "loading" });
  const reporter = useFetcher({ key: "storefront-placement" });
  const check = useCallback(() => {
    const app = typeof shopify === "undefined" ? undefined : shopify.app;
    if (!app?.extensions) {
      setState({ status: "error", message: "This admin cannot report theme app extensions. Check the theme editor instead." });
      return;
    }
    app
      .extensions()
      .then((extensions) => setState({ status: "ok", placement: placementFrom(extensions), customerAccount: customerAccountPlacementFrom(extensions), checkedAt: new Date() }))
      .catch(() => setState({ status: "error", message: "Shopify did not say where the returns link is. Try again in a moment." }));
  }, []);
  useEffect(() => {
    if (!enabled) return;
    check();
    const onFocus = () => check();
    window.addEventListener("focus", onFocus);
    return () => window.removeEventListener("focus", onFocus);
  }, [check, enabled]);
  const placed = state.status === "ok" ? linkPlaced(state.placement) : null;
  const idle = reporter.state === "idle";
  const submit = reporter.submit;
  useEffect(() => {
    if (!enabled || known === undefined || placed === null || placed === known || !idle) return;
    submit({ placed: placed ? "yes" : "no" }, { method: "post", action: PLACEMENT_REPORT_URL });
  }, [enabled, known, placed, idle, submit]);
  return { state, check };
}

const EMBED_BADGE = {
  active: { tone: "success", label: "On" },
  available: { tone: "attention", label: "Off" },
  unavailable: { tone: undefined, label: "Hidden until the portal address is saved" },
  missing: { tone: "critical", label: "Not found" },
} as const;

/**
 * The embed's and the block's state on the published theme. `portalSaved`: whether the page's data
 * has a portal address saved; App Bridge's answer is shown in line with it (./saved-portal.ts), so a
 * save shows its effect before App Bridge is asked again.
 */
export function PlacementStatus({ state, onRecheck, embedLink, blockLink, portalSaved }: { state: State; onRecheck: () => void; embedLink: string; blockLink: string; portalSaved?: boolean }) {
  const dates = useDates();
  if (state.status === "loading") {
    // With a portal saved, each line is followed by its button (unless Shopify does not find the extension at all).
    const buttons = portalSaved === true;
    return (
      <CheckPending
        label="Checking your live theme"
        rows={[
          { title: "Site-wide link (app embed)", button: buttons },
          { title: "“Start a return” block", button: buttons },
        ]}
      />
    );
  }
  if (state.status === "error") return <CheckFailed message={state.message} onRecheck={onRecheck} />;
  const placement = portalSaved === undefined ? state.placement : withSavedPortal(state.placement, portalSaved);
  const embed = EMBED_BADGE[placement.embed];
  return (
    <BlockStack gap="300">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">
          Site-wide link (app embed)
        </Text>
        <Badge tone={embed.tone}>{embed.label}</Badge>
      </InlineStack>
      {/* On or off, the line keeps its button, so the card is as tall as while App Bridge was asked (layout shift). */}
      {placement.embed === "available" || placement.embed === "active" ? (
        <InlineStack>
          <Button url={embedLink} target="_blank">
            {placement.embed === "available" ? "Turn on in the theme editor" : "Open in the theme editor"}
          </Button>
        </InlineStack>
      ) : null}
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">
          “Start a return” block
        </Text>
        {placement.blockTemplates.length ? (
          <Badge tone="success">{`Placed on ${placement.blockTemplates.length === 1 ? "1 template" : `${placement.blockTemplates.length} templates`}`}</Badge>
        ) : (
          <Badge>Not placed</Badge>
        )}
        {/* On the badge's line, not one of its own: the card keeps the height it had while App Bridge was asked. */}
        {placement.blockTemplates.length ? (
          <Text as="span" tone="subdued">
            {`Templates: ${placement.blockTemplates.join(", ")}`}
          </Text>
        ) : null}
      </InlineStack>
      {placement.blockStatus !== "unavailable" ? (
        <InlineStack>
          <Button url={blockLink} target="_blank">
            Add the block to a page
          </Button>
        </InlineStack>
      ) : null}
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" tone="subdued">
          {`Checked ${dates.date(state.checkedAt, "time")}, on your published theme.`}
        </Text>
        <Button variant="plain" onClick={onRecheck}>
          Check again
        </Button>
      </InlineStack>
    </BlockStack>
  );
}
