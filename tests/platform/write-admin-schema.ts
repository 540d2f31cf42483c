/**
 * Writes Shopify's published Admin schema for the app's API version where the codegen preset looks
 * for it (app/types/admin-<version>.schema.json), so `npm run graphql-codegen` types the app's
 * operations from the pinned package instead of downloading the schema.
 */
import fs from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { API_VERSION } from "../../app/shopify/api-version";
import { schemaFile } from "../mocks/shopify/admin-schema";

const target = path.resolve(import.meta.dirname, `../../app/types/admin-${API_VERSION}.schema.json`);
const { data } = JSON.parse(gunzipSync(fs.readFileSync(schemaFile())).toString("utf8")) as { data: unknown };
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, JSON.stringify(data));
console.log(`Admin schema ${API_VERSION} written to ${path.relative(process.cwd(), target)}`);
