/** The simulated Shopify's app-data metafields: the rules of metafieldsSet the app must cope with. */
import { describe, expect, test } from "vitest";
import { DEMO_SHOP } from "../setup/config";
import { issueAccessToken, shopifyStore } from "./shopify";
import { SIMULATED_API_CLIENT_ID } from "./shopify/app-metafields";

async function admin(query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`https://${DEMO_SHOP}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": issueAccessToken(DEMO_SHOP) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string }[] };
}

const INSTALLATION = `query { currentAppInstallation { id metafield(namespace: "returns_link", key: "live") { value type } } }`;
const SET = `mutation Set($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { metafields { namespace key value } userErrors { field code message elementIndex } } }`;

describe("metafieldsSet on the app installation", () => {
  test("creates, then updates, a metafield the installation query reads back", async () => {
    const ownerId = (await admin(INSTALLATION)).data.currentAppInstallation.id as string;
    await admin(SET, { metafields: [{ ownerId, namespace: "returns_link", key: "live", type: "boolean", value: "false" }] });
    const updated = await admin(SET, { metafields: [{ ownerId, namespace: "returns_link", key: "live", value: "true" }] });
    expect(updated.data.metafieldsSet).toEqual({ metafields: [{ namespace: "returns_link", key: "live", value: "true" }], userErrors: [] });
    expect((await admin(INSTALLATION)).data.currentAppInstallation.metafield).toEqual({ value: "true", type: "boolean" });
  });

  test("is atomic: one invalid value (a blank, a non-URL, a non-boolean) and nothing is written", async () => {
    const ownerId = (await admin(INSTALLATION)).data.currentAppInstallation.id as string;
    const result = await admin(SET, {
      metafields: [
        { ownerId, namespace: "returns_link", key: "portal_url", type: "url", value: "https://returns.example.test" },
        { ownerId, namespace: "returns_link", key: "bad_url", type: "url", value: "javascript:alert(1)" },
        { ownerId, namespace: "returns_link", key: "blank", type: "single_line_text_field", value: "" },
        { ownerId, namespace: "returns_link", key: "flag", type: "boolean", value: "yes" },
      ],
    });
    expect(result.data.metafieldsSet.metafields).toBeNull();
    expect(result.data.metafieldsSet.userErrors.map((e: { code: string; elementIndex: number }) => [e.elementIndex, e.code])).toEqual([
      [1, "INVALID_VALUE"],
      [2, "BLANK"],
      [3, "INVALID_VALUE"],
    ]);
    expect(shopifyStore().appMetafields).toEqual([]);
  });

  test("a $app namespace is stored under the app's reserved prefix", async () => {
    const ownerId = (await admin(INSTALLATION)).data.currentAppInstallation.id as string;
    const result = await admin(SET, { metafields: [{ ownerId, namespace: "$app:returns", key: "live", type: "boolean", value: "true" }] });
    expect(result.data.metafieldsSet.metafields[0].namespace).toBe(`app--${SIMULATED_API_CLIENT_ID}--returns`);
  });

  test("refuses more than 25 at once", async () => {
    const ownerId = (await admin(INSTALLATION)).data.currentAppInstallation.id as string;
    const metafields = Array.from({ length: 26 }, (_, i) => ({ ownerId, namespace: "returns_link", key: `k${i}x`, type: "boolean", value: "true" }));
    expect((await admin(SET, { metafields })).data.metafieldsSet.userErrors[0].code).toBe("LESS_THAN_OR_EQUAL_TO");
  });
});
