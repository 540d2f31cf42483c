import fs from "node:fs";
import { describe, expect, test } from "vitest";
import { DEMO_API_SECRET, DEMO_SCOPES, DEMO_SHOP } from "../setup/config";
import { installShop } from "../setup/order-sync";
import { APP_URL } from "../setup/requests";
import { action as scopesUpdate } from "~/routes/webhooks.app.scopes_update";
import { db } from "~/utils/db.server";
import { readWebhookConfig } from "./live-store";
import { changeScopes, declaredScopes, scopesUpdateRequest } from "./scopes";

const toml = fs.readFileSync("shopify.app.toml", "utf8");
const declared = declaredScopes(toml);

describe("the simulated Shopify's optional scopes", () => {
  test("reads what shopify.app.toml declares: the required scopes and the optional ones", () => {
    expect(declared.required.join(",")).toBe(DEMO_SCOPES);
    expect(declared.optional).toEqual(["read_all_orders", "read_markets", "write_returns"]);
  });

  test("a grant adds declared optional scopes, a revoke takes them away; anything else is refused", () => {
    const granted = changeScopes(declared, DEMO_SCOPES, { grant: ["read_markets"] });
    expect(granted).toEqual({ scopes: `${DEMO_SCOPES},read_markets` });
    expect(changeScopes(declared, `${DEMO_SCOPES},read_markets`, { revoke: ["read_markets"] })).toEqual({ scopes: DEMO_SCOPES });
    // A required scope is never revoked, an undeclared one never granted, and a request names something.
    expect(changeScopes(declared, DEMO_SCOPES, { revoke: ["read_orders"] })).toMatchObject({ error: expect.stringContaining("read_orders") });
    expect(changeScopes(declared, DEMO_SCOPES, { grant: ["write_orders"] })).toMatchObject({ error: expect.stringContaining("optional_scopes") });
    expect(changeScopes(declared, DEMO_SCOPES, { grant: "read_markets" })).toHaveProperty("error");
    expect(changeScopes(declared, DEMO_SCOPES, {})).toHaveProperty("error");
  });

  test("the grant's app/scopes_update webhook is signed as Shopify signs it, and the app records the new scopes", async () => {
    await installShop(DEMO_SHOP);
    const current = `${DEMO_SCOPES},read_all_orders`;
    const request = scopesUpdateRequest({ shop: DEMO_SHOP, appUrl: APP_URL, apiSecret: DEMO_API_SECRET, webhooks: readWebhookConfig(toml), previous: DEMO_SCOPES, current });
    expect(new URL(request!.url).pathname).toBe("/webhooks/app/scopes_update");
    const response = await scopesUpdate({ request: request!, params: {}, context: {} });
    expect(response.status).toBe(200);
    expect((await db.shop.findUniqueOrThrow({ where: { shop: DEMO_SHOP } })).scopes).toBe(current);
    expect((await db.session.findFirstOrThrow({ where: { shop: DEMO_SHOP, isOnline: false } })).scope).toBe(current);
  });
});
