import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";
import { API_VERSION } from "./app/shopify/api-version";

// Types for every `#graphql` operation in app/, from the published schema that
// `npm run graphql-codegen` writes to app/types first (nothing is downloaded).
export default {
  schema: `./app/types/admin-${API_VERSION}.schema.json`,
  documents: ["./app/**/*.{ts,tsx}", "!./app/**/*.test.{ts,tsx}"],
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion: API_VERSION,
      documents: ["./app/**/*.{ts,tsx}", "!./app/**/*.test.{ts,tsx}"],
      outputDir: "./app/types",
    }),
  },
};
