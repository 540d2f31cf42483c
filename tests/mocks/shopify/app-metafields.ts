/**
 * App-data metafields on the app installation: only the owner a theme app extension reads them from.
 * Shopify's rules that matter to a caller: at most 25 per call, atomic (one bad input and nothing is
 * written), a type needed to create one, a value checked against its type, and `$app` namespaces
 * stored as `app--<api client id>[--<suffix>]`.
 */
import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import { connection, type ConnectionArgs } from "./connections";
import { legacyId, numericId, type Ctx, type Obj } from "./resolver-context";
import type { AppMetafieldRecord } from "./shop-runtime";

/** The demo app's numeric API client id, as Shopify puts it in reserved namespaces. */
export const SIMULATED_API_CLIENT_ID = "987654321";
const METAFIELD_TYPES: Record<string, (value: string) => string | null> = {
  boolean: (value) => (value === "true" || value === "false" ? null : "Value must be true or false."),
  url: (value) => (/^(https?:\/\/[^\s]+|mailto:[^\s]+|sms:[^\s]+|tel:[^\s]+)$/i.test(value) ? null : "Value must be a valid URL with one of these schemes: http, https, mailto, sms, tel."),
  single_line_text_field: (value) => (/[\r\n]/.test(value) ? "Value must be a single line." : null),
};

type MetafieldsSetArgs = { ownerId: string; namespace?: string | null; key: string; type?: string | null; value: string; compareDigest?: string | null };

const appInstallationId = (ctx: Ctx) => `gid://shopify/AppInstallation/${legacyId(ctx.runtime.data.shop.id)}7`;

function resolveNamespace(namespace: string) {
  if (namespace === "$app") return `app--${SIMULATED_API_CLIENT_ID}`;
  if (namespace.startsWith("$app:")) return `app--${SIMULATED_API_CLIENT_ID}--${namespace.slice(5)}`;
  return namespace;
}

function requireAppInstallationOwner(ownerId: string, ctx: Ctx) {
  // The simulator keeps only the app installation's metafields; an app that writes elsewhere needs more here.
  if (ownerId !== appInstallationId(ctx)) throw new GraphQLError(`Simulated Shopify: metafields are kept for the current app installation only (got owner ${ownerId})`);
}

function metafieldView(record: AppMetafieldRecord, ctx: Ctx): Obj {
  return {
    __typename: "Metafield",
    ...record,
    ownerType: "API_PERMISSION",
    legacyResourceId: legacyId(record.id),
    compareDigest: createHash("sha256").update(record.value).digest("hex"),
    jsonValue: record.type === "boolean" ? record.value === "true" : record.value,
    sizeInBytes: Buffer.byteLength(record.value),
    description: null,
    definition: null,
    reference: null,
    owner: { __typename: "AppInstallation", id: appInstallationId(ctx) },
  };
}

let metafieldCounter = 0;

function metafieldsSet(inputs: MetafieldsSetArgs[], ctx: Ctx): Obj {
  if (inputs.length > 25)
    return { metafields: null, userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
  const userErrors: Obj[] = [];
  inputs.forEach((input, index) => {
    requireAppInstallationOwner(input.ownerId, ctx);
    const namespace = resolveNamespace(input.namespace ?? "$app");
    const existing = ctx.runtime.appMetafields.find((m) => m.namespace === namespace && m.key === input.key);
    const type = input.type ?? existing?.type;
    const error = (field: string, code: string, message: string) => userErrors.push({ field: ["metafields", String(index), field], message, code, elementIndex: index });
    if (!/^[a-zA-Z0-9_-]{2,64}$/.test(input.key)) error("key", "INVALID", "Key must be 2-64 characters: letters, numbers, underscores and hyphens.");
    if (namespace.length < 2 || namespace.length > 255) error("namespace", "INVALID", "Namespace must be 2-255 characters.");
    if (!type) return error("type", "BLANK", "Type can't be blank.");
    const check = METAFIELD_TYPES[type];
    if (!check) return error("type", "INCLUSION", `Type '${type}' is not supported by the simulated Shopify.`);
    if (existing && input.type && input.type !== existing.type) return error("type", "INVALID_TYPE", "Type must be the same as the existing metafield's type.");
    if (input.value === "") return error("value", "BLANK", "Value can't be blank.");
    const invalid = check(input.value);
    if (invalid) error("value", "INVALID_VALUE", invalid);
  });
  if (userErrors.length) return { metafields: null, userErrors };
  const now = new Date(ctx.nowMs).toISOString();
  const written = inputs.map((input) => {
    const namespace = resolveNamespace(input.namespace ?? "$app");
    let record = ctx.runtime.appMetafields.find((m) => m.namespace === namespace && m.key === input.key);
    if (record) Object.assign(record, { value: input.value, updatedAt: now });
    else {
      metafieldCounter += 1;
      record = { id: `gid://shopify/Metafield/${9_000_000 + metafieldCounter}`, namespace, key: input.key, type: input.type!, value: input.value, createdAt: now, updatedAt: now };
      ctx.runtime.appMetafields.push(record);
    }
    return metafieldView(record, ctx);
  });
  return { metafields: written, userErrors: [] };
}

/** The root fields for the current app installation and its metafields. */
export const appInstallationRootFields = {
  currentAppInstallation: (_: unknown, ctx: Ctx) => ({
    id: appInstallationId(ctx),
    metafield: (args: { namespace?: string | null; key: string }) => {
      const namespace = resolveNamespace(args.namespace ?? "$app");
      const record = ctx.runtime.appMetafields.find((m) => m.namespace === namespace && m.key === args.key);
      return record ? metafieldView(record, ctx) : null;
    },
    metafields: (args: ConnectionArgs & { namespace?: string | null; keys?: string[] | null }) => {
      const namespace = args.namespace == null ? null : resolveNamespace(args.namespace);
      const records = ctx.runtime.appMetafields.filter((m) => (namespace === null || m.namespace === namespace) && (!args.keys || args.keys.includes(`${m.namespace}.${m.key}`)));
      return connection(
        records,
        args,
        ctx,
        (m) => [numericId(m.id), numericId(m.id)],
        (m) => metafieldView(m, ctx),
      );
    },
    accessScopes: [...ctx.scopes].sort().map((handle) => ({ handle, description: handle.replace(/_/g, " ") })),
    launchUrl: `https://admin.shopify.com/store/${ctx.runtime.domain.replace(/\.myshopify\.com$/, "")}/apps/seko-returns`,
  }),
  metafieldsSet: (args: { metafields: MetafieldsSetArgs[] }, ctx: Ctx) => metafieldsSet(args.metafields, ctx),
  metafieldsDelete: (args: { metafields: { ownerId: string; namespace: string; key: string }[] }, ctx: Ctx) => {
    const deletedMetafields = args.metafields.map((identifier) => {
      requireAppInstallationOwner(identifier.ownerId, ctx);
      const namespace = resolveNamespace(identifier.namespace);
      const index = ctx.runtime.appMetafields.findIndex((m) => m.namespace === namespace && m.key === identifier.key);
      if (index < 0) return null;
      ctx.runtime.appMetafields.splice(index, 1);
      return { ownerId: identifier.ownerId, namespace, key: identifier.key };
    });
    return { deletedMetafields, userErrors: [] };
  },
};
