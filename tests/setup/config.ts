import fs from "node:fs";

function declaredScopes() {
  const toml = fs.readFileSync(new URL("../../shopify.app.toml", import.meta.url), "utf8");
  const scopes = /^scopes\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (!scopes) throw new Error("shopify.app.toml declares no [access_scopes] scopes");
  return scopes;
}

/**
 * The configuration the tests and the offline demo run the app with. These are
 * throwaway values for a simulated store: nothing here works against Shopify.
 */
export const DEMO_SHOP = "demo-returns-store.myshopify.com";
export const DEMO_API_KEY = "demo-seko-returns-client-id";
export const DEMO_API_SECRET = "demo-seko-returns-client-secret";
/**
 * The scopes shopify.app.toml declares: a Shopify-managed install grants exactly these, so the
 * simulated Shopify grants them too and every test runs with the access a real store would give.
 */
export const DEMO_SCOPES = declaredScopes();
/** 32 zero-free bytes, base64: a fixed key so demo data survives restarts. */
export const DEMO_ENCRYPTION_KEY = Buffer.from("demo-encryption-key-32-bytes-ok!").toString("base64");

/** The "SEKO account manager" that on-boarding submissions are emailed to (a local SMTP capture). */
export const DEMO_SEKO_ONBOARDING_EMAIL = "account-manager@seko.example";

export function appEnv(options: { appUrl: string; databaseUrl: string; adminOrigin?: string; smtpUrl?: string }) {
  return {
    SHOPIFY_API_KEY: DEMO_API_KEY,
    SHOPIFY_API_SECRET: DEMO_API_SECRET,
    SHOPIFY_APP_URL: options.appUrl,
    SCOPES: DEMO_SCOPES,
    DATABASE_URL: options.databaseUrl,
    ENCRYPTION_KEY: DEMO_ENCRYPTION_KEY,
    SEKO_ONBOARDING_EMAIL: DEMO_SEKO_ONBOARDING_EMAIL,
    // SEKO's real agreement is not public: the demo and the tests sign a text labelled as a demo.
    SEKO_AGREEMENT_DEMO: "true",
    ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
    ...(options.adminOrigin ? { FRAME_ANCESTORS: options.adminOrigin, APP_BRIDGE_URL: `${options.adminOrigin}/app-bridge.js` } : {}),
  };
}
