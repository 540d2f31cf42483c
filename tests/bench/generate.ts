import fs from "node:fs";
import { once } from "node:events";

/**
 * Writes a bulk-operation result file shaped like Shopify's (orders, then
 * their line items with `__parentId`), `orders` long, 1-5 lines per order
 * (3 on average), without holding it in memory.
 */
export async function generateJsonl(file: string, orders: number) {
  const out = fs.createWriteStream(file);
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const start = Date.parse("2026-09-01T00:00:00Z");
  for (let i = 0; i < orders; i++) {
    const id = `gid://shopify/Order/${5_000_000 + i}`;
    const created = new Date(start + i * 30_000).toISOString();
    const order = {
      id,
      name: `#${10_001 + i}`,
      email: `customer${i % 20_000}@example.com`,
      createdAt: created,
      processedAt: created,
      updatedAt: created,
      cancelledAt: null,
      test: false,
      displayFulfillmentStatus: "FULFILLED",
      displayFinancialStatus: "PAID",
      currencyCode: "NZD",
      customer: { id: `gid://shopify/Customer/${i % 20_000}` },
      shippingAddress: {
        firstName: "Aroha",
        lastName: "Ngata",
        name: "Aroha Ngata",
        company: null,
        address1: `${i % 300} Queen Street`,
        address2: "Ponsonby",
        city: "Auckland",
        province: "Auckland",
        provinceCode: "AUK",
        zip: "1011",
        country: "New Zealand",
        countryCodeV2: i % 4 === 0 ? "AU" : "NZ",
      },
      fulfillments: [{ createdAt: created, status: "SUCCESS" }],
    };
    let chunk = JSON.stringify(order) + "\n";
    const lines = 1 + Math.floor(random() * 5);
    for (let l = 0; l < lines; l++) {
      const v = Math.floor(random() * 500);
      chunk +=
        JSON.stringify({
          id: `gid://shopify/LineItem/${(5_000_000 + i) * 10 + l}`,
          sku: `SKU-${v}`,
          title: `Product ${v}`,
          variantTitle: "M",
          quantity: 1,
          currentQuantity: 1,
          unfulfilledQuantity: 0,
          requiresShipping: true,
          originalUnitPriceSet: { shopMoney: { amount: "49.0" } },
          image: { url: `https://cdn.shopify.com/s/files/1/0612/products/p-${v}.jpg` },
          product: { id: `gid://shopify/Product/${v}`, title: `Product ${v}`, tags: v % 6 === 0 ? ["final-sale"] : [] },
          variant: {
            id: `gid://shopify/ProductVariant/${v}`,
            sku: `SKU-${v}`,
            barcode: null,
            title: "M",
            inventoryItem: { harmonizedSystemCode: v % 5 ? "610910" : null, countryCodeOfOrigin: "NZ", measurement: { weight: { value: 200, unit: "GRAMS" } } },
          },
          __parentId: id,
        }) + "\n";
    }
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
