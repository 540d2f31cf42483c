import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { API_VERSION } from "~/shopify/api-version";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { EncryptedSessionStorage } from "~/shopify/session-storage.server";
import { recordInstall, refreshShopDates } from "~/shopify/shop.server";
import { rememberStaff } from "~/utils/staff.server";

export { API_VERSION };

const config = env();

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES,
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new EncryptedSessionStorage(db),
  distribution: AppDistribution.AppStore,
  // Admin requests exchange the session token for an online token too: its associated user is
  // the only place Shopify names the person (records then say who, not "Staff <id>"). Background
  // work keeps the offline token (unauthenticated.admin).
  useOnlineTokens: true,
  hooks: {
    // Runs after each token exchange, so once per person and online token (about a day).
    afterAuth: async ({ session, admin }) => {
      await recordInstall(session.shop, session.scope ?? "");
      const user = session.onlineAccessInfo?.associated_user;
      if (user) await rememberStaff(session.shop, user);
      // Dates are written in the shop's zone and locale: read again at each exchange (about daily).
      await refreshShopDates(session.shop, admin.graphql);
    },
  },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
