/**
 * `npm run lint` (part of `npm test`). Its main job is the layers of docs/architecture.md: an import
 * that runs back up fails with the importing file, the line and the rule
 * (`import/no-restricted-paths`, or `layers/known-folder` for a folder that is in no layer).
 * Beyond that, only rules that catch bugs (ESLint's and typescript-eslint's recommended sets, the
 * rules of hooks); formatting is Prettier's (`npm run format:check`).
 */
import path from "node:path";
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import importPlugin from "eslint-plugin-import";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * The features, in order: a feature may import only the features listed before it, so no two
 * folders import each other. A new feature folder goes in this list, where its imports allow.
 */
const FEATURES = [
  "outbox",
  "forms",
  "return-settings",
  "integration",
  "contracts",
  "team",
  "handover",
  "notifications",
  "test-returns",
  "launch",
  "returns",
  "storefront",
  "customer-account",
  "privacy",
];

/** The layers of app/, top first: a layer imports only the layers below it (and itself). */
const LAYERS = [
  { name: "routes", paths: ["app/routes", "app/root.tsx", "app/entry.server.tsx", "app/routes.ts"] },
  { name: "job-handlers", paths: ["app/job-handlers.server.ts"] },
  { name: "components", paths: ["app/components"] },
  { name: "guide", paths: ["app/guide"] },
  // The last feature is the top one: it may import all the others.
  ...FEATURES.toReversed().map((feature) => ({ name: feature, paths: [`app/${feature}`], feature: true })),
  { name: "platform (seko, shopify)", paths: ["app/seko", "app/shopify", "app/shopify.server.ts"] },
  { name: "utils", paths: ["app/utils", "app/types"] },
];

function why(layer, above) {
  if (layer.feature && above.feature) {
    return `app/${layer.name} may not import app/${above.name}: a feature imports only the features listed before it (FEATURES in eslint.config.js).`;
  }
  return `The ${layer.name} layer may not import the ${above.name} layer: imports run downward only (LAYERS in eslint.config.js, docs/architecture.md).`;
}

const zones = [
  ...LAYERS.flatMap((layer, index) => LAYERS.slice(0, index).map((above) => ({ target: layer.paths, from: above.paths, message: why(layer, above) }))),
  {
    target: ["app/seko"],
    from: ["app/shopify", "app/shopify.server.ts"],
    message: "SEKO code knows nothing of Shopify: app/seko may not import app/shopify (docs/architecture.md).",
  },
  {
    target: ["app"],
    from: ["tests"],
    message: "App code does not import tests/: only test files (*.test.ts) may.",
  },
];

/** Every file in app/ belongs to a layer; a folder in none would be held to no rule. */
const layerPaths = LAYERS.flatMap((layer) => layer.paths);
const layers = {
  rules: {
    "known-folder": {
      meta: { type: "problem", schema: [] },
      create(context) {
        const file = path
          .relative(import.meta.dirname, context.physicalFilename)
          .split(path.sep)
          .join("/");
        if (layerPaths.some((known) => file === known || file.startsWith(`${known}/`))) return {};
        return {
          Program(node) {
            context.report({
              node,
              message: `${file} is in no layer of eslint.config.js: move it into one, or add its folder to FEATURES (or LAYERS).`,
            });
          },
        };
      },
    },
  },
};

const testFiles = ["**/*.test.ts", "**/*.test.tsx"];

export default defineConfig(
  {
    ignores: ["build/", ".bench/", "node_modules/", "app/types/", ".cache/", ".shopify/", ".demo/", "test-results/", "playwright-report/", "tests/.db/", "extensions/*/dist/", "public/"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // Type-level escape hatches are the type checker's business (tsconfig.json is strict).
      "@typescript-eslint/no-explicit-any": "off",
      // A leading underscore marks a binding that is there on purpose (a rest sibling, a fixed signature).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      // Stripping control characters out of text is what such a regular expression is for (app/seko/errors.ts).
      "no-control-regex": "off",
    },
  },
  {
    // Plain scripts served to a browser as they are (tests/demo/app-bridge.js), written in ES5 style.
    files: ["**/*.js"],
    rules: { "@typescript-eslint/no-this-alias": "off" },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: testFiles,
    plugins: { import: importPlugin, layers },
    settings: {
      "import/resolver": { typescript: { project: path.join(import.meta.dirname, "tsconfig.json") } },
      "import/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
    },
    rules: {
      "import/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones }],
      "layers/known-folder": "error",
    },
  },
);
