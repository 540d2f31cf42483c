/** The shop itself, its locales, its markets and its locations, shaped as GraphQL objects. */
import type { DemoStore } from "../../fixtures/demo-store";
import { connection, positional, type ConnectionArgs, type SortedArgs } from "./connections";
import { legacyId, numericId, type Ctx, type Obj } from "./resolver-context";
import { applySearch, wordsMatcher, type SearchFields } from "./search-syntax";

const currencyNames = new Intl.DisplayNames(["en"], { type: "currency" });

const NAME_SEARCH: SearchFields<{ name: string }> = {
  fields: { name: wordsMatcher((x) => x.name) },
  text: (x, v) => x.name.toLowerCase().includes(v.toLowerCase()),
};

function currencySetting(code: string) {
  return { currencyCode: code, currencyName: currencyNames.of(code) ?? code, enabled: true };
}

export function marketView(market: DemoStore["markets"][number], ctx: Ctx): Obj {
  const regions = (args: ConnectionArgs) =>
    positional(market.regions, args, ctx, (region) => ({
      __typename: "MarketRegionCountry",
      id: region.id,
      name: region.name,
      code: region.code,
      currency: currencySetting(market.currencyCode ?? ctx.runtime.data.shop.currencyCode),
    }));
  return {
    __typename: "Market",
    id: market.id,
    name: market.name,
    handle: market.handle,
    status: market.status,
    type: "REGION",
    enabled: market.status === "ACTIVE",
    primary: market.primary,
    currencySettings: market.currencyCode ? { baseCurrency: currencySetting(market.currencyCode), localCurrencies: false } : null,
    conditions: { conditionTypes: ["REGION"], regionsCondition: { applicationLevel: "SPECIFIED", regions } },
    regions,
  };
}

export function locationView(location: DemoStore["locations"][number], ctx: Ctx): Obj {
  const a = location.address;
  return {
    __typename: "Location",
    id: location.id,
    legacyResourceId: legacyId(location.id),
    name: location.name,
    isActive: location.isActive,
    fulfillsOnlineOrders: location.fulfillsOnlineOrders,
    shipsInventory: true,
    address: { ...a, formatted: [a.address1, a.address2, `${a.city} ${a.zip}`, a.country].filter((x): x is string => Boolean(x)) },
    createdAt: ctx.runtime.data.shop.createdAt,
    updatedAt: ctx.runtime.data.shop.createdAt,
  };
}

export function shopView(ctx: Ctx): Obj {
  const shop = ctx.runtime.data.shop;
  const a = shop.billingAddress;
  // One address, served under its current name and the deprecated one.
  const address = {
    ...a,
    id: `gid://shopify/ShopAddress/${legacyId(shop.id)}`,
    formatted: () => [a.address1, a.address2, `${a.city} ${a.zip}`, a.country].filter(Boolean),
    formattedArea: `${a.city}, ${a.country}`,
    coordinatesValidated: false,
    latitude: null,
    longitude: null,
  };
  return { __typename: "Shop", ...shop, shopAddress: address, billingAddress: address, updatedAt: shop.createdAt };
}

/** The root fields for the shop, its locales, markets and locations. */
export const shopRootFields = {
  shop: (_: unknown, ctx: Ctx) => shopView(ctx),
  shopLocales: (args: { published?: boolean | null }, ctx: Ctx) => {
    // `published: true` returns only published locales; false (the schema's default) returns all.
    return ctx.runtime.data.shopLocales.filter((l) => !args.published || l.published);
  },
  markets: (args: SortedArgs, ctx: Ctx) => {
    const markets = applySearch(ctx.runtime.data.markets, args.query, NAME_SEARCH, ctx, "markets");
    return connection(
      markets,
      args,
      ctx,
      (m) => [numericId(m.id), numericId(m.id)],
      (m) => marketView(m, ctx),
    );
  },
  locations: (args: SortedArgs & { includeInactive?: boolean }, ctx: Ctx) => {
    const all = ctx.runtime.data.locations.filter((l) => l.isActive || args.includeInactive);
    const locations = applySearch(all, args.query, NAME_SEARCH, ctx, "locations");
    const byName = args.sortKey !== "ID";
    return connection(
      locations,
      args,
      ctx,
      (l) => [byName ? l.name : numericId(l.id), numericId(l.id)],
      (l) => locationView(l, ctx),
    );
  },
  location: (args: { id?: string | null }, ctx: Ctx) => {
    const location = args.id ? ctx.runtime.data.locations.find((l) => l.id === args.id) : ctx.runtime.data.locations[0];
    return location ? locationView(location, ctx) : null;
  },
};
