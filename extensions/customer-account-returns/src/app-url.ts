/**
 * The app's address, the only host the extension calls. It must equal `application_url` in
 * shopify.app.toml (a test checks it): `shopify app config link` sets that one, and this follows it
 * before `shopify app deploy` (docs/customer-accounts.md).
 */
export const APP_URL = "https://example.com";
export const RETURNS_ENDPOINT = `${APP_URL}/customer-account/returns`;
