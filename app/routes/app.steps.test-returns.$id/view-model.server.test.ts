import { expect, test } from "vitest";
import { authenticateTrackingDelivery, rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import { db } from "~/utils/db.server";
import { testReturnView } from "./view-model.server";

const SHOP = "demo-returns-store.myshopify.com";
const OTHER = "other-store.myshopify.com";

const labelled = (shop: string, connote: string) =>
  db.testReturn.create({
    data: { shop, orderId: "gid://shopify/Order/1", orderName: "#1001", items: "[]", reason: "Too small", returnOption: "refund", originCountry: "NZ", state: "labelled", connote, createdBy: "42" },
  });

test("a test return waiting for statuses carries the shop's refused tracking deliveries, never another shop's", async () => {
  const mine = await labelled(SHOP, "SEKO1234567");
  const theirs = await labelled(OTHER, "SEKO7654321");
  const credentials = await rotateTrackingCredentials(SHOP, "42");
  await rotateTrackingCredentials(OTHER, "42");
  expect((await testReturnView(SHOP, mine.id))?.trackingRefusals).toBeNull();

  await authenticateTrackingDelivery(new URL(credentials.url).pathname.split("/").pop()!, new Headers({ Username: credentials.username, Password: "wrong" }));
  expect((await testReturnView(SHOP, mine.id))?.trackingRefusals).toEqual({ count: 1, reason: "wrong username or password", lastAt: expect.any(String) });
  expect((await testReturnView(OTHER, theirs.id))?.trackingRefusals).toBeNull();
});
