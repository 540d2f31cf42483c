import { z } from "zod";
import type { AdminGraphql } from "./admin.server";
import { adminQuery } from "./admin.server";

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

const shopInfo = z.object({
  shop: z.object({
    name: z.string(),
    myshopifyDomain: z.string(),
    email: z.string(),
    currencyCode: z.string(),
  }),
});

export type ShopInfo = z.infer<typeof shopInfo>["shop"];

export async function getShopInfo(graphql: AdminGraphql): Promise<ShopInfo> {
  return (await adminQuery(graphql, SHOP_INFO, shopInfo)).shop;
}
