import type { ShopInfoQuery } from "~/types/admin.generated";
import { adminQuery, typed, type AdminGraphql } from "./admin.server";

const SHOP_INFO = `#graphql
  query ShopInfo {
    shop {
      name
      myshopifyDomain
      email
      currencyCode
    }
  }
`;

export type ShopInfo = ShopInfoQuery["shop"];

export async function getShopInfo(graphql: AdminGraphql): Promise<ShopInfo> {
  return (await adminQuery(graphql, SHOP_INFO, typed<ShopInfoQuery>())).shop;
}
