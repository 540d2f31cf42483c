import { expect, test } from "vitest";
import { db } from "~/utils/db.server";
import { uploadSummary } from "./order-upload.server";

const SHOP = "upload-summary.myshopify.com";
const OTHER = "other-upload-summary.myshopify.com";

let n = 0;
type Seed = { status: string; fulfilled: boolean; test?: boolean; cancelled?: boolean; error?: string; shop?: string };
async function order({ status, fulfilled, test = false, cancelled = false, error, shop = SHOP }: Seed) {
  const i = ++n;
  const processedAt = new Date(Date.UTC(2026, 9, 1, 0, i));
  await db.order.create({
    data: {
      shop,
      shopifyId: `gid://shopify/Order/${i}`,
      name: `#${1000 + i}`,
      currency: "NZD",
      processedAt,
      shopifyUpdatedAt: processedAt,
      fulfilledAt: fulfilled ? processedAt : null,
      cancelledAt: cancelled ? processedAt : null,
      test,
      uploadStatus: status,
      uploadError: error ?? null,
    },
  });
}

test("the upload summary counts the shop's live fulfilled orders by status and its unfulfilled ones as waiting; test and cancelled orders and other shops are left out", async () => {
  await order({ status: "uploaded", fulfilled: true });
  await order({ status: "uploaded", fulfilled: true });
  await order({ status: "pending", fulfilled: true });
  await order({ status: "blocked", fulfilled: true, error: "HS code missing" });
  await order({ status: "failed", fulfilled: true, error: "SEKO answered 500" });
  await order({ status: "partial", fulfilled: true, error: "1 of 2 rows refused" });
  // Waiting: not fulfilled, whatever the status says.
  await order({ status: "waiting", fulfilled: false });
  await order({ status: "pending", fulfilled: false });
  // Left out of the counts.
  await order({ status: "uploaded", fulfilled: true, test: true });
  await order({ status: "pending", fulfilled: false, cancelled: true });
  await order({ status: "uploaded", fulfilled: true, shop: OTHER });
  await order({ status: "blocked", fulfilled: false, shop: OTHER, error: "another shop's problem" });

  const summary = await uploadSummary(SHOP);
  expect(summary).toMatchObject({ uploaded: 2, pending: 1, blocked: 1, failed: 1, partial: 1, waiting: 2 });
  // Problems newest first, this shop's only.
  expect(summary.problems).toEqual([
    { name: "#1006", error: "1 of 2 rows refused" },
    { name: "#1005", error: "SEKO answered 500" },
    { name: "#1004", error: "HS code missing" },
  ]);
});
