/**
 * What the Storefront page shows of App Bridge's answer next to the portal address as saved. Pure.
 * Shopify hides the embed and the block while no portal address is saved (their `available_if` reads
 * the `portal_set` metafield, docs/storefront.md), so an answer given before a save, or before a
 * removal, is out of date the moment the page reloads its data: the page shows the state the save
 * implies at once and asks App Bridge again (app/routes/app.storefront.tsx), whose new answer then
 * replaces it.
 */
import type { StorefrontPlacement } from "~/storefront/placement";

type Availability = StorefrontPlacement["embed"];

function inLineWithPortal(status: Availability, portalSaved: boolean): Availability {
  // Saved: placeable, and off until the merchant switches it on (what Shopify reports right after).
  if (status === "unavailable" && portalSaved) return "available";
  // Removed: Shopify hides it again, wherever it was.
  if ((status === "available" || status === "active") && !portalSaved) return "unavailable";
  return status;
}

/** App Bridge's placement with the embed's and the block's availability in line with the saved portal address. */
export function withSavedPortal(placement: StorefrontPlacement, portalSaved: boolean): StorefrontPlacement {
  return { ...placement, embed: inLineWithPortal(placement.embed, portalSaved), blockStatus: inLineWithPortal(placement.blockStatus, portalSaved) };
}
