import type { RestockLocationsQuery } from "~/types/admin.generated";
import { adminQuery, typed, type AdminGraphql } from "./admin.server";

// Active locations only (Shopify's default): a return is never restocked at a closed one.
const RESTOCK_LOCATIONS_QUERY = `#graphql
  query RestockLocations {
    locations(first: 100, sortKey: NAME) { nodes { id name address { city countryCode } } }
  }
`;

export type StockLocation = { id: string; name: string; place: string | null };

/** The shop's active locations, by name: where returned items may be restocked (read_locations). */
export async function stockLocations(graphql: AdminGraphql): Promise<StockLocation[]> {
  const result = await adminQuery(graphql, RESTOCK_LOCATIONS_QUERY, typed<RestockLocationsQuery>());
  return result.locations.nodes.map((location) => ({
    id: location.id,
    name: location.name,
    place: [location.address.city, location.address.countryCode].filter(Boolean).join(", ") || null,
  }));
}
