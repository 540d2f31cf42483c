/**
 * Objects found by their global id: `node`, `nodes` and the root fields that fetch one object
 * (`order`, `product`, `customer`, `theme`...), each answering null for an id of another type.
 */
import { bulkOperationView } from "./bulk-operations";
import { customerView, orderView, visibleOrders } from "./order-resolvers";
import { inventoryItemView, productView, variantView } from "./product-resolvers";
import { gidType, type Ctx, type Obj } from "./resolver-context";
import { findReturnsNode } from "./return-resolvers";
import { locationView, marketView, shopView } from "./shop-resolvers";
import { themeView } from "./theme-resolvers";

function findByGid(ctx: Ctx, id: string): Obj | null {
  const data = ctx.runtime.data;
  switch (gidType(id)) {
    case "Order": {
      const order = visibleOrders(ctx).find((o) => o.id === id);
      return order ? orderView(order, ctx) : null;
    }
    case "Product": {
      const product = ctx.index.products.get(id);
      return product ? productView(product, ctx) : null;
    }
    case "ProductVariant": {
      const entry = ctx.index.variants.get(id);
      return entry ? variantView(entry.variant, entry.product, ctx) : null;
    }
    case "InventoryItem": {
      const entry = ctx.index.inventoryItems.get(id);
      return entry ? inventoryItemView(entry.variant, entry.product, ctx) : null;
    }
    case "Customer": {
      const customer = ctx.index.customers.get(id);
      return customer ? customerView(customer, ctx) : null;
    }
    case "Location": {
      const location = data.locations.find((l) => l.id === id);
      return location ? locationView(location, ctx) : null;
    }
    case "Market": {
      const market = data.markets.find((m) => m.id === id);
      return market ? marketView(market, ctx) : null;
    }
    case "OnlineStoreTheme": {
      const theme = data.themes.find((t) => t.id === id);
      return theme ? themeView(theme, ctx) : null;
    }
    case "BulkOperation": {
      const record = ctx.runtime.bulkOperations.find((r) => r.id === id);
      return record ? bulkOperationView(record, ctx.nowMs) : null;
    }
    case "Shop":
      return id === data.shop.id ? shopView(ctx) : null;
    case "Return":
    case "ReturnLineItem":
    case "ReverseFulfillmentOrder":
    case "ReverseFulfillmentOrderLineItem":
    case "ReverseDelivery":
      return findReturnsNode(ctx, gidType(id)!, id);
    default:
      return null;
  }
}

/** The root fields that fetch objects by id. */
export const nodeLookupRootFields = {
  order: (args: { id: string }, ctx: Ctx) => {
    return gidType(args.id) === "Order" ? findByGid(ctx, args.id) : null;
  },
  product: (args: { id: string }, ctx: Ctx) => (gidType(args.id) === "Product" ? findByGid(ctx, args.id) : null),
  productVariant: (args: { id: string }, ctx: Ctx) => (gidType(args.id) === "ProductVariant" ? findByGid(ctx, args.id) : null),
  inventoryItem: (args: { id: string }, ctx: Ctx) => (gidType(args.id) === "InventoryItem" ? findByGid(ctx, args.id) : null),
  customer: (args: { id: string }, ctx: Ctx) => (gidType(args.id) === "Customer" ? findByGid(ctx, args.id) : null),
  theme: (args: { id: string }, ctx: Ctx) => (gidType(args.id) === "OnlineStoreTheme" ? findByGid(ctx, args.id) : null),
  node: (args: { id: string }, ctx: Ctx) => findByGid(ctx, args.id),
  nodes: (args: { ids: string[] }, ctx: Ctx) => args.ids.map((id) => findByGid(ctx, id)),
};
