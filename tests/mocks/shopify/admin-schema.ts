/**
 * Shopify's published Admin GraphQL schema for the app's API version, and the access rules Shopify
 * publishes with it: `requiredAccess` on types and fields (the text Shopify's ACCESS_DENIED errors
 * quote) and `isProtected` / `protectedContent` on protected customer data fields.
 *
 * Source: the pinned dev dependency `@shopify/dev-mcp`, which ships the introspection result per
 * version as `dist/data/admin_<version>.json.gz`. Nothing is downloaded at install or run time.
 * To move to the next API version: change app/shopify/api-version.ts (and shopify.app.toml), then
 * `npm install -D -E @shopify/dev-mcp@<a version that ships it>`.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { API_VERSION } from "../../../app/shopify/api-version";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export function schemaFile(version: string = API_VERSION) {
  return path.join(root, "node_modules/@shopify/dev-mcp/dist/data", `admin_${version}.json.gz`);
}

/** Scopes that satisfy a requirement: any one alternative, each alternative needing all its scopes. */
export interface Requirement {
  /** Shopify's own wording, quoted in its errors. */
  text: string;
  query: string[][];
  mutation: string[][];
}

/** Level 2 protected customer data comes per kind of field; Shopify approves each separately. */
export type ProtectedContent = "name" | "email" | "phone" | "address";

export interface AccessRules {
  types: Map<string, Requirement>;
  fields: Map<string, Requirement>;
  /** `Type.field` → the protected content it carries. */
  protectedFields: Map<string, ProtectedContent>;
}

const scopeNames = (text: string) => [...text.matchAll(/`([a-z0-9_]+)`(?! (?:user )?permission)/g)].map((m) => m[1]!).filter((name) => /^(read|write|unauthenticated)_/.test(name));

/**
 * Reads Shopify's `requiredAccess` sentences. The forms that occur in the published schema:
 * "`a` access scope.", "`a` access scope, `b` access scope or `c` access scope.",
 * "`a` for queries and both `a` as well as `b` for mutations.",
 * "`a` access scope as well as any of `b`, `c` access scopes.", and an "Also: Requires `x` scope." or
 * "Also: Requires the `x` access scope or `y` access scope." tail. Conditions that are not scopes (staff permissions, plans) are not modelled and leave the
 * requirement to its scopes. Returns null when the text names no scope at all.
 */
export function parseRequiredAccess(text: string | null | undefined): Requirement | null {
  if (!text || !text.trim()) return null;
  const [main = "", ...rest] = text.split(/\bAlso:/);
  const also = rest.join(" ");
  // "Requires `x` scope.", "Requires the `x` access scope or `y` access scope.": each sentence one more condition, met by any scope it names.
  const extra = [...also.matchAll(/Requires (?:the )?((?:`[a-z0-9_]+`(?: access)? scope(?:s)?(?:,| or)? ?)+)/g)].map((m) => scopeNames(m[1]!.replace(/ access scope/g, " scope")));
  const withExtra = (alternatives: string[][]) => extra.reduce((all, anyOf) => all.flatMap((one) => anyOf.map((scope) => [...new Set([...one, scope])])), alternatives);
  let query: string[][];
  let mutation: string[][];
  const split = /^(.*?)\bfor queries and\b(.*)\bfor mutations\b/s.exec(main);
  if (split) {
    query = [scopeNames(split[1]!)];
    mutation = [scopeNames(split[2]!)];
  } else {
    const both = /^(.*?)\bas well as any of\b(.*)$/s.exec(main);
    if (both) {
      const required = scopeNames(both[1]!);
      query = scopeNames(both[2]!).map((one) => [...required, one]);
    } else {
      query = scopeNames(main).map((one) => [one]);
    }
    mutation = query;
  }
  query = withExtra(query.filter((all) => all.length));
  mutation = withExtra(mutation.filter((all) => all.length));
  if (!query.length && !mutation.length) return null;
  return { text: text.trim(), query, mutation };
}

/** Shopify: a write scope includes its read scope. */
export function scopeGranted(granted: ReadonlySet<string>, scope: string) {
  return granted.has(scope) || (scope.startsWith("read_") && granted.has(`write_${scope.slice(5)}`));
}

export function satisfies(requirement: Requirement, granted: ReadonlySet<string>, operation: "query" | "mutation") {
  return requirement[operation].some((all) => all.every((scope) => scopeGranted(granted, scope)));
}

interface RawField {
  name: string;
  requiredAccess?: string | null;
  isProtected?: boolean;
  protectedContent?: string | null;
}
interface RawType {
  name: string;
  requiredAccess?: string | null;
  fields?: RawField[] | null;
}

let cached: { version: string; schema: GraphQLSchema; rules: AccessRules } | undefined;

function load(version: string) {
  const file = schemaFile(version);
  if (!fs.existsSync(file)) {
    throw new Error(`Shopify's Admin schema for ${version} is not installed (${path.relative(root, file)}). Run npm install; for a new API version, install a @shopify/dev-mcp that ships it.`);
  }
  const json = JSON.parse(gunzipSync(fs.readFileSync(file)).toString("utf8")) as { data: IntrospectionQuery & { __schema: { types: RawType[] } } };
  const rules: AccessRules = { types: new Map(), fields: new Map(), protectedFields: new Map() };
  for (const type of json.data.__schema.types) {
    const own = parseRequiredAccess(type.requiredAccess);
    if (own) rules.types.set(type.name, own);
    for (const field of type.fields ?? []) {
      const key = `${type.name}.${field.name}`;
      const required = parseRequiredAccess(field.requiredAccess);
      if (required) rules.fields.set(key, required);
      if (field.isProtected && field.protectedContent) rules.protectedFields.set(key, field.protectedContent as ProtectedContent);
    }
  }
  return { version, schema: buildClientSchema(json.data), rules };
}

function loaded(version: string = API_VERSION) {
  if (cached?.version !== version) cached = load(version);
  return cached;
}

/** The executable schema (graphql-js) of Shopify's published introspection result. */
export function publishedAdminSchema(version?: string): GraphQLSchema {
  return loaded(version).schema;
}

export function publishedAccessRules(version?: string): AccessRules {
  return loaded(version).rules;
}

/**
 * Objects that are protected customer data as a whole (level 1), from Shopify's protected customer
 * data documentation: the published schema marks only the level 2 fields (names, emails, phones,
 * addresses), not these. A public app reads them only once approved for level 1.
 */
export const LEVEL_1_TYPES: ReadonlySet<string> = new Set(["Customer", "Order", "DraftOrder", "AbandonedCheckout"]);
