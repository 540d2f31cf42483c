import { expect, test } from "vitest";
import { allowFrameAncestors } from "./headers.server";

test("extra frame ancestors are appended to Shopify's policy and nothing else changes", () => {
  const headers = new Headers({ "Content-Security-Policy": "frame-ancestors https://shop.myshopify.com https://admin.shopify.com;" });
  allowFrameAncestors(headers, ["http://localhost:3001"]);
  expect(headers.get("Content-Security-Policy")).toBe("frame-ancestors https://shop.myshopify.com https://admin.shopify.com http://localhost:3001;");
  const untouched = new Headers({ "Content-Security-Policy": "frame-ancestors 'none';" });
  allowFrameAncestors(untouched, []);
  expect(untouched.get("Content-Security-Policy")).toBe("frame-ancestors 'none';");
});
