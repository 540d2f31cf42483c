import { Session } from "@shopify/shopify-api";
import { expect, test } from "vitest";
import { sessionStorage } from "~/shopify.server";
import { db } from "~/utils/db.server";

test("access and refresh tokens are stored encrypted and load back in clear", async () => {
  const session = new Session({ id: "offline_enc.myshopify.com", shop: "enc.myshopify.com", state: "", isOnline: false });
  session.accessToken = "shpat_visible_only_in_memory";
  session.refreshToken = "shprt_visible_only_in_memory";
  await sessionStorage!.storeSession(session);

  const row = await db.session.findUniqueOrThrow({ where: { id: session.id } });
  expect(row.accessToken).not.toContain("shpat_");
  expect(row.refreshToken).not.toContain("shprt_");

  const loaded = await sessionStorage!.loadSession(session.id);
  expect(loaded?.accessToken).toBe("shpat_visible_only_in_memory");
  expect(loaded?.refreshToken).toBe("shprt_visible_only_in_memory");
  expect(session.accessToken).toBe("shpat_visible_only_in_memory"); // the caller's object is untouched
});

test("a cached session is not served after app/uninstalled deletes it", async () => {
  const { action } = await import("~/routes/webhooks.app.uninstalled");
  const { webhookRequest } = await import("#tests/setup/requests");
  const session = new Session({ id: "offline_gone.myshopify.com", shop: "gone.myshopify.com", state: "", isOnline: false });
  session.accessToken = "shpat_soon_revoked";
  await sessionStorage!.storeSession(session);
  expect(await sessionStorage!.loadSession(session.id)).toBeDefined(); // now cached

  await action({ request: webhookRequest({ topic: "app/uninstalled", shop: "gone.myshopify.com", body: {} }), params: {}, context: {} });
  expect(await sessionStorage!.loadSession(session.id)).toBeUndefined();
});
