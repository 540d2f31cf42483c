import { ApiVersion } from "@shopify/shopify-api";

/**
 * The Admin API version every call and webhook uses. Moving to the next one is this line, the
 * `api_version` in shopify.app.toml, and the schema package that publishes it
 * (`npm install -D -E @shopify/dev-mcp@<version that ships admin_<next>.json.gz>`); the schema
 * check in the test suite then says which documents no longer fit.
 */
export const API_VERSION = ApiVersion.October26;
